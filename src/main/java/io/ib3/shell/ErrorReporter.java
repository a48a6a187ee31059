package io.ib3.shell;

import io.ib3.error.CommandResultException;
import io.ib3.error.ExitCode;
import io.ib3.error.Ib3Exception;
import org.springframework.core.convert.ConversionException;
import org.springframework.core.convert.ConversionFailedException;
import org.springframework.shell.core.command.CommandExecutionException;
import org.springframework.shell.core.command.CommandNotFoundException;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.function.UnaryOperator;

/**
 * The one place that turns a failure into what the user sees and the exit code: {@code error:}
 * line naming the thing at fault, {@code hint:} lines, and a stack trace only in debug mode.
 */
public final class ErrorReporter {

    private volatile boolean debug;

    public ErrorReporter(boolean debug) {
        this.debug = debug;
    }

    public boolean debug() {
        return debug;
    }

    public void setDebug(boolean debug) {
        this.debug = debug;
    }

    /**
     * Prints a failure and returns its exit code.
     *
     * @param where prefix naming where the command came from ({@code script run.ib3:3 failed: }),
     *              or "" for a command typed or given as arguments
     */
    public int report(Throwable failure, PrintWriter err, String where) {
        return report(failure, err, where, UnaryOperator.identity());
    }

    /**
     * Prints a failure through a filter ({@code redact}) that every printed line passes, stack
     * trace included: a command file shows {@code ${NAME}} where a variable's value was used.
     */
    public int report(Throwable failure, PrintWriter realErr, String where, UnaryOperator<String> redact) {
        StringWriter buffer = new StringWriter();
        PrintWriter err = new PrintWriter(buffer);
        Throwable t = unwrap(failure);
        int code = exitCode(t);
        if (t instanceof CommandResultException) {
            if (!where.isEmpty()) {
                err.println(where + "exit code " + code);
            }
        } else if (t instanceof Ib3Exception e) {
            err.println("error: " + where + e.getMessage());
            e.hints().forEach(h -> err.println("hint: " + h));
        } else if (t instanceof CommandNotFoundException nf) {
            err.println("error: " + where + "unknown command '" + nf.getCommandName() + "'");
            err.println("hint: type help for the list of commands");
        } else if (t instanceof ConversionFailedException cf) {
            err.println("error: " + where + "invalid value '" + cf.getValue() + "': expected " + describe(cf.getTargetType().getType()));
        } else {
            err.println("error: " + where + t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + firstLine(t.getMessage())));
            if (!debug) {
                err.println("hint: run with --debug for the stack trace");
            }
        }
        if (debug && !(t instanceof CommandResultException)) {
            failure.printStackTrace(err);
        }
        err.flush();
        realErr.print(redact.apply(buffer.toString()));
        realErr.flush();
        return code;
    }

    /** The exit code of a failure, as {@link io.ib3.error.ExitCode} numbers it. */
    public static int exitCode(Throwable failure) {
        Throwable t = unwrap(failure);
        if (t instanceof Ib3Exception e) {
            return e.exitCode().code();
        }
        if (t instanceof CommandNotFoundException || t instanceof ConversionException) {
            return ExitCode.USAGE.code();
        }
        return ExitCode.FAILED.code();
    }

    /** Strips the wrappers Spring Shell and reflection put around a command's own exception. */
    public static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while (t.getCause() != null && t.getCause() != t
                && (t instanceof CommandExecutionException || t instanceof InvocationTargetException
                || t instanceof UndeclaredThrowableException)) {
            t = t.getCause();
        }
        if (t instanceof InvocationTargetException ite && ite.getTargetException() != null) {
            t = ite.getTargetException();
        }
        return t;
    }

    private static String describe(Class<?> type) {
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "a whole number";
        }
        return type.getSimpleName();
    }

    private static String firstLine(String message) {
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
