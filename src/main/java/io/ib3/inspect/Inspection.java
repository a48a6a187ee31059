package io.ib3.inspect;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ib3.layout.CatalogGeneration;
import io.ib3.layout.CatalogNames;
import io.ib3.layout.FileKind;
import io.ib3.layout.Product;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * What {@link Inspector} found under a data root: the kind of installation, its catalog, its
 * nodes with snapshots, WAL, Parquet and recovery points, and warnings. Immutable; {@link #toJson()}
 * is the {@code inspect --json} document.
 *
 * @param location    store location, for messages
 * @param root        the inspected prefix ("" = store root)
 * @param kind        core, enterprise, or none (nothing recognisable)
 * @param clusterId   Enterprise cluster id, else {@code null}
 * @param pointedAt   {@code null} normally; "node" or "cluster" when the root was a node or cluster
 *                    directory rather than the data root
 * @param shape       data root or owner directory, and how keys map to keys relative to the data root
 * @param catalog     the live catalog of the cluster (Enterprise) or of the only/first Core node; may be {@code null}
 * @param nodes       nodes sorted by id
 * @param engine      "parquet" or "pachatree"
 * @param licenceFiles Enterprise licence keys
 * @param enterpriseFiles Enterprise configuration keys
 * @param builtinBackups Enterprise built-in backups under {@code backups/}
 * @param unknown     objects outside any node or cluster directory, or in directories with nothing known
 * @param files       total objects listed
 * @param bytes       total bytes listed
 * @param warnings    one line each, for people
 */
public record Inspection(String location, String root, Product kind, String clusterId, String pointedAt, RootShape shape,
                         CatalogInfo catalog, List<NodeInfo> nodes, String engine, List<String> licenceFiles,
                         List<String> enterpriseFiles, List<BuiltinBackup> builtinBackups, Counter unknown,
                         long files, long bytes, List<String> warnings) {

    /** The data root as a key of the store (the parent of root when pointedAt is set). */
    public String dataRoot() {
        return shape.dataRoot();
    }

    public NodeInfo node(String id) {
        return nodes.stream().filter(n -> n.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node " + id));
    }

    public boolean isPachaTree() {
        return "pachatree".equals(engine);
    }

    /** A count of objects and bytes with a few example keys. */
    public record Counter(long files, long bytes, List<String> sample) {
        public static final Counter ZERO = new Counter(0, 0, List.of());
    }

    /**
     * A live catalog.
     *
     * @param owner          node or cluster id that holds it ({@code <owner>/catalog/…})
     * @param ownerPrefix    its key prefix in the store
     * @param generation     live generation
     * @param sequence       newest catalog sequence: max of snapshot sequence and newest log name
     * @param snapshotKey    key of the checkpoint/snapshot, {@code null} when there is none
     * @param snapshotSequence sequence inside the snapshot, {@code null} when unread
     * @param logs           log numbers present
     * @param newestLogKey   key of the newest log, {@code null} without logs
     * @param crcOk          the snapshot and newest log passed their CRC checks (v3: header CRC of the
     *                       snapshot, header and payload CRC of the newest log)
     * @param uuid           v3 catalog uuid as stored (32 hex digits), else {@code null}
     * @param files          objects of the live generation
     * @param bytes          their bytes
     * @param stale          older generations left behind
     * @param names          database and table names by id (v1/v2 JSON or a v2 leftover; empty otherwise)
     */
    public record CatalogInfo(String owner, String ownerPrefix, CatalogGeneration generation, long sequence, String snapshotKey,
                              Long snapshotSequence, SeqSummary logs, String newestLogKey, boolean crcOk, String uuid,
                              long files, long bytes, List<StaleCatalog> stale, CatalogNames names) {
    }

    /**
     * A frozen older catalog generation.
     *
     * @param upgradeMarker whether its newest log is the {@code idb3.EOF.l} marker; {@code null} if unreadable
     */
    public record StaleCatalog(CatalogGeneration generation, long files, long bytes, long sequence, Boolean upgradeMarker) {
    }

    /**
     * Sequence numbers found in names.
     *
     * @param gaps     the first missing ranges (at most 20)
     * @param missing  total missing numbers between first and last
     */
    public record SeqSummary(long count, Long first, Long last, List<SequenceList.Range> gaps, long missing) {
        public static final SeqSummary EMPTY = new SeqSummary(0, null, null, List.of(), 0);
    }

    /**
     * The newest snapshot's header.
     *
     * @param minTime {@code null} for a snapshot that added nothing
     */
    public record SnapshotSummary(String key, long sequence, long walSequence, long catalogSequence, Long minTime, Long maxTime,
                                  long parquetSizeBytes, long rowCount, int addedFiles, int removedFiles, String nodeId) {
    }

    /**
     * WAL files of a node.
     *
     * @param pastSnapshot         files numbered above the newest snapshot's WAL sequence (replayed on start)
     * @param missingAfterSnapshot gaps among those: data a restore would lose
     */
    public record WalSummary(SeqSummary files, long bytes, long pastSnapshot, List<SequenceList.Range> missingAfterSnapshot) {
    }

    public record TableUsage(String id, String name, long files, long bytes) {
    }

    public record DatabaseUsage(String id, String name, long files, long bytes, List<TableUsage> tables) {
    }

    public record ParquetSummary(long files, long bytes, List<DatabaseUsage> databases) {
    }

    /**
     * Where a restore of this node lands: the newest snapshot and the WAL replayed after it.
     *
     * @param snapshot    newest snapshot sequence, {@code null} without snapshots
     * @param walSequence the snapshot's WAL sequence (0 without snapshot)
     * @param walFirst    first WAL file replayed, {@code null} when none
     * @param walLast     last contiguous WAL file replayed, {@code null} when none
     * @param minTime     newest snapshot's min time (ns), {@code null} when unknown
     * @param maxTime     newest snapshot's max time (ns), {@code null} when unknown
     */
    public record RecoveryPoint(String node, Long snapshot, long walSequence, Long walFirst, Long walLast, Long minTime, Long maxTime) {
    }

    /**
     * One node directory.
     *
     * @param role         "core", "ingest/query" or "compactor"
     * @param catalog      the node's own live catalog (Core), or a leftover one in an Enterprise node; else {@code null}
     * @param latestSnapshot {@code null} without snapshots or when unreadable (then a warning says why)
     * @param byKind       objects and bytes per kind
     */
    public record NodeInfo(String id, String prefix, String role, CatalogInfo catalog, SnapshotSummary latestSnapshot,
                           SeqSummary snapshots, WalSummary wal, ParquetSummary parquet, Counter derived, Counter staging,
                           Counter unknown, Counter compaction, Counter pachatree, RecoveryPoint recoveryPoint,
                           Map<FileKind, Counter> byKind) {
    }

    public record BuiltinBackup(String name, String prefix, long files, long bytes) {
    }

    // ---------------------------------------------------------------- JSON

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** The {@code inspect --json} document (design.md minimum fields plus the details above). */
    public ObjectNode toJson() {
        ObjectNode o = F.objectNode();
        o.put("location", location);
        o.put("root", root);
        o.put("kind", kind.label());
        if (clusterId != null) {
            o.put("clusterId", clusterId);
        }
        if (pointedAt != null) {
            o.put("pointedAt", pointedAt);
            o.put("dataRoot", dataRoot());
            o.put("ownerIdFrom", shape.ownerSource());
        }
        o.set("catalog", catalog == null ? F.nullNode() : catalogJson(catalog));
        ArrayNode ns = o.putArray("nodes");
        for (NodeInfo n : nodes) {
            ns.add(nodeJson(n));
        }
        o.put("engine", engine);
        if (pachaTreeNote() != null) {
            o.put("engineNote", pachaTreeNote());
        }
        strings(o.putArray("licenceFiles"), licenceFiles);
        strings(o.putArray("enterpriseFiles"), enterpriseFiles);
        ArrayNode bb = o.putArray("builtinBackups");
        for (BuiltinBackup b : builtinBackups) {
            bb.addObject().put("name", b.name()).put("prefix", b.prefix()).put("files", b.files()).put("bytes", b.bytes());
        }
        ArrayNode rp = o.putArray("recoveryPoint");
        for (NodeInfo n : nodes) {
            if (n.recoveryPoint() != null) {
                rp.add(recoveryJson(n.recoveryPoint()));
            }
        }
        o.set("unknown", counterJson(unknown));
        o.put("files", files);
        o.put("bytes", bytes);
        strings(o.putArray("warnings"), warnings);
        return o;
    }

    private String pachaTreeNote() {
        return isPachaTree() ? "upgraded storage engine (PachaTree): not supported by file copy" : null;
    }

    private static ObjectNode catalogJson(CatalogInfo c) {
        ObjectNode o = F.objectNode();
        o.put("owner", c.owner());
        o.put("generation", c.generation().label());
        u64(o, "sequence", c.sequence());
        o.put("snapshotKey", c.snapshotKey());
        u64(o, "snapshotSequence", c.snapshotSequence());
        o.set("logs", seqJson(c.logs()));
        o.put("newestLogKey", c.newestLogKey());
        o.put("crcOk", c.crcOk());
        if (c.uuid() != null) {
            o.put("uuid", c.uuid());
        }
        o.put("files", c.files());
        o.put("bytes", c.bytes());
        ArrayNode st = o.putArray("stale");
        for (StaleCatalog s : c.stale()) {
            ObjectNode so = st.addObject();
            so.put("generation", s.generation().label());
            u64(so, "sequence", s.sequence());
            so.put("files", s.files());
            so.put("bytes", s.bytes());
            if (s.upgradeMarker() == null) {
                so.putNull("upgradeMarker");
            } else {
                so.put("upgradeMarker", s.upgradeMarker());
            }
        }
        ArrayNode dbs = o.putArray("databases");
        c.names().databases().forEach((id, name) -> dbs.addObject().put("id", id).put("name", name));
        return o;
    }

    private static ObjectNode nodeJson(NodeInfo n) {
        ObjectNode o = F.objectNode();
        o.put("id", n.id());
        o.put("prefix", n.prefix());
        o.put("role", n.role());
        if (n.catalog() != null) {
            o.set("catalog", catalogJson(n.catalog()));
        }
        if (n.latestSnapshot() == null) {
            o.putNull("latestSnapshot");
        } else {
            SnapshotSummary s = n.latestSnapshot();
            ObjectNode so = o.putObject("latestSnapshot");
            so.put("key", s.key());
            u64(so, "sequence", s.sequence());
            u64(so, "walSequence", s.walSequence());
            u64(so, "catalogSequence", s.catalogSequence());
            putNullable(so, "minTime", s.minTime());
            putNullable(so, "maxTime", s.maxTime());
            u64(so, "parquetSizeBytes", s.parquetSizeBytes());
            u64(so, "rowCount", s.rowCount());
            so.put("addedFiles", s.addedFiles());
            so.put("removedFiles", s.removedFiles());
        }
        o.set("snapshots", seqJson(n.snapshots()));
        ObjectNode wal = seqJson(n.wal().files());
        wal.put("bytes", n.wal().bytes());
        wal.put("pastSnapshot", n.wal().pastSnapshot());
        ArrayNode miss = wal.putArray("missingAfterSnapshot");
        n.wal().missingAfterSnapshot().forEach(r -> miss.add(rangeJson(r)));
        o.set("wal", wal);
        ObjectNode pq = o.putObject("parquet");
        pq.put("files", n.parquet().files());
        pq.put("bytes", n.parquet().bytes());
        ArrayNode dbs = pq.putArray("databases");
        for (DatabaseUsage d : n.parquet().databases()) {
            ObjectNode dob = dbs.addObject();
            dob.put("id", d.id());
            dob.put("name", d.name());
            dob.put("files", d.files());
            dob.put("bytes", d.bytes());
            ArrayNode ts = dob.putArray("tables");
            for (TableUsage t : d.tables()) {
                ts.addObject().put("id", t.id()).put("name", t.name()).put("files", t.files()).put("bytes", t.bytes());
            }
        }
        o.set("derived", counterJson(n.derived()));
        o.set("staging", counterJson(n.staging()));
        o.set("unknown", counterJson(n.unknown()));
        o.set("compaction", counterJson(n.compaction()));
        o.set("pachatree", counterJson(n.pachatree()));
        if (n.recoveryPoint() != null) {
            o.set("recoveryPoint", recoveryJson(n.recoveryPoint()));
        }
        ObjectNode kinds = o.putObject("byKind");
        n.byKind().forEach((k, c) -> kinds.putObject(k.label()).put("files", c.files()).put("bytes", c.bytes()));
        return o;
    }

    private static ObjectNode recoveryJson(RecoveryPoint r) {
        ObjectNode o = F.objectNode();
        o.put("node", r.node());
        u64(o, "snapshot", r.snapshot());
        u64(o, "walSequence", r.walSequence());
        u64(o, "walFirst", r.walFirst());
        u64(o, "walLast", r.walLast());
        putNullable(o, "minTime", r.minTime());
        putNullable(o, "maxTime", r.maxTime());
        if (r.minTime() != null) {
            o.put("from", java.time.Instant.ofEpochSecond(0, r.minTime()).toString());
            o.put("to", java.time.Instant.ofEpochSecond(0, r.maxTime()).toString());
        }
        return o;
    }

    private static ObjectNode seqJson(SeqSummary s) {
        ObjectNode o = F.objectNode();
        o.put("count", s.count());
        u64(o, "first", s.first());
        u64(o, "last", s.last());
        o.put("missing", s.missing());
        ArrayNode g = o.putArray("gaps");
        s.gaps().forEach(r -> g.add(rangeJson(r)));
        return o;
    }

    private static ObjectNode rangeJson(SequenceList.Range r) {
        ObjectNode o = F.objectNode();
        u64(o, "from", r.from());
        u64(o, "to", r.to());
        return o;
    }

    private static ObjectNode counterJson(Counter c) {
        ObjectNode o = F.objectNode();
        o.put("files", c.files());
        o.put("bytes", c.bytes());
        strings(o.putArray("sample"), c.sample());
        return o;
    }

    private static void strings(ArrayNode a, List<String> values) {
        values.forEach(a::add);
    }

    private static void putNullable(ObjectNode o, String field, Long v) {
        if (v == null) {
            o.putNull(field);
        } else {
            o.put(field, v.longValue());
        }
    }

    /** u64 values print unsigned. */
    static void u64(ObjectNode o, String field, Long v) {
        if (v == null) {
            o.putNull(field);
        } else if (v >= 0) {
            o.put(field, v.longValue());
        } else {
            o.put(field, new BigInteger(Long.toUnsignedString(v)));
        }
    }
}
