package io.ib3.plan;

import io.ib3.error.Ib3Exception;
import io.ib3.inspect.Inspection;
import io.ib3.inspect.Inspector;
import io.ib3.inspect.RootShape;
import io.ib3.layout.Bytes;
import io.ib3.layout.FileKind;
import io.ib3.layout.LayoutFormatException;
import io.ib3.layout.LayoutPath;
import io.ib3.layout.PathClassifier;
import io.ib3.layout.SnapshotFile;
import io.ib3.manifest.Crc32c;
import io.ib3.manifest.MissingFile;
import io.ib3.store.Capability;
import io.ib3.store.Entry;
import io.ib3.store.Keys;
import io.ib3.store.Store;
import io.ib3.work.Workers;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * What planning reads from an InfluxDB 3 tree: the inspection, one listing of every object with its
 * kind, and every snapshot file (the delta manifests that say which Parquet files a restore needs).
 * The planners are pure functions of this.
 *
 * <p>A listing is not a moment in time: on a live server it walks {@code dbs/} before
 * {@code snapshots/} (keys sort that way), so a Parquet file written during the walk, whose
 * snapshot appeared before the walk reached {@code snapshots/}, is referenced but not listed. Every
 * referenced file the listing lacks is therefore looked up directly: one that exists is taken into
 * the scan as if listed, and only one the store confirms absent is {@link #missing()}.
 *
 * @param inspection what the tree is
 * @param objects    every object under the inspected root, by owner (node or cluster id)
 * @param snapshots  parsed snapshot files per node, oldest first
 * @param unreadable snapshot files that could not be parsed: key → why (the server could not load
 *                   them either)
 * @param missing    referenced Parquet files the store confirmed absent, by key
 * @param lateFound  referenced Parquet files the listing missed but a direct look-up found (written
 *                   while the listing ran); they are in {@link #objects()}
 * @param parsed     each snapshot file as parsed, with the CRC32C of its bytes, by key relative to
 *                   the data root: a copy with the same CRC32C parses the same
 */
public record SourceScan(Inspection inspection, Map<String, List<SourceObject>> objects,
                         Map<String, List<SnapshotFile>> snapshots, Map<String, String> unreadable,
                         Map<String, MissingFile> missing, int lateFound, Map<String, Parsed> parsed) {

    /** A snapshot file as parsed, with the CRC32C of its bytes. */
    public record Parsed(SnapshotFile file, String crc32c) {
    }

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
     * @param fingerprint what the store says identifies this version of the object (see {@link #fingerprint(Entry)})
     */
    public record SourceObject(String key, String rel, String owner, LayoutPath path, long size, String fingerprint) {
        public FileKind kind() {
            return path.kind();
        }
    }

    /**
     * What identifies one version of an object without reading it: the ETag an object store keeps
     * (it changes with the content), else the modification time a file system keeps; {@code null}
     * when the store says neither. An incremental backup reuses an object only when key, size and
     * this agree with what its parent recorded.
     */
    public static String fingerprint(Entry e) {
        if (e.etag() != null && !e.etag().isEmpty()) {
            return "etag:" + e.etag();
        }
        return e.lastModified() == null ? null : "mtime:" + e.lastModified();
    }

    /** Inspects, lists and reads the snapshots of the tree at {@code root}, with one listing. */
    public static SourceScan of(Store store, String root) {
        return of(store, root, null, e -> { });
    }

    /**
     * As {@link #of(Store, String)}, and hands every listed entry (ib3's own files too) to
     * {@code alsoListing}, so a caller that checks the listing itself needs no second one.
     *
     * @param ownerHint the node id when {@code root} turns out to be a node directory without its
     *                  folder ({@code --node-id}, or what a manifest says); {@code null} to find out
     */
    public static SourceScan of(Store store, String root, String ownerHint, Consumer<Entry> alsoListing) {
        return of(store, root, ownerHint, alsoListing, rel -> null);
    }

    /**
     * As above; {@code known} gives, by key relative to the data root, a snapshot file already
     * parsed from the very bytes this tree holds (or {@code null}): a backup checks its copy without
     * reading back every snapshot it has just copied, when the copy's CRC32C says the bytes are
     * those it parsed from the source.
     */
    public static SourceScan of(Store store, String root, String ownerHint, Consumer<Entry> alsoListing,
                                Function<String, Parsed> known) {
        Listed[] objects = new Listed[1];
        Inspection inspection = Inspector.inspect(store, root, ownerHint, shape -> {
            objects[0] = new Listed(shape);
            return (e, owner, path) -> {
                objects[0].add(e, owner, path);
                alsoListing.accept(e);
            };
        });
        return build(store, inspection, objects[0], known);
    }

    /** Lists and reads the snapshots of a tree already inspected. */
    public static SourceScan of(Store store, Inspection inspection) {
        Listed objects = new Listed(inspection.shape());
        try (Stream<Entry> entries = store.list(inspection.root())) {
            entries.forEach(objects::add);
        }
        return build(store, inspection, objects, rel -> null);
    }

    /** The objects of a listing by owner, classified. */
    private static final class Listed {
        final RootShape shape;
        final Map<String, List<SourceObject>> byOwner = new TreeMap<>();
        /** One owner string per owner, not one per object. */
        final Map<String, String> owners = new java.util.HashMap<>();

        Listed(RootShape shape) {
            this.shape = shape;
        }

        void add(Entry e) {
            add(e, null, null);
        }

        /** An entry of the inspector's pass, with the owner and path it classified (or nulls: see {@link Inspector.Observer}). */
        void add(Entry e, String owner, LayoutPath path) {
            if (e.folder() || Keys.relativize(shape.root(), e.key()).startsWith(OWN_PREFIX)) {
                return;
            }
            add(e.key(), e.size(), fingerprint(e), owner, path);
        }

        SourceObject add(String key, long size, String fingerprint) {
            return add(key, size, fingerprint, null, null);
        }

        private SourceObject add(String key, long size, String fingerprint, String knownOwner, LayoutPath knownPath) {
            String rel = shape.relOf(key);
            int slash = rel.indexOf('/');
            String owner = owners.computeIfAbsent(slash < 0 ? "" : rel.substring(0, slash), o -> o);
            LayoutPath path = knownPath != null && owner.equals(knownOwner) ? knownPath
                    : PathClassifier.classify(slash < 0 ? rel : rel.substring(slash + 1));
            SourceObject o = new SourceObject(key, rel, owner, path, size, fingerprint);
            byOwner.computeIfAbsent(owner, x -> new ArrayList<>()).add(o);
            return o;
        }
    }

    private static SourceScan build(Store store, Inspection inspection, Listed objects, Function<String, Parsed> known) {
        Map<String, List<SourceObject>> byOwner = objects.byOwner;
        List<SourceObject> snapshotObjects = new ArrayList<>();
        byOwner.values().forEach(list -> list.stream().filter(o -> o.kind() == FileKind.SNAPSHOT).forEach(snapshotObjects::add));
        Object[] parsed = parallel(store, snapshotObjects.size(), i -> {
            Parsed already = known.apply(snapshotObjects.get(i).rel());
            return already != null ? already : readOrReason(store, snapshotObjects.get(i).key());
        });
        Map<String, List<SnapshotFile>> snapshots = new LinkedHashMap<>();
        Map<String, String> unreadable = new TreeMap<>();
        Map<String, Parsed> byKey = new java.util.HashMap<>();
        for (int i = 0; i < parsed.length; i++) {
            SourceObject o = snapshotObjects.get(i);
            if (parsed[i] instanceof Parsed p) {
                snapshots.computeIfAbsent(o.owner(), k -> new ArrayList<>()).add(p.file());
                byKey.put(o.rel(), p);
            } else {
                unreadable.put(o.rel(), ((LayoutFormatException) parsed[i]).getMessage());
            }
        }
        snapshots.replaceAll((owner, list) -> {
            list.sort(Comparator.comparing(SnapshotFile::sequence, Long::compareUnsigned));
            return List.copyOf(list);
        });
        Map<String, MissingFile> missing = new TreeMap<>();
        int late = lookUpUnlisted(store, objects, snapshots, missing);
        byOwner.replaceAll((k, v) -> List.copyOf(v));
        return new SourceScan(inspection, byOwner, snapshots, unreadable, missing, late, byKey);
    }

    /**
     * Asks the store directly for every referenced Parquet file the listing did not show: found
     * ones join the listing, absent ones go to {@code missing}. Returns how many were found.
     */
    private static int lookUpUnlisted(Store store, Listed objects, Map<String, List<SnapshotFile>> snapshots,
                                      Map<String, MissingFile> missing) {
        List<MissingFile> unlisted = new ArrayList<>();
        for (Map.Entry<String, List<SnapshotFile>> node : snapshots.entrySet()) {
            Set<String> listed = new HashSet<>();
            for (SourceObject o : objects.byOwner.getOrDefault(node.getKey(), List.of())) {
                if (o.kind() == FileKind.PARQUET) {
                    listed.add(o.rel());
                }
            }
            for (LiveFiles.Ref r : LiveFiles.of(node.getValue())) {
                if (!listed.contains(r.key())) {
                    unlisted.add(new MissingFile(r.key(), node.getKey(), r.addedBy(), r.file().sizeBytes()));
                }
            }
        }
        if (unlisted.isEmpty()) {
            return 0;
        }
        RootShape shape = objects.shape;
        Object[] found = parallel(store, unlisted.size(), i -> {
            String key = shape.keyOf(unlisted.get(i).key());
            return key == null ? Optional.empty() : store.stat(key).filter(e -> !e.folder());
        });
        int late = 0;
        for (int i = 0; i < found.length; i++) {
            MissingFile m = unlisted.get(i);
            if (found[i] instanceof Optional<?> o && o.isPresent()) {
                Entry e = (Entry) o.get();
                objects.add(shape.keyOf(m.key()), e.size(), fingerprint(e));
                late++;
            } else {
                missing.put(m.key(), m);
            }
        }
        return late;
    }

    /** Runs {@code task} for 0..n-1, several at a time on an object store; slot i holds what task i returned. */
    private static Object[] parallel(Store store, int n, java.util.function.IntFunction<Object> task) {
        Object[] out = new Object[n];
        try {
            Workers.run(n, n < 16 ? 1 : store.has(Capability.REAL_FOLDERS) ? 4 : 16, "ib3-scan", i -> out[i] = task.apply(i));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Ib3Exception.failed("interrupted while reading the snapshots of " + store.location());
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

    private static Parsed read(Store store, String key) {
        try (InputStream in = store.open(key)) {
            byte[] bytes = Bytes.readAll(in, SnapshotFile.MAX_SIZE, key);
            return new Parsed(SnapshotFile.parse(key, bytes), Crc32c.of(bytes));
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
