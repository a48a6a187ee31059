package io.ib3.testing;

import io.ib3.store.Entry;
import io.ib3.store.Store;
import io.ib3.store.StoreException;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A decorator over any {@link Store} (NioStore, a ram:// VfsStore …) for tests: records the order of
 * writes and opens, fails writes from a chosen one on, and runs hooks before opens and listings so
 * a test can change the store while a job is using it (a live server).
 */
public final class HookedStore extends ForwardingStore {

    /** Keys written (ib3's own journal included), in the order the writes started. */
    public final List<String> writes = Collections.synchronizedList(new ArrayList<>());
    /** Keys opened for reading, in order. */
    public final List<String> opens = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger dataWrites = new AtomicInteger();
    private final AtomicInteger listings = new AtomicInteger();
    private volatile int failFrom = -1;
    private volatile String failingKey;
    private volatile Consumer<String> beforeOpen = k -> { };
    private volatile Consumer<Integer> beforeList = n -> { };
    private volatile Consumer<String> beforeDelete = k -> { };

    public HookedStore(Store real) {
        super(real);
    }

    public Store real() {
        return real;
    }

    /**
     * The {@code n}-th write (1-based) of an InfluxDB object (not ib3's journal or manifest) fails,
     * and so does every later attempt to write that key: retries cannot save the run.
     */
    public HookedStore failWrite(int n) {
        failFrom = n;
        return this;
    }

    /** Stop failing: the store is healthy again. */
    public HookedStore heal() {
        failFrom = -1;
        failingKey = null;
        return this;
    }

    /** Runs before every open, with the key; may change the store. */
    public HookedStore beforeOpen(Consumer<String> hook) {
        beforeOpen = hook;
        return this;
    }

    /** Runs before every delete, with the key; may throw to fail it (a run killed half-way). */
    public HookedStore beforeDelete(Consumer<String> hook) {
        beforeDelete = hook;
        return this;
    }

    @Override
    public void delete(String key) {
        beforeDelete.accept(key);
        real.delete(key);
    }

    /** Runs before every listing, with its 1-based number; may change the store. */
    public HookedStore beforeList(Consumer<Integer> hook) {
        beforeList = hook;
        return this;
    }

    /** Writes of InfluxDB objects: neither the journal nor the manifest. */
    public List<String> dataWrites() {
        synchronized (writes) {
            return writes.stream().filter(k -> !own(k)).toList();
        }
    }

    public void clearRecords() {
        writes.clear();
        opens.clear();
    }

    private static boolean own(String key) {
        int slash = key.lastIndexOf('/');
        String name = slash < 0 ? key : key.substring(slash + 1);
        return key.startsWith("ib3-") || key.contains("/ib3-") || name.startsWith("ib3-");
    }



    /**
     * Makes the next listing take time the way a long one does on a live server: every key that
     * {@code later} accepts is taken from a second listing made after {@code between} ran (which
     * may change the store), every other key from the first one. With {@code later} accepting
     * {@code /snapshots/} keys and a server writing a snapshot in between, the listing holds the new
     * snapshot but not the Parquet files written just before it, as an S3 listing that reached
     * {@code dbs/} before and {@code snapshots/} after the server wrote them does. One listing only;
     * arm it again for the next.
     */
    public HookedStore splitNextListing(Predicate<String> later, Runnable between) {
        split = new Split(later, between);
        return this;
    }

    private record Split(Predicate<String> later, Runnable between) {
    }

    private volatile Split split;

    @Override
    public Stream<Entry> list(String prefix) {
        beforeList.accept(listings.incrementAndGet());
        Split s = split;
        if (s == null) {
            return real.list(prefix);
        }
        split = null;
        List<Entry> out = new ArrayList<>();
        try (Stream<Entry> first = real.list(prefix)) {
            first.filter(e -> !s.later().test(e.key())).forEach(out::add);
        }
        s.between().run();
        try (Stream<Entry> second = real.list(prefix)) {
            second.filter(e -> s.later().test(e.key())).forEach(out::add);
        }
        out.sort(java.util.Comparator.comparing(Entry::key));
        return out.stream();
    }



    @Override
    public InputStream open(String key, long offset) {
        opens.add(key);
        beforeOpen.accept(key);
        return real.open(key, offset);
    }

    @Override
    public void write(String key, InputStream content, long size) {
        writes.add(key);
        if (!own(key)) {
            int n = dataWrites.incrementAndGet();
            synchronized (this) {
                if (failFrom > 0 && n == failFrom && failingKey == null) {
                    failingKey = key;
                }
            }
            if (key.equals(failingKey)) {
                throw new StoreException("injected write failure: " + location() + "/" + key, null);
            }
        }
        real.write(key, content, size);
    }


    @Override
    public void move(String fromKey, String toKey) {
        real.move(fromKey, toKey);
    }

    @Override
    public void removeEmptyFolders(String prefix) {
        real.removeEmptyFolders(prefix);
    }

    @Override
    public void close() {
        real.close();
    }
}
