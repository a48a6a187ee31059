package io.ib3.store.object;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A cached thread pool made on first use, so a store that never uploads in parts starts no
 * threads. Its threads are daemons so a forgotten close() does not keep the JVM alive.
 */
public final class DaemonPool {

    private final String threadPrefix;
    private volatile ExecutorService pool;

    /** @param threadPrefix thread names are this plus a number, e.g. {@code ib3-part-} */
    public DaemonPool(String threadPrefix) {
        this.threadPrefix = threadPrefix;
    }

    public ExecutorService get() {
        ExecutorService p = pool;
        if (p == null) {
            synchronized (this) {
                if (pool == null) {
                    AtomicInteger n = new AtomicInteger();
                    pool = Executors.newCachedThreadPool(r -> {
                        Thread t = new Thread(r, threadPrefix + n.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
                }
                p = pool;
            }
        }
        return p;
    }

    /** Stops the threads, if any were made. */
    public void shutdownNow() {
        ExecutorService p = pool;
        if (p != null) {
            p.shutdownNow();
        }
    }
}
