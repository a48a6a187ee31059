package io.ib3.exec;

import io.ib3.error.Ib3Exception;
import io.ib3.manifest.Journal;
import io.ib3.manifest.ManifestCodec;
import io.ib3.report.ProgressListener;
import io.ib3.store.Entry;
import io.ib3.store.Keys;
import io.ib3.store.ObjectNotFoundException;
import io.ib3.store.Store;
import io.ib3.store.StoreException;
import io.ib3.work.RetryPolicy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Runs phases of copy items from one store into another.
 *
 * <ul>
 *   <li>Phases run strictly one after the other; the items of a phase run in parallel.</li>
 *   <li>Each object is streamed ({@code source.open} → CRC32C → {@code target.write}) with constant
 *       memory, or copied by the store itself when the target can copy from the source server-side.</li>
 *   <li>The first failure stops the run: objects already in flight finish, no other object starts,
 *       no later phase starts.</li>
 *   <li>A journal in the target lets a re-run skip what an interrupted run already copied.</li>
 * </ul>
 * The executor never writes a manifest: the caller does, and only when {@link ExecResult#ok()}.
 */
public final class Executor {

    /** Copies the phases from {@code source} to {@code target}. Never throws for a failed object: see the result. */
    public ExecResult run(Store source, Store target, List<CopyPhase> phases, ExecOptions opts, ProgressListener listener) {
        validate(phases, opts);
        Journal journal = null;
        Map<String, Journal.Record> journaled = Map.of();
        Map<String, Long> present = Map.of();
        if (opts.journalPrefix() != null) {
            journaled = Journal.read(target, opts.journalPrefix());
            if (!journaled.isEmpty()) {
                present = presentSizes(target, journaled.keySet());
            }
            journal = new Journal(target, opts.journalPrefix(), opts.journalFlushEvery(), opts.journalFlushInterval());
            journal.start();
        }
        return new Run(source, target, opts, listener == null ? ProgressListener.NONE : listener, journal, journaled, present)
                .execute(phases);
    }

    /** One listing of the target (never a request per object) for the sizes of journaled keys. */
    private static Map<String, Long> presentSizes(Store target, Set<String> keys) {
        Map<String, Long> sizes = new HashMap<>();
        try (Stream<Entry> s = target.list("")) {
            s.filter(e -> keys.contains(e.key())).forEach(e -> sizes.put(e.key(), e.size()));
        }
        return sizes;
    }

    private static void validate(List<CopyPhase> phases, ExecOptions opts) {
        Map<String, String> phaseOfTarget = new HashMap<>();
        for (CopyPhase phase : phases) {
            if (phase.name().isBlank()) {
                throw Ib3Exception.failed("plan has a phase without a name");
            }
            for (CopyItem item : phase.items()) {
                try {
                    Keys.requireSafe(item.sourceKey());
                    Keys.requireSafe(item.targetKey());
                } catch (IllegalArgumentException e) {
                    throw Ib3Exception.failed("plan phase " + phase.name() + ": " + e.getMessage());
                }
                if (item.targetKey().equals(ManifestCodec.FILE)
                        || (opts.journalPrefix() != null && Keys.isUnder(item.targetKey(), opts.journalPrefix()))) {
                    throw Ib3Exception.failed("plan phase " + phase.name() + " writes " + Keys.printable(item.targetKey())
                            + ", a name ib3 keeps for itself");
                }
                String earlier = phaseOfTarget.putIfAbsent(item.targetKey(), phase.name());
                if (earlier != null) {
                    throw Ib3Exception.failed("plan writes " + Keys.printable(item.targetKey()) + " twice (phases "
                            + earlier + " and " + phase.name() + ")");
                }
            }
        }
    }

    /** How many source HEADs without a CRC32C make a run stop asking the source for one. */
    static final int SOURCE_CRC_PROBES = 16;

    /** The state of one run. */
    private static final class Run {
        private final Store source;
        private final Store target;
        private final ExecOptions opts;
        private final ProgressListener listener;
        private final Journal journal;
        private final Map<String, Journal.Record> journaled;
        private final Map<String, Long> present;
        private final boolean serverSide;
        private final RetryPolicy retry;
        private final AtomicBoolean stop = new AtomicBoolean();
        private final AtomicInteger sourceCrcHits = new AtomicInteger();
        private final AtomicInteger sourceCrcMisses = new AtomicInteger();
        private final AtomicBoolean interrupted = new AtomicBoolean();
        private final List<ItemFailure> failures = Collections.synchronizedList(new ArrayList<>());
        private final List<ItemFailure> missing = Collections.synchronizedList(new ArrayList<>());
        private final List<ItemResult[]> results = new ArrayList<>();
        private final List<String> completed = new ArrayList<>();

        Run(Store source, Store target, ExecOptions opts, ProgressListener listener, Journal journal,
            Map<String, Journal.Record> journaled, Map<String, Long> present) {
            this.source = source;
            this.target = target;
            this.opts = opts;
            this.listener = listener;
            this.journal = journal;
            this.journaled = journaled;
            this.present = present;
            this.serverSide = target.canCopyServerSide(source);
            this.retry = new RetryPolicy(opts.attempts(), opts.retryDelay(), opts.retryDelay().multipliedBy(1 << 10), opts.retryDelay());
        }

        ExecResult execute(List<CopyPhase> phases) {
            long files = phases.stream().mapToLong(p -> p.items().size()).sum();
            long bytes = phases.stream().mapToLong(CopyPhase::bytes).sum();
            listener.started("copy", files, bytes);
            ExecutorService pool = Executors.newFixedThreadPool(opts.parallel(), daemonThreads("ib3-copy-"));
            ScheduledExecutorService ticker = null;
            if (journal != null) {
                ticker = Executors.newSingleThreadScheduledExecutor(daemonThreads("ib3-journal-"));
                long every = Math.max(1, opts.journalFlushInterval().toMillis());
                ticker.scheduleWithFixedDelay(this::flushJournalIfDue, every, every, TimeUnit.MILLISECONDS);
            }
            try {
                for (CopyPhase phase : phases) {
                    if (shouldStop()) {
                        break;
                    }
                    listener.phaseStarted(phase.name(), phase.items().size(), phase.bytes());
                    runPhase(pool, phase);
                    flushJournal();
                    listener.phaseFinished(phase.name());
                    if (shouldStop()) {
                        break;
                    }
                    completed.add(phase.name());
                }
            } finally {
                if (ticker != null) {
                    ticker.shutdownNow();
                }
                pool.shutdownNow();
            }
            flushJournal();
            List<ItemResult> items = new ArrayList<>();
            for (ItemResult[] r : results) {
                for (ItemResult i : r) {
                    if (i != null) {
                        items.add(i);
                    }
                }
            }
            boolean cancelled = interrupted.get() || opts.cancel().isCancelled();
            ExecResult result = new ExecResult(items, failures, missing, completed, phases.size(), cancelled);
            listener.finished(result.ok());
            if (interrupted.get()) {
                Thread.currentThread().interrupt();
            }
            return result;
        }

        private boolean shouldStop() {
            return stop.get() || interrupted.get() || opts.cancel().isCancelled();
        }

        private void runPhase(ExecutorService pool, CopyPhase phase) {
            List<CopyItem> items = phase.items();
            ItemResult[] out = new ItemResult[items.size()];
            results.add(out);
            AtomicInteger next = new AtomicInteger();
            int workers = Math.min(opts.parallel(), items.size());
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                futures.add(pool.submit(() -> {
                    while (!shouldStop() && !Thread.currentThread().isInterrupted()) {
                        int i = next.getAndIncrement();
                        if (i >= items.size()) {
                            return;
                        }
                        out[i] = copy(phase, items.get(i));
                    }
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (InterruptedException e) {
                    interrupted.set(true);
                    futures.forEach(x -> x.cancel(true));
                    awaitWorkers(pool);
                    return;
                } catch (ExecutionException e) {
                    stop.set(true);
                    failures.add(new ItemFailure("", "", phase.name(), ItemFailure.Kind.STORE_ERROR,
                            "copy worker failed: " + e.getCause()));
                }
            }
            if (serverSide && opts.listServerSideCopies()) {
                checkServerSideSizes(phase, out);
            }
        }

        /** After an interrupt: let the workers see it and stop, so no write outlives the run. */
        private void awaitWorkers(ExecutorService pool) {
            pool.shutdownNow();
            try {
                pool.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException again) {
                // asked twice: return at once
            }
        }

        private ItemResult copy(CopyPhase phase, CopyItem planned) {
            ItemResult skipped = skipIfJournaled(phase, planned);
            if (skipped != null) {
                listener.bytes(planned.size());
                listener.itemDone(planned.targetKey(), planned.size());
                return skipped;
            }
            CopyItem item = planned;
            for (int attempt = 1; ; attempt++) {
                ItemResult done;
                try {
                    done = serverSide ? copyServerSide(phase, item) : stream(phase, item);
                } catch (Mismatch m) {
                    CopyItem now = m.kind == ItemFailure.Kind.SIZE_MISMATCH && attempt < opts.attempts() ? rewritten(phase, item) : null;
                    if (now != null) {
                        item = now;
                        continue;
                    }
                    return fail(phase, item, m.kind, m.getMessage());
                } catch (ObjectNotFoundException e) {
                    if (phase.tolerateMissing()) {
                        missing.add(new ItemFailure(item.sourceKey(), item.targetKey(), phase.name(),
                                ItemFailure.Kind.NOT_FOUND, e.getMessage()));
                        listener.itemDone(item.targetKey(), 0);
                        return null;
                    }
                    return fail(phase, item, ItemFailure.Kind.NOT_FOUND, e.getMessage());
                } catch (RuntimeException e) {
                    if (interrupted.get() || opts.cancel().isCancelled() || Thread.currentThread().isInterrupted()) {
                        return fail(phase, item, ItemFailure.Kind.CANCELLED, "cancelled while copying " + Keys.printable(item.sourceKey()));
                    }
                    boolean transientError = e instanceof StoreException || e instanceof UncheckedIOException;
                    if (!transientError || attempt >= opts.attempts() || stop.get()) {
                        return fail(phase, item, ItemFailure.Kind.STORE_ERROR, messageOf(e));
                    }
                    if (!backoff(attempt)) {
                        return fail(phase, item, ItemFailure.Kind.CANCELLED, "cancelled while copying " + Keys.printable(item.sourceKey()));
                    }
                    continue;
                }
                if (journal != null) {
                    try {
                        journal.add(new Journal.Record(done.key(), done.size(), done.crc32c()));
                    } catch (RuntimeException e) {
                        fail(phase, item, ItemFailure.Kind.STORE_ERROR, "cannot write the journal: " + messageOf(e));
                        return done;
                    }
                }
                listener.itemDone(item.targetKey(), item.size());
                return done;
            }
        }

        /**
         * An object the server overwrites in place (the catalog checkpoint) may have another size by
         * the time it is copied: a backup takes it as it is now. Only without an expected checksum
         * (a restore copies exactly what its manifest records).
         */
        private CopyItem rewritten(CopyPhase phase, CopyItem item) {
            if (!phase.alwaysCopy() || item.expectedCrc32c() != null) {
                return null;
            }
            return source.stat(item.sourceKey())
                    .filter(e -> !e.folder() && e.size() != item.size())
                    .map(e -> new CopyItem(item.sourceKey(), item.targetKey(), e.size(), null))
                    .orElse(null);
        }

        private ItemResult skipIfJournaled(CopyPhase phase, CopyItem item) {
            Journal.Record j = phase.alwaysCopy() ? null : journaled.get(item.targetKey());
            if (j == null || j.size() != item.size()) {
                return null;
            }
            Long size = present.get(item.targetKey());
            if (size == null || size != item.size()) {
                return null;
            }
            if (item.expectedCrc32c() != null && !item.expectedCrc32c().equals(j.crc32c())) {
                return null;
            }
            return new ItemResult(item.targetKey(), item.sourceKey(), phase.name(), item.size(), j.crc32c(),
                    CopyMethod.SKIPPED_PRESENT, 0);
        }

        private ItemResult stream(CopyPhase phase, CopyItem item) {
            ChecksumStream in = null;
            boolean ok = false;
            try (InputStream raw = source.open(item.sourceKey())) {
                in = new ChecksumStream(raw, opts.cancel(), listener, item.size());
                try {
                    target.write(item.targetKey(), in, item.size());
                } catch (StoreException e) {
                    if (in.count() > item.size() || (in.reachedEnd() && in.count() < item.size())) {
                        throw sizeMismatch(item, in.count());
                    }
                    throw e;
                }
                if (in.count() != item.size()) {
                    throw sizeMismatch(item, in.count());
                }
                if (in.read() >= 0) {
                    throw sizeMismatch(item, in.count());
                }
                String crc = in.crc32c();
                if (item.expectedCrc32c() != null && !item.expectedCrc32c().equals(crc)) {
                    throw new Mismatch(ItemFailure.Kind.CHECKSUM_MISMATCH, "checksum mismatch: " + source.location() + "/"
                            + Keys.printable(item.sourceKey()) + " has CRC32C " + crc + ", expected " + item.expectedCrc32c());
                }
                ok = true;
                return new ItemResult(item.targetKey(), item.sourceKey(), phase.name(), item.size(), crc,
                        CopyMethod.STREAMED, in.count());
            } catch (IOException e) {
                throw new StoreException("cannot copy " + source.location() + "/" + Keys.printable(item.sourceKey())
                        + ": " + e.getMessage(), e);
            } finally {
                if (!ok && in != null) {
                    listener.bytes(-in.count());
                }
            }
        }

        /**
         * The copy, and no request to check its size: that is done for the whole phase from one
         * listing ({@link #checkServerSideSizes}) or by the caller. The CRC32C comes with the copy's answer where
         * the store gives one (AWS S3), else from the source's metadata.
         */
        private ItemResult copyServerSide(CopyPhase phase, CopyItem item) {
            // a manifest entry without a checksum proves nothing: take the CRC32C the store states
            // for the copy (S3 computes one when asked), else the source's own, else read the copy back
            String crc = target.copyServerSideCrc32c(source, item.sourceKey(), item.targetKey(), item.size())
                    .or(() -> sourceCrc32c(item.sourceKey())).orElse(null);
            long readBack = 0;
            if (crc == null) {
                // the read proves the copy's size too: no listing needs to check it afterwards
                try (ChecksumStream in = new ChecksumStream(target.open(item.targetKey()), opts.cancel(), ProgressListener.NONE, item.size())) {
                    in.transferTo(OutputStream.nullOutputStream());
                    if (in.count() != item.size()) {
                        throw new Mismatch(ItemFailure.Kind.SIZE_MISMATCH, "the server-side copy " + target.location() + "/"
                                + Keys.printable(item.targetKey()) + " has " + in.count() + " bytes, expected " + item.size());
                    }
                    crc = in.crc32c();
                } catch (IOException e) {
                    throw new StoreException("cannot read back " + target.location() + "/" + Keys.printable(item.targetKey())
                            + " to checksum it: " + e.getMessage(), e);
                }
                readBack = item.size();
            }
            if (item.expectedCrc32c() != null && !item.expectedCrc32c().equals(crc)) {
                throw new Mismatch(ItemFailure.Kind.CHECKSUM_MISMATCH, "checksum mismatch: " + source.location() + "/"
                        + Keys.printable(item.sourceKey()) + " has CRC32C " + crc + ", expected " + item.expectedCrc32c());
            }
            listener.bytes(item.size());
            return new ItemResult(item.targetKey(), item.sourceKey(), phase.name(), item.size(), crc, CopyMethod.SERVER_SIDE,
                    0, readBack);
        }

        /**
         * The CRC32C the source store keeps for an object, asked with a HEAD. A store that answered
         * none for the first {@link #SOURCE_CRC_PROBES} objects (one that keeps no checksums, such as
         * S3Proxy or MinIO without them) is not asked again in this run: every copy is then read back
         * instead, and a HEAD per object would only add a request to it.
         */
        private Optional<String> sourceCrc32c(String key) {
            if (sourceCrcHits.get() == 0 && sourceCrcMisses.get() >= SOURCE_CRC_PROBES) {
                return Optional.empty();
            }
            Optional<String> crc = source.nativeCrc32c(key);
            (crc.isPresent() ? sourceCrcHits : sourceCrcMisses).incrementAndGet();
            return crc;
        }

        /**
         * The objects a phase copied server-side, present in the target with their planned sizes:
         * one listing of the folder the phase writes, where a HEAD per object would double the
         * requests of a copy of many small objects. Runs before the next phase starts, so a bad
         * copy still stops the run where it happened.
         */
        private void checkServerSideSizes(CopyPhase phase, ItemResult[] out) {
            String prefix = null;
            for (ItemResult r : out) {
                if (r != null && r.method() == CopyMethod.SERVER_SIDE) {
                    prefix = prefix == null ? Keys.parent(r.key()) : commonFolder(prefix, r.key());
                }
            }
            if (prefix == null) {
                return;
            }
            Map<String, Long> sizes = new HashMap<>();
            try (Stream<Entry> listing = target.list(prefix)) {
                listing.forEach(e -> sizes.put(e.key(), e.size()));
            } catch (RuntimeException e) {
                stop.set(true);
                failures.add(new ItemFailure("", "", phase.name(), ItemFailure.Kind.STORE_ERROR,
                        "cannot list the copies of phase " + phase.name() + ": " + messageOf(e)));
                return;
            }
            for (int i = 0; i < out.length; i++) {
                ItemResult r = out[i];
                if (r == null || r.method() != CopyMethod.SERVER_SIDE) {
                    continue;
                }
                Long size = sizes.get(r.key());
                CopyItem item = phase.items().get(i);
                if (size == null) {
                    out[i] = fail(phase, item, ItemFailure.Kind.STORE_ERROR, "server-side copy left no object at "
                            + target.location() + "/" + Keys.printable(r.key()));
                } else if (size != r.size()) {
                    out[i] = fail(phase, item, ItemFailure.Kind.SIZE_MISMATCH, sizeMismatch(item, size).getMessage());
                }
            }
        }

        private Mismatch sizeMismatch(CopyItem item, long actual) {
            return new Mismatch(ItemFailure.Kind.SIZE_MISMATCH, "source changed while copying: " + source.location() + "/"
                    + Keys.printable(item.sourceKey()) + " was planned with " + item.size() + " bytes, "
                    + (actual > item.size() ? "has more" : "delivered " + actual));
        }

        private ItemResult fail(CopyPhase phase, CopyItem item, ItemFailure.Kind kind, String message) {
            stop.set(true);
            failures.add(new ItemFailure(item.sourceKey(), item.targetKey(), phase.name(), kind, message));
            listener.itemFailed(item.sourceKey(), message);
            return null;
        }

        /** Sleeps before the next attempt, as the one retry policy says (growing waits, jitter). */
        private boolean backoff(int attempt) {
            try {
                Thread.sleep(retry.backoff(attempt).toMillis());
                return !shouldStop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        private void flushJournal() {
            if (journal == null) {
                return;
            }
            try {
                journal.flush();
            } catch (RuntimeException e) {
                stop.set(true);
                failures.add(new ItemFailure("", "", "journal", ItemFailure.Kind.STORE_ERROR,
                        "cannot write the journal: " + messageOf(e)));
            }
        }

        private void flushJournalIfDue() {
            try {
                journal.flushIfDue();
            } catch (RuntimeException e) {
                stop.set(true);
                failures.add(new ItemFailure("", "", "journal", ItemFailure.Kind.STORE_ERROR,
                        "cannot write the journal: " + messageOf(e)));
            }
        }
    }

    /** The deepest folder holding both {@code folder} and {@code key} ("" for the root). */
    static String commonFolder(String folder, String key) {
        String f = folder;
        while (!f.isEmpty() && !Keys.isUnder(key, f)) {
            f = Keys.parent(f);
        }
        return f;
    }

    private static String messageOf(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** An object that is not what the plan says; never retried. */
    private static final class Mismatch extends RuntimeException {
        final ItemFailure.Kind kind;

        Mismatch(ItemFailure.Kind kind, String message) {
            super(message, null, false, false);
            this.kind = kind;
        }
    }
}
