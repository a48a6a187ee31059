package io.ib3.error;

/**
 * Ends a command with a non-zero exit code after it has already printed its own report (for
 * example {@code verify} that found problems). The error reporter prints nothing more for it.
 */
public final class CommandResultException extends Ib3Exception {

    public CommandResultException(ExitCode exitCode, String summary) {
        super(exitCode, summary);
    }
}
