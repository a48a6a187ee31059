package io.ib3.manifest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ib3.error.Ib3Exception;
import io.ib3.store.Entry;
import io.ib3.store.Keys;
import io.ib3.store.Store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * {@code backups list DST}: the backups directly under a root folder. A folder with a manifest is a
 * complete backup (or an invalid one when the manifest does not read); a folder with a journal and no
 * manifest is a run that stopped early. Other folders are not backups and are left out.
 */
public final class BackupCatalog {

    private BackupCatalog() {
    }

    /** The backups found, sorted by name (default names sort by time). */
    public record Listing(String location, List<BackupInfo> backups) {

        public Listing {
            backups = List.copyOf(backups);
        }

        /** {@code {"location":…, "backups":[{name, state, createdAt, completedAt, objects, bytes, recoveryPoint, problem}]}}. */
        public ObjectNode json() {
            ObjectNode root = JsonNodeFactory.instance.objectNode();
            root.put("location", location);
            ArrayNode list = root.putArray("backups");
            for (BackupInfo b : backups) {
                ObjectNode o = list.addObject();
                o.put("name", b.name());
                o.put("state", b.state().label());
                o.put("type", b.type());
                o.put("parent", b.parent());
                o.put("createdAt", b.createdAt() == null ? null : b.createdAt().toString());
                o.put("completedAt", b.completedAt() == null ? null : b.completedAt().toString());
                boolean counted = b.state() != BackupInfo.State.FOREIGN && b.state() != BackupInfo.State.RETIRED;
                o.put("objects", counted ? b.objects() : null);
                o.put("bytes", counted ? b.bytes() : null);
                o.put("ownBytes", counted ? b.ownBytes() : null);
                o.put("source", b.summary() == null ? null : b.summary().source());
                ArrayNode rps = o.putArray("recoveryPoint");
                b.recoveryPoint().forEach(rp -> rps.add(recoveryPointJson(rp)));
                o.put("problem", b.problem());
                o.put("origin", b.origin());
                o.put("sourceMissing", b.sourceMissing());
                o.put("sourceMissingAccepted", b.accepted());
            }
            return root;
        }
    }

    public static Listing list(Store root) {
        List<BackupInfo> out = new ArrayList<>();
        for (Entry child : root.children("")) {
            if (!child.folder()) {
                continue;
            }
            Store folder = root.at(child.key());
            BackupInfo info = describe(child.name(), folder);
            if (info != null) {
                out.add(info);
            }
        }
        out.sort(Comparator.comparing(BackupInfo::name));
        return new Listing(root.location(), out);
    }

    /** What one folder under a backup root is; {@code null} when it is no backup of any kind. */
    public static BackupInfo describe(String name, Store folder) {
        if (isFile(folder, ManifestCodec.RETIRED)) {
            Manifest was = null;
            try {
                was = ManifestCodec.readSummary(folder, ManifestCodec.RETIRED);
            } catch (Ib3Exception unreadable) {
                // what it was does not matter any more: it only holds objects for others
            }
            return new BackupInfo(name, BackupInfo.State.RETIRED, was, null, 0, 0,
                    "removed; holds objects that kept backups of its chain still use");
        }
        if (isFile(folder, ManifestCodec.FILE)) {
            try {
                return new BackupInfo(name, BackupInfo.State.COMPLETE, ManifestCodec.readSummary(folder), null, 0, 0, null);
            } catch (Ib3Exception e) {
                return new BackupInfo(name, BackupInfo.State.INVALID, null, null, 0, 0, e.getMessage());
            }
        }
        if (Journal.exists(folder, Journal.DEFAULT_PREFIX)) {
            Map<String, Journal.Record> done = Journal.read(folder, Journal.DEFAULT_PREFIX);
            long bytes = done.values().stream().mapToLong(Journal.Record::size).sum();
            return new BackupInfo(name, BackupInfo.State.INCOMPLETE, null, Journal.firstStarted(folder, Journal.DEFAULT_PREFIX),
                    done.size(), bytes, null);
        }
        if (looksLikeInfluxTree(folder)) {
            return new BackupInfo(name, BackupInfo.State.FOREIGN, null, null, 0, 0,
                    "no ib3 manifest (a copy script's backup?): 'backups adopt' checks it and makes it restorable");
        }
        return null;
    }

    private static boolean isFile(Store folder, String key) {
        return folder.stat(key).map(e -> !e.folder()).orElse(false);
    }

    /** Names that only occur directly inside an InfluxDB 3 node or cluster folder. */
    private static final java.util.Set<String> OWNER_CHILDREN = java.util.Set.of("wal", "snapshots", "dbs", "catalog",
            "catalogs", "_catalog_checkpoint", "cs", "cd", "enterprise");

    /**
     * A folder a copy script wrote: node files at its top (the Core file-system script) or in node
     * folders one level down. Two small listings at most; nothing is read.
     */
    private static boolean looksLikeInfluxTree(Store folder) {
        List<Entry> children = folder.children("");
        if (children.stream().anyMatch(c -> OWNER_CHILDREN.contains(c.name()))) {
            return true;
        }
        for (Entry c : children) {
            if (c.folder() && folder.children(c.key()).stream().anyMatch(g -> OWNER_CHILDREN.contains(g.name()))) {
                return true;
            }
        }
        return false;
    }

    /** The JSON form of a recovery point, shared by {@code verify --json} and {@code backups list --json}. */
    public static ObjectNode recoveryPointJson(RecoveryPoint rp) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("node", rp.node());
        o.put("snapshot", rp.snapshot());
        o.put("walFirst", rp.walFirst());
        o.put("walLast", rp.walLast());
        o.put("minTime", rp.minTime());
        o.put("maxTime", rp.maxTime());
        o.put("catalogSequence", rp.catalogSequence());
        return o;
    }
}
