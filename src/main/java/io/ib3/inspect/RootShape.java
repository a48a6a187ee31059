package io.ib3.inspect;

import io.ib3.store.Entry;
import io.ib3.store.Keys;
import io.ib3.store.Store;

import java.util.Set;

/**
 * Whether a prefix is a data root (holding node and cluster directories) or was pointed directly at
 * one node or cluster directory, which people do often ({@code inspect file:///data/node0}).
 *
 * @param root      the prefix as given, normalised
 * @param ownerId   when pointed at a node or cluster directory: its id; else {@code null}
 * @param dataRoot  the data root key: {@code root}, or its parent when pointed at a node
 */
public record RootShape(String root, String ownerId, String dataRoot) {

    /** Names that only occur directly inside a node or cluster directory. */
    private static final Set<String> OWNER_CHILDREN = Set.of("wal", "snapshots", "dbs", "catalog", "catalogs",
            "_catalog_checkpoint", "table-snapshots", "db-indices", "table-index-conversion-completed",
            "snapshot-checkpoints", "cs", "cd", "enterprise", "commercial_license", "trial_or_home_license");

    public boolean pointedAtOwner() {
        return ownerId != null;
    }

    /** Looks at the immediate children of {@code prefix} only (one small listing). */
    public static RootShape of(Store store, String prefix) {
        String root = Keys.normalize(prefix);
        for (Entry child : store.children(root)) {
            if (OWNER_CHILDREN.contains(child.name())) {
                String id = root.isEmpty() ? lastSegment(store.location()) : Keys.name(root);
                return new RootShape(root, id, Keys.parent(root));
            }
        }
        return new RootShape(root, null, root);
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
