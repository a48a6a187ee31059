package io.ib3.exec;

/** Asks a running operation to stop; checked between objects and inside every read. */
public final class CancelToken {

    private volatile boolean cancelled;

    public void cancel() {
        cancelled = true;
    }

    public boolean isCancelled() {
        return cancelled;
    }
}
