package io.ib3.report;

/**
 * Progress of a long operation (copy, deep verify), reported from worker threads. Implementations
 * must be thread-safe and cheap: {@link #bytes} is called for every buffer that moves.
 *
 * <p>Lives beside {@link Table} rather than in {@code exec} because both the executor and the
 * manifest verifier (a lower layer) report through it.
 */
public interface ProgressListener {

    /** Reports nothing. */
    ProgressListener NONE = new ProgressListener() {
    };

    /** The whole operation begins: how much work there is in total. */
    default void started(String operation, long files, long bytes) {
    }

    /** A phase begins; phases never overlap. */
    default void phaseStarted(String phase, long files, long bytes) {
    }

    /** {@code delta} bytes were moved or checked; negative when a failed attempt is retried. */
    default void bytes(long delta) {
    }

    /** One object is finished (copied, skipped as already present, or checked). */
    default void itemDone(String key, long size) {
    }

    /** One object failed; the message names it. */
    default void itemFailed(String key, String problem) {
    }

    /** The current phase ended (all its items are done or the phase was stopped). */
    default void phaseFinished(String phase) {
    }

    /** The operation ended. */
    default void finished(boolean ok) {
    }

    /**
     * {@code listener} with {@code prefix} in front of every phase name: a backup's later rounds
     * say which round their counts belong to.
     */
    static ProgressListener prefixed(ProgressListener listener, String prefix) {
        return new ProgressListener() {
            @Override
            public void started(String operation, long files, long bytes) {
                listener.started(operation, files, bytes);
            }

            @Override
            public void phaseStarted(String phase, long files, long bytes) {
                listener.phaseStarted(prefix + phase, files, bytes);
            }

            @Override
            public void bytes(long delta) {
                listener.bytes(delta);
            }

            @Override
            public void itemDone(String key, long size) {
                listener.itemDone(key, size);
            }

            @Override
            public void itemFailed(String key, String problem) {
                listener.itemFailed(key, problem);
            }

            @Override
            public void phaseFinished(String phase) {
                listener.phaseFinished(prefix + phase);
            }

            @Override
            public void finished(boolean ok) {
                listener.finished(ok);
            }
        };
    }
}
