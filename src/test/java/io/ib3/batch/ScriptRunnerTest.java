package io.ib3.batch;

import io.ib3.error.ExitCode;
import io.ib3.error.Ib3Exception;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScriptRunnerTest {

    @TempDir
    Path dir;

    /** Runs lines by their first word: "ok" succeeds, "fail N" exits with N. */
    private final class Recorder implements LineExecutor {
        final List<String> ran = new ArrayList<>();
        final List<String> reported = new ArrayList<>();

        @Override
        public int execute(String line, String where, java.util.function.UnaryOperator<String> redact) {
            ran.add(line);
            if (line.startsWith("fail")) {
                reported.add(redact.apply(where + line));
                return Integer.parseInt(line.split(" ")[1]);
            }
            return 0;
        }

        @Override
        public int report(Ib3Exception failure, String where) {
            reported.add(where + failure.getMessage());
            return failure.exitCode().code();
        }
    }

    private Path script(String text) throws IOException {
        return Files.writeString(dir.resolve("run.ib3"), text);
    }

    @Test
    void skipsCommentsAndBlankLinesAndExpandsVariables() throws IOException {
        Path file = script("# backup nightly\n\n   \nok ${ROOT}/a\n  # indented comment\nok \\${NOT}\n");
        Recorder r = new Recorder();
        int code = new ScriptRunner(Map.of("ROOT", "file:///data"), new PrintWriter(new StringWriter())).run(file, false, r);
        assertEquals(0, code);
        assertEquals(List.of("ok file:///data/a", "ok \\${NOT}"), r.ran);
    }

    @Test
    void stopsAtTheFirstFailureWithItsCodeAndLine() throws IOException {
        Path file = script("ok\nfail 4\nok\n");
        Recorder r = new Recorder();
        assertEquals(4, new ScriptRunner(Map.of(), new PrintWriter(new StringWriter())).run(file, false, r));
        assertEquals(List.of("ok", "fail 4"), r.ran);
        assertEquals(List.of("script " + file + ":2 failed: fail 4"), r.reported);
    }

    @Test
    void continueOnErrorRunsEverythingAndReturnsTheFirstFailingCode() throws IOException {
        Path file = script("fail 3\nok\nfail 1\nok\n");
        Recorder r = new Recorder();
        StringWriter err = new StringWriter();
        assertEquals(3, new ScriptRunner(Map.of(), new PrintWriter(err)).run(file, true, r));
        assertEquals(4, r.ran.size());
        assertEquals("script " + file + ": 2 of 4 commands failed, first at line 1 (exit code 3)", err.toString().strip());
    }

    @Test
    void unsetVariableIsAUsageErrorNamingTheLine() throws IOException {
        Path file = script("ok\nok ${MISSING_VAR}\nok\n");
        Recorder r = new Recorder();
        assertEquals(ExitCode.USAGE.code(), new ScriptRunner(Map.of(), new PrintWriter(new StringWriter())).run(file, false, r));
        assertEquals(List.of("ok"), r.ran);
        assertEquals("script " + file + ":2 failed: environment variable MISSING_VAR is not set", r.reported.get(0));
    }

    @Test
    void failuresShowVariableNamesInsteadOfTheirValues() throws IOException {
        Path file = script("fail 1 ${TOKEN}\n");
        Recorder r = new Recorder();
        new ScriptRunner(Map.of("TOKEN", "abc-secret-123"), new PrintWriter(new StringWriter())).run(file, false, r);
        assertEquals(List.of("fail 1 abc-secret-123"), r.ran);
        assertEquals(List.of("script " + file + ":1 failed: fail 1 ${TOKEN}"), r.reported);
    }

    @Test
    void missingFileIsAUsageError() {
        Recorder r = new Recorder();
        assertEquals(2, new ScriptRunner(Map.of(), new PrintWriter(new StringWriter())).run(dir.resolve("nope.ib3"), false, r));
        assertTrue(r.reported.get(0).contains("no such script file"));
    }
}
