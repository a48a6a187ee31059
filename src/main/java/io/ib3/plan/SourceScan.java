package io.ib3.plan;

import io.ib3.error.Ib3Exception;
import io.ib3.inspect.Inspection;
import io.ib3.inspect.Inspector;
import io.ib3.layout.FileKind;
import io.ib3.layout.LayoutFormatException;
import io.ib3.layout.LayoutPath;
import io.ib3.layout.PathClassifier;
import io.ib3.layout.SnapshotFile;
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

    /** Inspects, lists and reads the snapshots of the tree at {@code root}. */
    public static SourceScan of(Store store, String root) {
        return of(store, Inspector.inspect(store, root));
    }

    public static SourceScan of(Store store, Inspection inspection) {
        String dataRoot = inspection.dataRoot();
        Map<String, List<SourceObject>> byOwner = new TreeMap<>();
        try (Stream<Entry> entries = store.list(inspection.root())) {
            entries.forEach(e -> {
                String rel = Keys.relativize(dataRoot, e.key());
                if (rel.startsWith(OWN_PREFIX)) {
                    return;
                }
                int slash = rel.indexOf('/');
                String owner = slash < 0 ? "" : rel.substring(0, slash);
                String inside = slash < 0 ? rel : rel.substring(slash + 1);
                byOwner.computeIfAbsent(owner, o -> new ArrayList<>())
                        .add(new SourceObject(e.key(), rel, owner, PathClassifier.classify(inside), e.size()));
            });
        }
        Map<String, List<SnapshotFile>> snapshots = new LinkedHashMap<>();
        Map<String, String> unreadable = new TreeMap<>();
        for (Map.Entry<String, List<SourceObject>> owner : byOwner.entrySet()) {
            List<SnapshotFile> parsed = new ArrayList<>();
            for (SourceObject o : owner.getValue()) {
                if (o.kind() == FileKind.SNAPSHOT) {
                    try {
                        parsed.add(read(store, o.key()));
                    } catch (LayoutFormatException e) {
                        unreadable.put(o.rel(), e.getMessage());
                    }
                }
            }
            if (!parsed.isEmpty()) {
                parsed.sort(Comparator.comparing(SnapshotFile::sequence, Long::compareUnsigned));
                snapshots.put(owner.getKey(), List.copyOf(parsed));
            }
        }
        byOwner.replaceAll((k, v) -> List.copyOf(v));
        return new SourceScan(inspection, byOwner, snapshots, unreadable);
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
