package io.ib3.work;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * Runs one task per index on a few threads: reading a thousand snapshot files, checksumming every
 * object of a backup, looking up unlisted keys. On an object store each task is a request whose
 * latency, one after the other, would dominate; a handful in flight hides it. Indexes are handed
 * out in order, so results a task stores by index come out in listing order whatever the timing.
 */
public final class Workers {

    private Workers() {
    }

    /**
     * Runs {@code task} for every index in {@code [0, n)} on at most {@code threads} daemon threads
     * named {@code name} (in the caller's thread when one is enough). After a task throws, no new
     * index is started; the first exception is rethrown once the running tasks ended.
     *
     * @throws InterruptedException when the caller is interrupted; the workers are stopped
     */
    public static void run(int n, int threads, String name, IntConsumer task) throws InterruptedException {
        int t = Math.max(1, Math.min(threads, n));
        if (t == 1) {
            for (int i = 0; i < n; i++) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException();
                }
                task.accept(i);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        AtomicReference<RuntimeException> failed = new AtomicReference<>();
        ExecutorService pool = Executors.newFixedThreadPool(t, r -> {
            Thread thread = new Thread(r, name);
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < t; w++) {
                workers.add(pool.submit(() -> {
                    int i;
                    while (failed.get() == null && !Thread.currentThread().isInterrupted() && (i = next.getAndIncrement()) < n) {
                        try {
                            task.accept(i);
                        } catch (RuntimeException e) {
                            failed.compareAndSet(null, e);
                        }
                    }
                }));
            }
            for (Future<?> f : workers) {
                f.get();
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        if (failed.get() != null) {
            throw failed.get();
        }
    }

    /**
     * Starts {@code work} on a daemon thread named {@code name} and returns at once: a job overlaps
     * two independent waits (listing a backup while its manifest is read and parsed) instead of
     * paying one after the other.
     */
    public static <T> Pending<T> start(String name, Supplier<T> work) {
        FutureTask<T> task = new FutureTask<>(work::get);
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
        return new Pending<>(task);
    }

    /**
     * What {@link #start} computes; {@link #join} waits for it. Closing it cancels work whose
     * result was not taken (the caller failed first), so try-with-resources is the whole protocol.
     */
    public static final class Pending<T> implements AutoCloseable {
        private final FutureTask<T> task;

        private Pending(FutureTask<T> task) {
            this.task = task;
        }

        /**
         * The result, or what the work threw (a runtime exception as it was thrown).
         *
         * @throws InterruptedException when the caller is interrupted while waiting; the work is cancelled
         */
        public T join() throws InterruptedException {
            try {
                return task.get();
            } catch (InterruptedException e) {
                task.cancel(true);
                throw e;
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                if (e.getCause() instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(e.getCause());
            }
        }

        /** Cancels the work unless it is done: its result is no longer wanted. */
        @Override
        public void close() {
            task.cancel(true);
        }
    }
}
