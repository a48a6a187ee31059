package io.ib3.batch;

import io.ib3.error.ExitCode;
import io.ib3.error.Ib3Exception;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a command file: one command a line, blank lines and {@code #} comments skipped,
 * {@code ${NAME}} replaced by the environment variable (an unset one is a usage error naming the
 * line; {@code \$} keeps a dollar sign). Stops at the first failing line and returns its exit
 * code, or with continue-on-error runs every line and returns the first failing code.
 */
public final class ScriptRunner {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private final Map<String, String> env;
    private final PrintWriter err;

    /**
     * @param env the variables {@code ${NAME}} reads
     * @param err where the end-of-script summary goes
     */
    public ScriptRunner(Map<String, String> env, PrintWriter err) {
        this.env = env;
        this.err = err;
    }

    /** Runs a file through an executor; returns the exit code of the script. */
    public int run(Path file, boolean continueOnError, LineExecutor executor) {
        int firstFailure = 0;
        int firstFailureLine = 0;
        int failures = 0;
        int commands = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String raw;
            int lineNo = 0;
            while ((raw = in.readLine()) != null) {
                lineNo++;
                String line = raw.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                commands++;
                String where = "script " + file + ":" + lineNo + " failed: ";
                int code;
                try {
                    Map<String, String> used = new java.util.LinkedHashMap<>();
                    String expanded = expand(line, used);
                    code = executor.execute(expanded, where, text -> redact(text, used));
                } catch (Ib3Exception e) {
                    code = executor.report(e, where);
                }
                if (code != 0) {
                    failures++;
                    if (firstFailure == 0) {
                        firstFailure = code;
                        firstFailureLine = lineNo;
                    }
                    if (!continueOnError) {
                        return code;
                    }
                }
            }
        } catch (NoSuchFileException e) {
            return executor.report(Ib3Exception.usage("no such script file: " + file), "");
        } catch (IOException e) {
            return executor.report(Ib3Exception.failed("cannot read script " + file + ": " + e.getMessage()), "");
        }
        if (failures > 0) {
            err.println("script " + file + ": " + failures + " of " + commands + " commands failed, first at line "
                    + firstFailureLine + " (exit code " + firstFailure + ")");
            err.flush();
        }
        return firstFailure;
    }

    /** Replaces {@code ${NAME}}; {@code \$} stays for the line splitter, which makes it a dollar sign. */
    String expand(String line) {
        return expand(line, new java.util.HashMap<>());
    }

    /** Replaces each used value in {@code text} by {@code ${NAME}}, longest values first. */
    static String redact(String text, Map<String, String> used) {
        String out = text;
        List<Map.Entry<String, String>> byLength = new ArrayList<>(used.entrySet());
        byLength.sort((a, b) -> b.getValue().length() - a.getValue().length());
        for (Map.Entry<String, String> e : byLength) {
            if (!e.getValue().isEmpty()) {
                out = out.replace(e.getValue(), "${" + e.getKey() + "}");
            }
        }
        return out;
    }

    private String expand(String line, Map<String, String> used) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                out.append(c).append(line.charAt(i + 1));
                i += 2;
                continue;
            }
            if (c == '$' && line.startsWith("${", i)) {
                Matcher m = VARIABLE.matcher(line).region(i, line.length());
                if (!m.lookingAt()) {
                    throw Ib3Exception.usage("malformed variable reference at column " + (i + 1),
                            "write ${NAME} with a letter or '_' first, or \\$ for a dollar sign");
                }
                String value = env.get(m.group(1));
                if (value == null) {
                    throw new Ib3Exception(ExitCode.USAGE, "environment variable " + m.group(1) + " is not set",
                            java.util.List.of("set it before running the script: export " + m.group(1) + "=..."), null);
                }
                used.put(m.group(1), value);
                out.append(value);
                i = m.end();
                continue;
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }
}
