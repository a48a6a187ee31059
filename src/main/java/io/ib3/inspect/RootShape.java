package io.ib3.inspect;

import io.ib3.error.Ib3Exception;
import io.ib3.layout.FileKind;
import io.ib3.layout.PathClassifier;
import io.ib3.layout.SnapshotFile;
import io.ib3.store.Entry;
import io.ib3.store.Keys;
import io.ib3.store.Store;

import java.io.IOException;
import java.io.InputStream;
import java.util.Set;

/**
 * Whether a prefix is a data root (holding node and cluster directories) or was pointed directly at
 * one node or cluster directory, which people do often ({@code inspect file:///data/node0}), and
 * which the documented Core copy script makes of every backup (the node's files directly in
 * {@code BACKUP_DIR}, no node folder).
 *
 * <p>Keys relative to the data root ("rel" keys: {@code node0/wal/…}, what a snapshot names and
 * what a backup stores) and store keys differ when pointed at an owner: {@link #relOf} and
 * {@link #keyOf} map between them.
 *
 * @param root        the prefix as given, normalised
 * @param ownerId     when pointed at a node or cluster directory: its id; else {@code null}
 * @param dataRoot    the data root key: {@code root}, or its parent when pointed at a node (when
 *                    {@code root} is the store's own root the data root lies outside the store)
 * @param ownerSource where {@code ownerId} came from: {@code given}, {@code snapshots} (the
 *                    {@code node_id} the server wrote into them) or {@code folder} (the directory's
 *                    name); {@code null} when not pointed at an owner
 */
public record RootShape(String root, String ownerId, String dataRoot, String ownerSource) {

    /** Names that only occur directly inside a node or cluster directory. */
    private static final Set<String> OWNER_CHILDREN = Set.of("wal", "snapshots", "dbs", "catalog", "catalogs",
            "_catalog_checkpoint", "table-snapshots", "db-indices", "table-index-conversion-completed",
            "snapshot-checkpoints", "cs", "cd", "enterprise", "commercial_license", "trial_or_home_license");

    public boolean pointedAtOwner() {
        return ownerId != null;
    }

    /** Looks at the immediate children of {@code prefix} only (one small listing). */
    public static RootShape of(Store store, String prefix) {
        return of(store, prefix, null);
    }

    /**
     * As {@link #of(Store, String)}; {@code ownerHint}, when not {@code null}, is the id of the node
     * when the prefix turns out to be a node directory ({@code --node-id}, or the node a manifest
     * names). Without a hint a directory at the store's own root (a backup folder, a URI pointing
     * into a node) takes its id from its snapshots, because the server reads Parquet files by the
     * paths it wrote there ({@code node0/dbs/…}); any other directory is named by its folder.
     */
    public static RootShape of(Store store, String prefix, String ownerHint) {
        String root = Keys.normalize(prefix);
        for (Entry child : store.children(root)) {
            if (OWNER_CHILDREN.contains(child.name())) {
                if (ownerHint != null) {
                    return new RootShape(root, ownerHint, Keys.parent(root), "given");
                }
                if (!root.isEmpty()) {
                    return new RootShape(root, Keys.name(root), Keys.parent(root), "folder");
                }
                String fromSnapshots = snapshotNodeId(store, root);
                return fromSnapshots != null
                        ? new RootShape(root, fromSnapshots, "", "snapshots")
                        : new RootShape(root, lastSegment(store.location()), "", "folder");
            }
        }
        return new RootShape(root, null, root, null);
    }

    /** The {@code node_id} of the first readable snapshot file in {@code root/snapshots}, if any. */
    private static String snapshotNodeId(Store store, String root) {
        for (Entry e : store.children(Keys.join(root, "snapshots"))) {
            if (e.folder() || PathClassifier.kind("snapshots/" + e.name()) != FileKind.SNAPSHOT) {
                continue;
            }
            try (InputStream in = store.open(e.key())) {
                String id = SnapshotFile.parse(e.key(), in).nodeId();
                if (!id.isEmpty() && !id.contains("/")) {
                    return id;
                }
            } catch (IOException | Ib3Exception unreadable) {
                // the next snapshot may read; a damaged one is reported by the scan itself
            }
        }
        return null;
    }

    private static String lastSegment(String location) {
        String l = location;
        while (l.endsWith("/")) {
            l = l.substring(0, l.length() - 1);
        }
        int slash = l.lastIndexOf('/');
        String name = slash < 0 ? l : l.substring(slash + 1);
        return name.isEmpty() ? "node" : name;
    }

    /** The key relative to the data root ({@code node0/wal/…}) of a store key below {@link #root}. */
    public String relOf(String storeKey) {
        String inside = Keys.relativize(root, storeKey);
        return ownerId != null ? Keys.join(ownerId, inside) : inside;
    }

    /**
     * The store key of a key relative to the data root, or {@code null} when it lies outside what
     * the store holds (another node than the one pointed at).
     */
    public String keyOf(String rel) {
        if (ownerId == null) {
            return Keys.join(root, rel);
        }
        return Keys.isUnder(rel, ownerId) ? Keys.join(root, Keys.relativize(ownerId, rel)) : null;
    }

    /** Splits a key relative to the root into owner id and the path inside the owner; {@code null} for loose root files. */
    String[] split(String relKey) {
        if (ownerId != null) {
            return new String[] {ownerId, relKey};
        }
        int slash = relKey.indexOf('/');
        return slash < 0 ? null : new String[] {relKey.substring(0, slash), relKey.substring(slash + 1)};
    }

    /** Store key prefix of an owner directory. */
    String ownerPrefix(String owner) {
        return ownerId != null ? root : Keys.join(root, owner);
    }
}
