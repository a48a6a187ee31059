package io.ib3.store.object;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The parts of one parted write, at most {@code parallel} in flight on a pool. The first failure
 * stops the parts not yet begun and is what {@link #acquire} and {@link #awaitAll} throw (as a
 * {@link Failed}); {@link #cancel} waits until no part runs, so nothing writes after the caller
 * gave up and aborted.
 *
 * @param <R> a part's answer
 */
public final class Parts<R> {

    /** A part failed; the cause is the vendor's exception. */
    public static final class Failed extends RuntimeException {
        Failed(Throwable cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }

    private final ExecutorService pool;
    private final int parallel;
    private final Semaphore slots;
    private final List<Future<R>> running = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    public Parts(ExecutorService pool, int parallel) {
        this.pool = pool;
        this.parallel = Math.max(1, parallel);
        this.slots = new Semaphore(this.parallel);
    }

    /** Waits for a free slot; fails fast when a part already failed. */
    public void acquire() throws InterruptedException {
        while (!slots.tryAcquire(100, TimeUnit.MILLISECONDS)) {
            rethrow();
        }
        try {
            rethrow();
        } catch (RuntimeException e) {
            slots.release();
            throw e;
        }
    }

    /** Gives back a slot taken by {@link #acquire} when no part is submitted for it. */
    public void release() {
        slots.release();
    }

    /** Runs a part on the pool; the slot taken by {@link #acquire} is freed when it ends, after {@code whenDone}. */
    public void submit(Callable<R> part, Runnable whenDone) {
        running.add(pool.submit(() -> {
            try {
                if (failure.get() != null) {
                    throw new CancellationException("an earlier part failed");
                }
                return part.call();
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
                throw t;
            } finally {
                whenDone.run();
                slots.release();
            }
        }));
    }

    private void rethrow() {
        Throwable t = failure.get();
        if (t != null) {
            throw new Failed(t);
        }
    }

    /** Waits for every part; their answers in submission order, or the first failure. */
    public List<R> awaitAll() throws InterruptedException {
        List<R> out = new ArrayList<>(running.size());
        for (Future<R> f : running) {
            try {
                out.add(f.get());
            } catch (ExecutionException e) {
                Throwable first = failure.get();
                throw new Failed(first != null ? first : e.getCause());
            }
        }
        return out;
    }

    /** Stops the parts not yet begun and waits until none runs (the pool never queues: it grows). */
    public void cancel() {
        failure.compareAndSet(null, new CancellationException("the write was given up"));
        boolean interrupted = false;
        while (true) {
            try {
                slots.acquire(parallel);
                slots.release(parallel);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
