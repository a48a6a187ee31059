package io.ib3.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Counts the reliability tests report (runs, faults, retries …), kept in target/reliability-report.txt. */
final class Report {

    private Report() {
    }

    static synchronized void line(String test, String text) {
        String line = test + ": " + text;
        System.out.println(line);
        Path file = Path.of(System.getProperty("basedir", "."), "target", "reliability-report.txt");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, line + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException ignored) {
            // the report is for people; the assertions are the verdict
        }
    }
}
