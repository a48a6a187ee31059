package io.ib3.error;

/**
 * Process exit codes of every ib3 command (design.md "Command contract"). Scripts rely on these
 * numbers; never renumber them.
 */
public enum ExitCode {
    /** The command did what was asked. */
    OK(0),
    /** The operation failed (I/O error, store error, interrupted copy). */
    FAILED(1),
    /** Bad option, unknown command, unknown location or profile. */
    USAGE(2),
    /** Verification found problems. */
    VERIFY_FAILED(3),
    /** Refused by a safety rule: non-empty or live target, unverified backup, unsupported engine. */
    REFUSED(4),
    /**
     * The backup is a faithful, verified copy, but its source already lacked data its own snapshots
     * reference (Parquet files removed by retention or a hard delete before a snapshot recorded it,
     * or lost). Accept it with {@code --accept-missing}.
     */
    SOURCE_INCOMPLETE(5);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
