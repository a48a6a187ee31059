package io.ib3.plan;

import io.ib3.error.Ib3Exception;
import io.ib3.inspect.Inspection;
import io.ib3.inspect.Inspector;
import io.ib3.layout.FileKind;
import io.ib3.layout.LayoutFormatException;
import io.ib3.layout.LayoutPath;
import io.ib3.layout.PathClassifier;
import io.ib3.layout.SnapshotFile;
import io.ib3.store.Capability;
import io.ib3.store.Entry;
import io.ib3.store.Keys;
import io.ib3.store.Store;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * What planning reads from an InfluxDB 3 tree: the inspection, one listing of every object with its
 * kind, and every snapshot file (the delta manifests that say which Parquet files a restore needs).
 * The planners are pure functions of this.
 *
 * @param inspection what the tree is
 * @param objects    every object under the inspected root, by owner (node or cluster id)
 * @param snapshots  parsed snapshot files per node, oldest first
 * @param unreadable snapshot files that could not be parsed: key → why (the server could not load
 *                   them either)
 */
public record SourceScan(Inspection inspection, Map<String, List<SourceObject>> objects,
                         Map<String, List<SnapshotFile>> snapshots, Map<String, String> unreadable) {

    /** First segment of ib3's own objects in a backup folder (manifest, journal); never InfluxDB data. */
    public static final String OWN_PREFIX = "ib3-";

    /**
     * One object of the tree.
     *
     * @param key   key in the store
     * @param rel   key relative to the data root (the key a backup uses)
     * @param owner node or cluster id (first segment of {@code rel})
     * @param path  classification of the key inside its owner
     * @param size  bytes
     */
    public record SourceObject(String key, String rel, String owner, LayoutPath path, long size) {
        public FileKind kind() {
            return path.kind();
        }
    }

    /** Inspects, lists and reads the snapshots of the tree at {@code root}, with one listing. */
    public static SourceScan of(Store store, String root) {
        return of(store, root, e -> { });
    }

    /**
     * As {@link #of(Store, String)}, and hands every listed entry (ib3's own files too) to
     * {@code alsoListing}, so a caller that checks the listing itself needs no second one.
     */
    public static SourceScan of(Store store, String root, Consumer<Entry> alsoListing) {
        Listed objects = new Listed();
        Inspection inspection = Inspector.inspect(store, root, shape -> e -> {
            objects.add(shape.dataRoot(), e);
            alsoListing.accept(e);
        });
        return build(store, inspection, objects);
    }

    /** Lists and reads the snapshots of a tree already inspected. */
    public static SourceScan of(Store store, Inspection inspection) {
        Listed objects = new Listed();
        try (Stream<Entry> entries = store.list(inspection.root())) {
            entries.forEach(e -> objects.add(inspection.dataRoot(), e));
        }
        return build(store, inspection, objects);
    }

    /** The objects of a listing by owner, classified. */
    private static final class Listed {
        final Map<String, List<SourceObject>> byOwner = new TreeMap<>();
        /** One owner string per owner, not one per object. */
        final Map<String, String> owners = new java.util.HashMap<>();

        void add(String dataRoot, Entry e) {
            String rel = Keys.relativize(dataRoot, e.key());
            if (rel.startsWith(OWN_PREFIX)) {
                return;
            }
            int slash = rel.indexOf('/');
            String inside = slash < 0 ? rel : rel.substring(slash + 1);
            String owner = owners.computeIfAbsent(slash < 0 ? "" : rel.substring(0, slash), o -> o);
            byOwner.computeIfAbsent(owner, o -> new ArrayList<>())
                    .add(new SourceObject(e.key(), rel, owner, PathClassifier.classify(inside), e.size()));
        }
    }

    private static SourceScan build(Store store, Inspection inspection, Listed objects) {
        Map<String, List<SourceObject>> byOwner = objects.byOwner;
        List<SourceObject> snapshotObjects = new ArrayList<>();
        byOwner.values().forEach(list -> list.stream().filter(o -> o.kind() == FileKind.SNAPSHOT).forEach(snapshotObjects::add));
        Object[] parsed = readAll(store, snapshotObjects);
        Map<String, List<SnapshotFile>> snapshots = new LinkedHashMap<>();
        Map<String, String> unreadable = new TreeMap<>();
        for (int i = 0; i < parsed.length; i++) {
            SourceObject o = snapshotObjects.get(i);
            if (parsed[i] instanceof SnapshotFile f) {
                snapshots.computeIfAbsent(o.owner(), k -> new ArrayList<>()).add(f);
            } else {
                unreadable.put(o.rel(), ((LayoutFormatException) parsed[i]).getMessage());
            }
        }
        snapshots.replaceAll((owner, list) -> {
            list.sort(Comparator.comparing(SnapshotFile::sequence, Long::compareUnsigned));
            return List.copyOf(list);
        });
        byOwner.replaceAll((k, v) -> List.copyOf(v));
        return new SourceScan(inspection, byOwner, snapshots, unreadable);
    }

    /**
     * Reads and parses the snapshot files, several at a time: a node keeps about a thousand, and
     * on an object store each is a request whose latency, one after the other, would dominate a
     * backup of small objects. Each slot holds the {@link SnapshotFile} or the
     * {@link LayoutFormatException} that says why it does not parse.
     */
    private static Object[] readAll(Store store, List<SourceObject> objects) {
        Object[] out = new Object[objects.size()];
        int threads = Math.min(objects.size() / 8, store.has(Capability.REAL_FOLDERS) ? 4 : 16);
        if (threads <= 1) {
            for (int i = 0; i < out.length; i++) {
                out[i] = readOrReason(store, objects.get(i).key());
            }
            return out;
        }
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "ib3-scan");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < threads; w++) {
                workers.add(pool.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < out.length) {
                        out[i] = readOrReason(store, objects.get(i).key());
                    }
                }));
            }
            for (Future<?> f : workers) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Ib3Exception.failed("interrupted while reading the snapshots of " + store.location());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return out;
    }

    private static Object readOrReason(Store store, String key) {
        try {
            return read(store, key);
        } catch (LayoutFormatException e) {
            return e;
        }
    }

    private static SnapshotFile read(Store store, String key) {
        try (InputStream in = store.open(key)) {
            return SnapshotFile.parse(key, in);
        } catch (IOException e) {
            throw Ib3Exception.failed("cannot read snapshot " + store.location() + "/" + key + ": " + e.getMessage());
        }
    }

    public List<SourceObject> objectsOf(String owner) {
        return objects.getOrDefault(owner, List.of());
    }

    public List<SnapshotFile> snapshotsOf(String node) {
        return snapshots.getOrDefault(node, List.of());
    }
}
