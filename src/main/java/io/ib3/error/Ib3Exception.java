package io.ib3.error;

import java.util.List;

/**
 * An error meant for the user: a one-line message that names the thing at fault, optional
 * {@code hint:} lines, and the exit code the process ends with. The error reporter prints the
 * message and hints; a stack trace only with {@code --debug}.
 */
public class Ib3Exception extends RuntimeException {

    private final ExitCode exitCode;
    private final List<String> hints;

    public Ib3Exception(ExitCode exitCode, String message, List<String> hints, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
        this.hints = List.copyOf(hints);
    }

    public Ib3Exception(ExitCode exitCode, String message, String... hints) {
        this(exitCode, message, List.of(hints), null);
    }

    public ExitCode exitCode() {
        return exitCode;
    }

    public List<String> hints() {
        return hints;
    }

    /** A usage error (exit 2): bad option value, unknown location or profile. */
    public static Ib3Exception usage(String message, String... hints) {
        return new Ib3Exception(ExitCode.USAGE, message, hints);
    }

    /** A refusal by a safety rule (exit 4). */
    public static Ib3Exception refused(String message, String... hints) {
        return new Ib3Exception(ExitCode.REFUSED, message, hints);
    }

    /** An operation failure (exit 1). */
    public static Ib3Exception failed(String message, String... hints) {
        return new Ib3Exception(ExitCode.FAILED, message, hints);
    }
}
