package io.ib3.sample;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ib3.layout.CatalogGeneration;
import io.ib3.layout.CatalogV3Header;
import io.ib3.layout.FramedCatalogFile;
import io.ib3.layout.ParquetFileRef;
import io.ib3.layout.ParquetFrame;
import io.ib3.layout.Seqs;
import io.ib3.layout.ServerJson;
import io.ib3.layout.SnapshotFile;
import io.ib3.layout.WalHeader;
import io.ib3.store.Keys;
import io.ib3.store.Store;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.IntSupplier;

/**
 * Fluent description of a sample tree; {@link #writeTo} writes it. Defaults: catalog v3, 5
 * snapshots with gaps in their numbers, 4 WAL files per snapshot, 3 snapshotted WAL files kept, 2
 * WAL files after the newest snapshot, database {@code sensors} with tables {@code cpu} and
 * {@code mem}, no staging, no derived files, no retention.
 */
public final class SampleTreeBuilder {

    /** 2026-06-17T14:00:00Z: gen1 windows of the first snapshot start here. */
    private static final long BASE_TIME_NS = 1_781_704_800_000_000_000L;
    private static final long TEN_MINUTES_NS = 600_000_000_000L;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter HOUR_MINUTE = DateTimeFormatter.ofPattern("HH-mm").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy-MM").withZone(ZoneOffset.UTC);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final String clusterId;
    private final String coreNodeId;
    private final List<String> ingestNodes = new ArrayList<>();
    private String compactor;
    private CatalogGeneration generation = CatalogGeneration.V3;
    private boolean staleCatalogs;
    private int snapshots = 5;
    private boolean snapshotGaps = true;
    private int walPerSnapshot = 4;
    private int walKept = 3;
    private int walAfterSnapshot = 2;
    private final Map<String, List<String>> databases = new LinkedHashMap<>();
    private boolean staging;
    private boolean derived;
    private boolean retention;
    private boolean legacyParquetPaths;
    private boolean catalogBehindSnapshots;
    private boolean pachaTree;
    private String builtinBackup;
    private int parquetBytes = 200;
    private IntSupplier parquetSizes;
    private int walBytes = 48;
    private long seed = 42;

    SampleTreeBuilder(String clusterId, String coreNodeId) {
        this.clusterId = clusterId;
        this.coreNodeId = coreNodeId;
    }

    /** Live catalog generation (v1 = 3.0–3.3, v2 = 3.4–3.9, v3 = 3.10+). */
    public SampleTreeBuilder catalog(CatalogGeneration g) {
        this.generation = g;
        return this;
    }

    /** Leave the older catalog generations behind, ending in {@code idb3.EOF.l}, as upgrades do. */
    public SampleTreeBuilder staleCatalogs(boolean on) {
        this.staleCatalogs = on;
        return this;
    }

    /** Number of snapshot files per node (0 = a node that never snapshotted). */
    public SampleTreeBuilder snapshots(int n) {
        this.snapshots = n;
        return this;
    }

    /** Skip a sequence number after every second snapshot, as servers before 3.9.13 do for empty snapshots. */
    public SampleTreeBuilder snapshotGaps(boolean on) {
        this.snapshotGaps = on;
        return this;
    }

    /** WAL files each snapshot covers. */
    public SampleTreeBuilder walPerSnapshot(int n) {
        this.walPerSnapshot = Math.max(1, n);
        return this;
    }

    /** Snapshotted WAL files still present (up to and including the newest snapshot's). */
    public SampleTreeBuilder walKept(int n) {
        this.walKept = Math.max(0, n);
        return this;
    }

    /** WAL files written after the newest snapshot (the ones a restore replays). */
    public SampleTreeBuilder walAfterSnapshot(int n) {
        this.walAfterSnapshot = Math.max(0, n);
        return this;
    }

    /** Adds a database with tables; the first call replaces the default {@code sensors: cpu, mem}. */
    public SampleTreeBuilder database(String name, String... tables) {
        databases.put(name, List.of(tables));
        return this;
    }

    /** Write in-progress upload files ({@code …#n}) as the file object store leaves them mid-write. */
    public SampleTreeBuilder staging(boolean on) {
        this.staging = on;
        return this;
    }

    /** Write the derived group (table-snapshots, db-indices, conversion marker, snapshot-checkpoints). */
    public SampleTreeBuilder derived(boolean on) {
        this.derived = on;
        return this;
    }

    /** The newest snapshot removes the first snapshot's files, which are then deleted. */
    public SampleTreeBuilder retention(boolean on) {
        this.retention = on;
        return this;
    }

    /** Parquet under {@code dbs/{name}-{id}/{name}-{id}/} as 3.0–3.5 write it. */
    public SampleTreeBuilder legacyParquetPaths(boolean on) {
        this.legacyParquetPaths = on;
        return this;
    }

    /** Snapshots record a catalog sequence newer than the catalog (an inconsistent copy). */
    public SampleTreeBuilder catalogBehindSnapshots(boolean on) {
        this.catalogBehindSnapshots = on;
        return this;
    }

    /** Enterprise ingest/query nodes. */
    public SampleTreeBuilder nodes(String... ids) {
        requireEnterprise("nodes");
        ingestNodes.addAll(List.of(ids));
        return this;
    }

    /** Enterprise compactor node with {@code cs/}, {@code cd/} and {@code c/} files. */
    public SampleTreeBuilder compactor(String id) {
        requireEnterprise("compactor");
        this.compactor = id;
        return this;
    }

    /** Add upgraded-engine ({@code .pt}) objects to every node. */
    public SampleTreeBuilder pachaTree(boolean on) {
        this.pachaTree = on;
        return this;
    }

    /** An Enterprise built-in backup image under {@code cluster/backups/NAME/}. */
    public SampleTreeBuilder builtinBackup(String name) {
        requireEnterprise("builtinBackup");
        this.builtinBackup = name;
        return this;
    }

    /** Body bytes of each Parquet file (framing adds a little). */
    public SampleTreeBuilder parquetBytes(int n) {
        this.parquetBytes = Math.max(0, n);
        return this;
    }

    /**
     * Body bytes of each Parquet file, asked once per file in the order they are written; overrides
     * {@link #parquetBytes} (the benchmark's mix of 4 KiB to 64 MiB files).
     */
    public SampleTreeBuilder parquetSizes(IntSupplier sizes) {
        this.parquetSizes = sizes;
        return this;
    }

    /** Body bytes of each WAL file. */
    public SampleTreeBuilder walBytes(int n) {
        this.walBytes = Math.max(0, n);
        return this;
    }

    public SampleTreeBuilder seed(long s) {
        this.seed = s;
        return this;
    }

    private void requireEnterprise(String what) {
        if (clusterId == null) {
            throw new IllegalStateException(what + "() is for Enterprise trees");
        }
    }

    /**
     * The bytes of a snapshot file as the server writes them (pretty JSON), for the sample trees and
     * for simulators that persist snapshots one at a time.
     */
    public static byte[] snapshotJson(SnapshotFile snapshot) {
        return ServerJson.pretty(snapshot.toJson());
    }

    // ---------------------------------------------------------------- writing

    /** Writes the tree under {@code prefix} ("" = store root) and describes what it wrote. */
    public SampleTree writeTo(Store store, String prefix) {
        return new Writer(store, Keys.normalize(prefix)).write();
    }

    private final class Writer {
        private final Store store;
        private final String prefix;
        private final SplittableRandom random = new SplittableRandom(seed);
        private final TreeSet<String> keys = new TreeSet<>();
        private final List<String> stagingKeys = new ArrayList<>();
        private final List<String> derivedKeys = new ArrayList<>();
        private final List<String> deletedKeys = new ArrayList<>();
        private final Map<String, List<String>> dbs;
        private final List<String> catalogNodes;
        /** Catalog sequence after all databases and tables exist: what snapshots record. */
        private final long createdSequence;
        private final long catalogSequence;

        Writer(Store store, String prefix) {
            this.store = store;
            this.prefix = prefix;
            this.dbs = databases.isEmpty() ? Map.of("sensors", List.of("cpu", "mem")) : databases;
            this.catalogNodes = clusterId == null ? List.of(coreNodeId) : allEnterpriseNodes();
            long tables = dbs.values().stream().mapToLong(List::size).sum();
            this.createdSequence = catalogNodes.size() + dbs.size() + tables;
            // two later mutations (e.g. a token and a retention change) keep the newest log above the snapshot
            this.catalogSequence = createdSequence + 2;
        }

        private List<String> allEnterpriseNodes() {
            List<String> all = new ArrayList<>(ingestNodes);
            if (compactor != null) {
                all.add(compactor);
            }
            return all;
        }

        SampleTree write() {
            String owner = clusterId == null ? coreNodeId : clusterId;
            List<CatalogGeneration> stale = new ArrayList<>();
            if (staleCatalogs) {
                for (CatalogGeneration g : CatalogGeneration.values()) {
                    if (g.ordinal() < generation.ordinal()) {
                        stale.add(g);
                    }
                }
            }
            List<SampleTree.Node> nodes = new ArrayList<>();
            long snapshotCatalogSeq = catalogBehindSnapshots ? catalogSequence + 3 : createdSequence;
            if (clusterId == null) {
                nodes.add(writeIngestNode(coreNodeId, "core", 0, snapshotCatalogSeq));
            } else {
                for (int i = 0; i < ingestNodes.size(); i++) {
                    nodes.add(writeIngestNode(ingestNodes.get(i), "ingest", i, snapshotCatalogSeq));
                }
                if (compactor != null) {
                    nodes.add(writeCompactor(compactor));
                }
                writeClusterFiles();
            }
            // catalog last, as the server's own order leaves it newest
            for (CatalogGeneration g : stale) {
                long seq = catalogSequence - (generation.ordinal() - g.ordinal());
                writeCatalog(owner, g, Math.max(createdSequence, seq), true);
            }
            writeCatalog(owner, generation, catalogSequence, false);
            return new SampleTree(clusterId == null ? "core" : "enterprise", clusterId, prefix, owner, generation, catalogSequence,
                    List.copyOf(stale), List.copyOf(nodes), List.copyOf(keys), List.copyOf(stagingKeys), List.copyOf(derivedKeys),
                    List.copyOf(deletedKeys));
        }

        // ------------------------------------------------------------ nodes

        private SampleTree.Node writeIngestNode(String node, String role, int index, long snapshotCatalogSeq) {
            List<Long> seqs = new ArrayList<>();
            for (int i = 1, seq = 1; i <= snapshots; i++, seq++) {
                seqs.add((long) seq);
                if (snapshotGaps && i % 2 == 0) {
                    seq++;
                }
            }
            long fileId = 0;
            long parquetCount = 0;
            long parquetSize = 0;
            List<ParquetFileRef> firstSnapshotFiles = List.of();
            List<ParquetFileRef> cumulative = new ArrayList<>();
            long lastWal = 0;
            long lastChunk = BASE_TIME_NS;
            for (int i = 0; i < seqs.size(); i++) {
                long wal = (long) (i + 1) * walPerSnapshot;
                long chunk = BASE_TIME_NS + (long) (i + index) * TEN_MINUTES_NS;
                List<ParquetFileRef> added = new ArrayList<>();
                long dbId = 1;
                for (Map.Entry<String, List<String>> db : dbs.entrySet()) {
                    long tableId = 0;
                    for (String table : db.getValue()) {
                        String path = parquetPath(node, db.getKey(), dbId, table, tableId, chunk, wal);
                        byte[] bytes = parquet();
                        long rows = 10 + random.nextInt(90);
                        added.add(new ParquetFileRef(dbId, tableId, fileId++, path, bytes.length, rows, chunk, chunk,
                                chunk + TEN_MINUTES_NS - 1_000_000_000L));
                        put(path, bytes);
                        parquetCount++;
                        parquetSize += bytes.length;
                        tableId++;
                    }
                    dbId++;
                }
                List<ParquetFileRef> removed = List.of();
                if (retention && i == seqs.size() - 1 && seqs.size() > 1) {
                    removed = firstSnapshotFiles;
                    for (ParquetFileRef r : removed) {
                        remove(r.path());
                        parquetCount--;
                        parquetSize -= r.sizeBytes();
                        deletedKeys.add(key(r.path()));
                    }
                    cumulative.removeAll(removed);
                }
                if (i == 0) {
                    firstSnapshotFiles = added;
                }
                cumulative.addAll(added);
                long size = added.stream().mapToLong(ParquetFileRef::sizeBytes).sum();
                long rows = added.stream().mapToLong(ParquetFileRef::rowCount).sum();
                long min = added.stream().mapToLong(ParquetFileRef::minTime).min().orElse(Long.MAX_VALUE);
                long max = added.stream().mapToLong(ParquetFileRef::maxTime).max().orElse(Long.MIN_VALUE);
                SnapshotFile snap = new SnapshotFile(null, node, fileId, seqs.get(i), wal, snapshotCatalogSeq, size, rows, min, max,
                        added, removed, true);
                put(Keys.join(node, Seqs.snapshotPath(seqs.get(i))), snapshotJson(snap));
                lastWal = wal;
                lastChunk = chunk;
            }
            long walFirst = seqs.isEmpty() ? 1 : Math.max(1, lastWal - walKept + 1);
            long walLast = lastWal + walAfterSnapshot;
            if (seqs.isEmpty() || walKept == 0) {
                walFirst = lastWal + 1;
            }
            for (long w = walFirst; w <= walLast; w++) {
                put(Keys.join(node, Seqs.walPath(w)), WalHeader.frame(bytes(walBytes)));
            }
            if (walLast < walFirst) {
                walFirst = 0;
                walLast = 0;
            }
            if (staging) {
                String walStage = Keys.join(node, Seqs.walPath(Math.max(walLast, lastWal) + 1) + "#1");
                put(walStage, WalHeader.frame(bytes(walBytes / 2)));
                stagingKeys.add(key(walStage));
                String pqStage = Keys.join(node, "dbs", "1", "0", DAY.format(Instant.ofEpochSecond(0, lastChunk)), "23-50",
                        Seqs.pad(lastWal + walPerSnapshot, 10) + ".parquet#4");
                put(pqStage, bytes(parquetBytes / 3));
                stagingKeys.add(key(pqStage));
            }
            if (derived && !seqs.isEmpty()) {
                writeDerived(node, seqs.get(seqs.size() - 1), lastWal, snapshotCatalogSeq, fileId, cumulative, lastChunk);
            }
            if (pachaTree) {
                for (int i = 1; i <= 3; i++) {
                    put(Keys.join(node, "gen0", Seqs.pad20(i) + ".pt"), bytes(64));
                }
            }
            return new SampleTree.Node(node, role, List.copyOf(seqs), lastWal, walFirst, walLast, parquetCount, parquetSize,
                    seqs.isEmpty() ? 0 : snapshotCatalogSeq);
        }

        private String parquetPath(String node, String db, long dbId, String table, long tableId, long chunk, long wal) {
            Instant t = Instant.ofEpochSecond(0, chunk);
            String dbSeg = legacyParquetPaths ? db + "-" + dbId : Long.toString(dbId);
            String tableSeg = legacyParquetPaths ? table + "-" + tableId : Long.toString(tableId);
            return Keys.join(node, "dbs", dbSeg, tableSeg, DAY.format(t), HOUR_MINUTE.format(t), Seqs.pad(wal, 10) + ".parquet");
        }

        private void writeDerived(String node, long seq, long wal, long catSeq, long nextFileId, List<ParquetFileRef> files, long chunk) {
            Map<String, List<ParquetFileRef>> byTable = new LinkedHashMap<>();
            for (ParquetFileRef f : files) {
                byTable.computeIfAbsent(f.dbId() + "/" + f.tableId(), k -> new ArrayList<>()).add(f);
            }
            for (Map.Entry<String, List<ParquetFileRef>> e : byTable.entrySet()) {
                String[] ids = e.getKey().split("/");
                ObjectNode index = JSON.objectNode();
                index.put("node_id", node);
                index.put("db_id", Long.parseLong(ids[0]));
                index.put("table_id", Long.parseLong(ids[1]));
                index.set("files", filesArray(e.getValue()));
                index.put("latest_snapshot_sequence_number", seq);
                putMetadata(index, e.getValue());
                putDerived(Keys.join(node, "db-indices", ids[0], ids[1], "index.info.json"), ServerJson.pretty(index));
                ObjectNode split = index.deepCopy();
                split.remove("latest_snapshot_sequence_number");
                split.put("snapshot_sequence_number", seq);
                split.set("removed_files", JSON.arrayNode());
                putDerived(Keys.join(node, "table-snapshots", ids[0], ids[1], Seqs.pad20(seq) + ".info.json"), ServerJson.pretty(split));
            }
            ObjectNode marker = JSON.objectNode();
            marker.put("last_sequence_number", seq);
            putDerived(Keys.join(node, "table-index-conversion-completed"), ServerJson.pretty(marker));
            String month = MONTH.format(Instant.ofEpochSecond(0, chunk));
            SnapshotFile cumulative = new SnapshotFile(null, node, nextFileId, seq, wal, catSeq, 0, 0, 0, 0, files, List.of(), false);
            ObjectNode cp = JSON.objectNode();
            cp.put("version", "1");
            cp.put("node_id", node);
            cp.put("year_month", month);
            cp.put("last_snapshot_sequence_number", seq);
            cp.put("next_file_id", nextFileId);
            cp.put("wal_file_sequence_number", wal);
            cp.put("catalog_sequence_number", catSeq);
            putMetadata(cp, files);
            cp.set("databases", cumulative.toJson().get("databases"));
            cp.set("pending_removed_files", JSON.arrayNode());
            putDerived(Keys.join(node, "snapshot-checkpoints", month, Seqs.inverted(seq) + ".checkpoint.json"), ServerJson.pretty(cp));
        }

        private ArrayNode filesArray(List<ParquetFileRef> files) {
            ArrayNode arr = JSON.arrayNode();
            for (ParquetFileRef f : files) {
                ObjectNode p = JSON.objectNode();
                p.put("id", f.id());
                p.put("path", f.path());
                p.put("size_bytes", f.sizeBytes());
                p.put("row_count", f.rowCount());
                p.put("chunk_time", f.chunkTime());
                p.put("min_time", f.minTime());
                p.put("max_time", f.maxTime());
                arr.add(p);
            }
            return arr;
        }

        private void putMetadata(ObjectNode o, List<ParquetFileRef> files) {
            o.put("parquet_size_bytes", files.stream().mapToLong(ParquetFileRef::sizeBytes).sum());
            o.put("row_count", files.stream().mapToLong(ParquetFileRef::rowCount).sum());
            o.put("min_time", files.stream().mapToLong(ParquetFileRef::minTime).min().orElse(Long.MAX_VALUE));
            o.put("max_time", files.stream().mapToLong(ParquetFileRef::maxTime).max().orElse(Long.MIN_VALUE));
        }

        private SampleTree.Node writeCompactor(String node) {
            long parquetCount = 0;
            long parquetSize = 0;
            for (int i = 1; i <= 2; i++) {
                put(Keys.join(node, "cs", Seqs.pad20(i) + ".json"), json("{\"summary_sequence\":" + i + ",\"generations\":[" + i + "]}"));
                put(Keys.join(node, "cd", Seqs.pad20(i) + ".json"), json("{\"compaction_sequence\":" + i + "}"));
            }
            put(Keys.join(node, "c/2b/56d/67c/79.json"), json("{\"generation_id\":79,\"level\":2}"));
            byte[] compacted = parquet();
            put(Keys.join(node, "c/2b/56d/67c/79/0000000001.parquet"), compacted);
            if (staging) {
                String s = Keys.join(node, "cs", Seqs.pad20(3) + ".json#2");
                put(s, json("{}"));
                stagingKeys.add(key(s));
            }
            return new SampleTree.Node(node, "compactor", List.of(), 0, 0, 0, parquetCount, parquetSize, 0);
        }

        private void writeClusterFiles() {
            put(Keys.join(clusterId, "enterprise"), json("{\"cluster_id\":\"" + clusterId + "\",\"sample\":true}"));
            // opaque, server-managed; this is sample text, not a licence
            put(Keys.join(clusterId, "commercial_license"), "ib3 sample licence placeholder".getBytes(StandardCharsets.US_ASCII));
            if (builtinBackup != null) {
                put(Keys.join(clusterId, "backups", builtinBackup, "manifest.json"), json("{\"name\":\"" + builtinBackup + "\"}"));
                put(Keys.join(clusterId, "backups", builtinBackup, "data", Seqs.pad20(1) + ".pt"), bytes(64));
            }
        }

        // ------------------------------------------------------------ catalog

        private void writeCatalog(String owner, CatalogGeneration g, long seq, boolean stale) {
            // the checkpoint/snapshot lags the newest log by one, as checkpoints are periodic
            long snapshotSeq = seq - 1;
            if (g == CatalogGeneration.V3) {
                byte[] uuid = new byte[16];
                new SplittableRandom(seed ^ 0x5eed).nextBytes(uuid);
                List<CatalogV3Header.Record> all = new ArrayList<>();
                for (long s = 1; s <= seq; s++) {
                    CatalogV3Header.Record r = v3Record(s);
                    all.add(r);
                    put(g.logKey(owner, s), CatalogV3Header.build(false, uuid, s, List.of(r)));
                }
                put(g.snapshotKey(owner), CatalogV3Header.build(true, uuid, snapshotSeq, all.subList(0, (int) snapshotSeq)));
                return;
            }
            String format = g == CatalogGeneration.V1 ? "003" : "004";
            for (long s = 1; s <= seq; s++) {
                put(g.logKey(owner, s), FramedCatalogFile.frame("idb3." + format + ".l", ServerJson.compact(logPayload(s))));
            }
            put(g.snapshotKey(owner), FramedCatalogFile.frame("idb3." + format + ".s", ServerJson.compact(snapshotPayload(owner, snapshotSeq))));
            if (stale) {
                put(g.logKey(owner, seq + 1), FramedCatalogFile.eofMarker());
            }
        }

        /** What the catalog sequence {@code s} created: nodes first, then each database and its tables. */
        private String[] mutation(long s) {
            long i = 1;
            for (String n : catalogNodes) {
                if (i++ == s) {
                    return new String[] {"Node", n};
                }
            }
            for (Map.Entry<String, List<String>> db : dbs.entrySet()) {
                if (i++ == s) {
                    return new String[] {"Database", db.getKey()};
                }
                for (String t : db.getValue()) {
                    if (i++ == s) {
                        return new String[] {"Table", db.getKey(), t};
                    }
                }
            }
            return new String[] {"Token", "token" + s};
        }

        private CatalogV3Header.Record v3Record(long s) {
            String[] m = mutation(s);
            int id = switch (m[0]) {
                case "Node" -> 1;
                case "Database" -> 4;
                case "Table" -> 6;
                default -> 20;
            };
            // bodies are bitcode on a real server; opaque bytes here, as ib3 never decodes them
            return new CatalogV3Header.Record(id, s, String.join("\u0000", m).getBytes(StandardCharsets.UTF_8));
        }

        private ObjectNode logPayload(long s) {
            String[] m = mutation(s);
            ObjectNode op = JSON.objectNode();
            op.put("time_ns", BASE_TIME_NS - 3_600_000_000_000L + s * 1_000_000_000L);
            switch (m[0]) {
                case "Node" -> op.put("node_id", m[1]);
                case "Database" -> op.put("database_name", m[1]);
                case "Table" -> op.put("database_name", m[1]).put("table_name", m[2]);
                default -> op.put("token_name", m[1]);
            }
            ObjectNode batch = JSON.objectNode();
            batch.set(m[0].equals("Table") ? "Database" : m[0], op);
            ObjectNode log = JSON.objectNode();
            log.set("catalog_batch", batch);
            log.put("sequence_number", s);
            return log;
        }

        private ObjectNode snapshotPayload(String owner, long seq) {
            ObjectNode root = JSON.objectNode();
            root.set("generation_config", JSON.objectNode().set("generation_durations", JSON.arrayNode()));
            ArrayNode nodeRepo = JSON.arrayNode();
            for (int i = 0; i < catalogNodes.size(); i++) {
                ObjectNode n = JSON.objectNode();
                n.put("node_id", catalogNodes.get(i));
                n.put("node_catalog_id", i);
                n.put("core_count", 1);
                nodeRepo.add(JSON.arrayNode().add(i).add(n));
            }
            root.set("nodes", repo(nodeRepo, catalogNodes.size()));
            ArrayNode dbRepo = JSON.arrayNode();
            long dbId = 1;
            for (Map.Entry<String, List<String>> db : dbs.entrySet()) {
                ArrayNode tableRepo = JSON.arrayNode();
                long tableId = 0;
                for (String t : db.getValue()) {
                    ObjectNode table = JSON.objectNode();
                    table.put("table_id", tableId);
                    table.put("table_name", t);
                    table.set("key", JSON.arrayNode());
                    table.set("columns", repo(JSON.arrayNode(), 0));
                    table.put("deleted", false);
                    tableRepo.add(JSON.arrayNode().add(tableId++).add(table));
                }
                ObjectNode d = JSON.objectNode();
                d.put("id", dbId);
                d.put("name", db.getKey());
                d.set("tables", repo(tableRepo, tableId));
                d.put("retention_period", "Indefinite");
                d.put("deleted", false);
                d.putNull("hard_delete_time");
                dbRepo.add(JSON.arrayNode().add(dbId++).add(d));
            }
            root.set("databases", repo(dbRepo, dbId));
            root.put("sequence", seq);
            root.set("tokens", repo(JSON.arrayNode(), 0));
            root.put("catalog_id", owner);
            root.put("catalog_uuid", "6f1c2a7e-0000-4000-8000-" + String.format("%012x", seed & 0xffffffffffffL));
            return root;
        }

        private ObjectNode repo(ArrayNode entries, long nextId) {
            ObjectNode o = JSON.objectNode();
            o.set("repo", entries);
            o.put("next_id", nextId);
            return o;
        }

        // ------------------------------------------------------------ bytes

        private byte[] parquet() {
            int n = parquetSizes == null ? parquetBytes : Math.max(0, parquetSizes.getAsInt());
            return ParquetFrame.frame(bytes(n), bytes(24));
        }

        private byte[] bytes(int n) {
            byte[] b = new byte[n];
            random.nextBytes(b);
            return b;
        }

        private byte[] json(String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }

        private String key(String treeKey) {
            return Keys.join(prefix, treeKey);
        }

        private void put(String treeKey, byte[] data) {
            String k = key(treeKey);
            store.write(k, new ByteArrayInputStream(data), data.length);
            keys.add(k);
        }

        private void putDerived(String treeKey, byte[] data) {
            put(treeKey, data);
            derivedKeys.add(key(treeKey));
        }

        private void remove(String treeKey) {
            String k = key(treeKey);
            store.delete(k);
            keys.remove(k);
        }
    }
}
