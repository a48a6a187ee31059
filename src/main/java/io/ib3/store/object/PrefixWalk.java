package io.ib3.store.object;

import io.ib3.store.Entry;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Lists every object below a prefix with several listing requests in flight. A prefix is first
 * listed flat; when one page holds all of it, that was the only request. When it does not (a
 * large prefix), its sub-folders are found with one delimited listing and each is walked the
 * same way, in parallel. So a small prefix costs what a flat listing costs, and a large one is
 * split where it is large.
 *
 * <p>Why: a flat listing is one page after another, each waiting for the last (its continuation
 * token). On S3Proxy's filesystem backend a page of 1,000 keys takes about a second, so the
 * 13,000 objects of the benchmark's Enterprise backup took 14 s to list; walked by sub-folder
 * with 8 requests in flight, 3 to 4 s (measured here with the AWS SDK, both ways, same bucket).
 *
 * <p>The objects of a large prefix's first page are kept, not fetched again: sub-folders that
 * sort wholly before the page's last key were on it and are skipped, and the one the last key
 * falls in is walked for keys after it only, so each key is handed out once (a page may be
 * fetched again where a split starts inside it, and its known keys dropped). Pages wait in a
 * small queue for the consumer, so memory stays a few pages whatever the size of the tree.
 */
final class PrefixWalk {

    /** One listing request, as {@link ObjectClient#list}. */
    @FunctionalInterface
    interface Lister {
        ListPage list(String prefix, boolean delimited, String token);
    }

    /** Listing requests in flight at most. */
    static final int PARALLEL = 8;
    private static final int QUEUED_PAGES = 16;
    private static final Object END = new Object();

    private final Lister lister;
    private final ExecutorService pool;
    private final LinkedBlockingQueue<Object> ready = new LinkedBlockingQueue<>(QUEUED_PAGES);
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();

    private PrefixWalk(Lister lister, int parallel) {
        this.lister = lister;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(parallel, r -> {
            Thread t = new Thread(r, "ib3-list-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * The objects below {@code prefix}, as the lister names them (folder markers, keys ending in
     * a slash, included), in no particular order. A failed request ends the stream with its
     * exception; closing the stream stops the walk.
     */
    static Stream<Entry> stream(Lister lister, String prefix, int parallel) {
        PrefixWalk walk = new PrefixWalk(lister, Math.max(1, parallel));
        walk.submit(prefix, null);
        Iterator<Entry> it = walk.new Consumer();
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.NONNULL), false)
                .onClose(walk::close);
    }

    private void submit(String prefix, String after) {
        pending.incrementAndGet();
        pool.execute(() -> {
            try {
                walk(prefix, after);
            } catch (RuntimeException | Error e) {
                hand(e);
            }
            if (pending.decrementAndGet() == 0) {
                hand(END);
            }
        });
    }

    /** Lists {@code prefix}, keeping only keys after {@code after} (null: all). */
    private void walk(String prefix, String after) {
        ListPage first = lister.list(prefix, false, null);
        hand(keysAfter(first.objects(), after));
        if (first.next() == null || first.objects().isEmpty()) {
            if (first.next() != null) {
                rest(prefix, first.next(), after);  // a page of nothing but a token: keep paging
            }
            return;
        }
        // every key of this prefix up to here is listed: by the first page, or before it (after)
        String seen = first.objects().get(first.objects().size() - 1).key();
        if (after != null && after.compareTo(seen) > 0) {
            seen = after;
        }
        String token = null;
        do {
            ListPage level = lister.list(prefix, true, token);
            hand(keysAfter(level.objects(), seen));
            for (String folder : level.folders()) {
                if (seen.startsWith(folder)) {
                    submit(folder, seen);        // the listed part ends inside this folder
                } else if (folder.compareTo(seen) > 0) {
                    submit(folder, null);        // after it: all of it is new
                }                                // else wholly listed already
            }
            token = level.next();
        } while (token != null && !closed.get());
    }

    /** The remaining pages of a flat listing. */
    private void rest(String prefix, String token, String after) {
        while (token != null && !closed.get()) {
            ListPage page = lister.list(prefix, false, token);
            hand(keysAfter(page.objects(), after));
            token = page.next();
        }
    }

    /** The objects whose keys sort after {@code after}; all of them when it is null. */
    private static List<Entry> keysAfter(List<Entry> objects, String after) {
        if (after == null) {
            return objects;
        }
        List<Entry> out = new ArrayList<>(objects.size());
        for (Entry e : objects) {
            if (e.key().compareTo(after) > 0) {
                out.add(e);
            }
        }
        return out;
    }

    /** Puts a page, an exception or the end in the queue; waits while the consumer is behind. */
    private void hand(Object item) {
        if (item instanceof List<?> l && l.isEmpty()) {
            return;
        }
        try {
            while (!closed.get()) {
                if (ready.offer(item, 100, TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void close() {
        closed.set(true);
        pool.shutdownNow();
    }

    /** The stream's side: pages from the queue, one entry at a time. */
    private final class Consumer implements Iterator<Entry> {
        private Iterator<Entry> page = List.<Entry>of().iterator();
        private boolean ended;

        @Override
        public boolean hasNext() {
            while (!page.hasNext() && !ended) {
                Object next;
                try {
                    next = ready.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    close();
                    throw new IllegalStateException("interrupted while listing", e);
                }
                if (next == END) {
                    ended = true;
                    close();
                } else if (next instanceof Throwable failure) {
                    ended = true;
                    close();
                    if (failure instanceof Error e) {
                        throw e;
                    }
                    throw (RuntimeException) failure;  // submit() hands over only errors and runtime exceptions
                } else {
                    @SuppressWarnings("unchecked")
                    List<Entry> entries = (List<Entry>) next;
                    page = entries.iterator();
                }
            }
            return page.hasNext();
        }

        @Override
        public Entry next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return page.next();
        }
    }
}
