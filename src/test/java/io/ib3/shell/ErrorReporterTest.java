package io.ib3.shell;

import io.ib3.error.CommandResultException;
import io.ib3.error.ExitCode;
import io.ib3.error.Ib3Exception;
import org.junit.jupiter.api.Test;
import org.springframework.shell.core.command.CommandExecutionException;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ErrorReporterTest {

    private static String[] report(ErrorReporter reporter, Throwable t, int[] code) {
        StringWriter err = new StringWriter();
        code[0] = reporter.report(t, new PrintWriter(err), "");
        return err.toString().split("\n");
    }

    @Test
    void unwrapsSpringShellAndReflectionAndPrintsMessageAndHints() {
        Ib3Exception cause = Ib3Exception.refused("target src:/x is not empty", "use --force");
        Throwable wrapped = new CommandExecutionException("Unable to execute command restore", new InvocationTargetException(cause));
        int[] code = new int[1];
        String[] lines = report(new ErrorReporter(false), wrapped, code);
        assertEquals(4, code[0]);
        assertEquals("error: target src:/x is not empty", lines[0]);
        assertEquals("hint: use --force", lines[1]);
        assertEquals(2, lines.length);
    }

    @Test
    void commandResultPrintsNothing() {
        int[] code = new int[1];
        StringWriter err = new StringWriter();
        code[0] = new ErrorReporter(false).report(new CommandResultException(ExitCode.VERIFY_FAILED, "2 problems"), new PrintWriter(err), "");
        assertEquals(3, code[0]);
        assertEquals("", err.toString());
    }

    @Test
    void unexpectedExceptionIsOneLineWithoutDebugAndATraceWithIt() {
        int[] code = new int[1];
        String[] plain = report(new ErrorReporter(false), new IllegalStateException("boom\nsecond line"), code);
        assertEquals(1, code[0]);
        assertEquals("error: IllegalStateException: boom", plain[0]);
        assertFalse(String.join("\n", plain).contains("\tat "));
        String[] debug = report(new ErrorReporter(true), new IllegalStateException("boom"), code);
        assertTrue(String.join("\n", debug).contains("\tat "));
    }

    @Test
    void wherePrefixNamesTheScriptLine() {
        StringWriter err = new StringWriter();
        int code = new ErrorReporter(false).report(Ib3Exception.usage("no mount named 'q'"), new PrintWriter(err), "script a.ib3:3 failed: ");
        assertEquals(2, code);
        assertEquals("error: script a.ib3:3 failed: no mount named 'q'", err.toString().strip());
    }
}
