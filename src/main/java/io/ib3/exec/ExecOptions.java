package io.ib3.exec;

import io.ib3.manifest.Journal;

import java.time.Duration;
import java.util.Objects;

/**
 * How the executor runs. Immutable; change with the {@code with…} methods.
 *
 * @param parallel             objects copied at the same time inside a phase (at least 1)
 * @param attempts             tries per object for transient store errors (at least 1)
 * @param retryDelay           delay before the second try; doubles each try, with jitter
 * @param journalPrefix        folder in the target where the resume journal is kept, or
 *                             {@code null} for no journal (no resume)
 * @param journalFlushEvery    completed objects per journal segment
 * @param journalFlushInterval longest time a completed object waits before it is journaled
 * @param cancel               stops the run when cancelled
 * @param listServerSideCopies check the sizes of each phase's server-side copies from a listing
 *                             before the next phase starts; off only for a caller that lists the
 *                             whole target itself before trusting it (a backup's consistency scan)
 */
public record ExecOptions(int parallel, int attempts, Duration retryDelay, String journalPrefix,
                          int journalFlushEvery, Duration journalFlushInterval, CancelToken cancel,
                          boolean listServerSideCopies) {

    public ExecOptions(int parallel, int attempts, Duration retryDelay, String journalPrefix,
                       int journalFlushEvery, Duration journalFlushInterval, CancelToken cancel) {
        this(parallel, attempts, retryDelay, journalPrefix, journalFlushEvery, journalFlushInterval, cancel, true);
    }

    public ExecOptions {
        if (parallel < 1) {
            throw new IllegalArgumentException("parallel must be at least 1, got " + parallel);
        }
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, got " + attempts);
        }
        if (journalFlushEvery < 1) {
            throw new IllegalArgumentException("journalFlushEvery must be at least 1");
        }
        Objects.requireNonNull(retryDelay, "retryDelay");
        Objects.requireNonNull(journalFlushInterval, "journalFlushInterval");
        Objects.requireNonNull(cancel, "cancel");
    }

    /** Journal in {@link Journal#DEFAULT_PREFIX}, 3 attempts from 200 ms, segments of 1000 objects or 2 s. */
    public static ExecOptions defaults(int parallel) {
        return new ExecOptions(parallel, 3, Duration.ofMillis(200), Journal.DEFAULT_PREFIX, 1000,
                Duration.ofSeconds(2), new CancelToken());
    }

    public ExecOptions withParallel(int n) {
        return new ExecOptions(n, attempts, retryDelay, journalPrefix, journalFlushEvery, journalFlushInterval, cancel, listServerSideCopies);
    }

    public ExecOptions withRetries(int attempts, Duration firstDelay) {
        return new ExecOptions(parallel, attempts, firstDelay, journalPrefix, journalFlushEvery, journalFlushInterval, cancel, listServerSideCopies);
    }

    public ExecOptions withJournal(String prefix, int flushEvery, Duration flushInterval) {
        return new ExecOptions(parallel, attempts, retryDelay, prefix, flushEvery, flushInterval, cancel, listServerSideCopies);
    }

    public ExecOptions withoutJournal() {
        return withJournal(null, journalFlushEvery, journalFlushInterval);
    }

    public ExecOptions withCancel(CancelToken token) {
        return new ExecOptions(parallel, attempts, retryDelay, journalPrefix, journalFlushEvery, journalFlushInterval, token, listServerSideCopies);
    }

    public ExecOptions withoutServerSideCopyListing() {
        return new ExecOptions(parallel, attempts, retryDelay, journalPrefix, journalFlushEvery, journalFlushInterval, cancel, false);
    }
}
