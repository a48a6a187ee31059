package io.ib3.manifest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ib3.error.Ib3Exception;
import io.ib3.report.Sizes;
import io.ib3.report.Table;
import io.ib3.store.Entry;
import io.ib3.store.Keys;
import io.ib3.store.Store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

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

        public Table table() {
            Table.Builder t = Table.builder("backups in " + location + ": " + backups.size(),
                    "NAME", "STATE", "CREATED", "OBJECTS", "SIZE", "RECOVERY POINT", "NOTE");
            for (BackupInfo b : backups) {
                String rp = b.recoveryPoint().stream().map(BackupCatalog::recoveryPointText).collect(Collectors.joining("; "));
                t.row(b.name(), b.state().label(), b.createdAt() == null ? "?" : b.createdAt().toString(),
                        b.state() == BackupInfo.State.FOREIGN ? "?" : b.objects(),
                        b.state() == BackupInfo.State.FOREIGN ? "?" : Sizes.human(b.bytes()), rp, b.note());
            }
            return t.build();
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
                o.put("createdAt", b.createdAt() == null ? null : b.createdAt().toString());
                o.put("completedAt", b.completedAt() == null ? null : b.completedAt().toString());
                o.put("objects", b.objects());
                o.put("bytes", b.bytes());
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
            boolean hasManifest = folder.stat(ManifestCodec.FILE).map(e -> !e.folder()).orElse(false);
            if (hasManifest) {
                out.add(complete(child.name(), folder));
            } else if (Journal.exists(folder, Journal.DEFAULT_PREFIX)) {
                out.add(incomplete(child.name(), folder));
            } else if (looksLikeInfluxTree(folder)) {
                out.add(new BackupInfo(child.name(), BackupInfo.State.FOREIGN, null, null, List.of(), 0, 0,
                        "no ib3 manifest (a copy script's backup?): 'backups adopt' checks it and makes it restorable"));
            }
        }
        out.sort(Comparator.comparing(BackupInfo::name));
        return new Listing(root.location(), out);
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

    private static BackupInfo complete(String name, Store folder) {
        try {
            Manifest m = ManifestCodec.read(folder);
            return new BackupInfo(name, BackupInfo.State.COMPLETE, m.createdAt(), m.completedAt(), m.recoveryPoint(),
                    m.totals().files(), m.totals().bytes(), null, m.origin().kind(), m.sourceGaps().missing().size(),
                    m.sourceGaps().accepted());
        } catch (Ib3Exception e) {
            return new BackupInfo(name, BackupInfo.State.INVALID, null, null, List.of(), 0, 0, e.getMessage());
        }
    }

    private static BackupInfo incomplete(String name, Store folder) {
        Map<String, Journal.Record> done = Journal.read(folder, Journal.DEFAULT_PREFIX);
        long bytes = done.values().stream().mapToLong(Journal.Record::size).sum();
        Instant started = Journal.firstStarted(folder, Journal.DEFAULT_PREFIX);
        return new BackupInfo(name, BackupInfo.State.INCOMPLETE, started, null, List.of(), done.size(), bytes, null);
    }

    /** "node0: snapshot 12, wal 40-57, catalog 88". */
    static String recoveryPointText(RecoveryPoint rp) {
        StringBuilder s = new StringBuilder(Keys.printable(rp.node())).append(':');
        s.append(" snapshot ").append(rp.snapshot() == null ? "none" : rp.snapshot());
        if (rp.walFirst() != null || rp.walLast() != null) {
            s.append(", wal ").append(rp.walFirst() == null ? "?" : rp.walFirst()).append('-')
                    .append(rp.walLast() == null ? "?" : rp.walLast());
        }
        if (rp.catalogSequence() != null) {
            s.append(", catalog ").append(rp.catalogSequence());
        }
        return s.toString();
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
