package io.ib3.store.azure;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Blocks of one upload or copy with at most {@code parallel} in flight on the store's pool. The
 * first failure stops blocks not yet begun; {@link #cancel} waits for the running ones so nothing
 * writes after the caller has given up.
 */
final class Parallel {

    private final AzureStore store;
    private final int parallel;
    private final Semaphore slots;
    private final List<Future<?>> running = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    Parallel(AzureStore store, int parallel) {
        this.store = store;
        this.parallel = parallel;
        this.slots = new Semaphore(parallel);
    }

    /** Waits for a free slot; fails fast when a block already failed. */
    void acquire() throws InterruptedException {
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

    void release() {
        slots.release();
    }

    void submit(Runnable block, Runnable whenDone) {
        running.add(store.pool().submit(() -> {
            try {
                if (failure.get() == null) {
                    block.run();
                }
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
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t != null) {
            throw new IllegalStateException(t);
        }
    }

    /** Waits for every block; the first failure, mapped, is thrown. */
    void awaitAll(Function<Throwable, RuntimeException> map) throws InterruptedException {
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (ExecutionException e) {
                throw map.apply(e.getCause());
            }
        }
    }

    /** Stops blocks not yet begun and waits until none runs. */
    void cancel() {
        failure.compareAndSet(null, new java.util.concurrent.CancellationException("an earlier block failed"));
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
