package io.ib3.layout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A persisted snapshot ({@code <node>/snapshots/{inv:020}.info.json}; influxdb3-layout.md §2.1).
 * Snapshots are deltas: {@link #added()} are the Parquet files this snapshot created,
 * {@link #removed()} the files retention or hard delete removed.
 *
 * @param key              object key, for messages
 * @param nodeId           {@code node_id} (or the old alias {@code writer_id})
 * @param nextFileId       {@code next_file_id}, {@code null} when redacted
 * @param sequence         {@code snapshot_sequence_number} (u64)
 * @param walSequence      {@code wal_file_sequence_number}: last WAL file included (u64)
 * @param catalogSequence  {@code catalog_sequence_number} (u64)
 * @param parquetSizeBytes declared sum over added files (recorded, not enforced)
 * @param rowCount         declared rows over added files
 * @param minTime          ns; {@code Long.MAX_VALUE} when nothing was added
 * @param maxTime          ns; {@code Long.MIN_VALUE} when nothing was added
 * @param added            files added
 * @param removed          files removed ({@code removed_files}; empty when absent, before 3.2)
 * @param hasRemovedFiles  whether {@code removed_files} was present
 */
public record SnapshotFile(String key, String nodeId, Long nextFileId, long sequence, long walSequence, long catalogSequence,
                           long parquetSizeBytes, long rowCount, long minTime, long maxTime,
                           List<ParquetFileRef> added, List<ParquetFileRef> removed, boolean hasRemovedFiles) {

    private static final String WHAT = "snapshot";
    /** Snapshot manifests are KBs to a few MB; refuse anything absurd. */
    public static final long MAX_SIZE = 512L << 20;

    public SnapshotFile {
        added = List.copyOf(added);
        removed = List.copyOf(removed);
    }

    /** False for a removal-only snapshot, whose min/max are the i64 sentinels. */
    public boolean hasTimeRange() {
        return minTime != Long.MAX_VALUE && maxTime != Long.MIN_VALUE && minTime <= maxTime;
    }

    /** Sum of the sizes of the added files as listed (may differ from the declared total). */
    public long addedBytes() {
        long sum = 0;
        for (ParquetFileRef f : added) {
            sum += f.sizeBytes();
        }
        return sum;
    }

    public static SnapshotFile parse(String key, InputStream in) {
        return parse(key, Bytes.readAll(in, MAX_SIZE, key));
    }

    /** Parses and validates snapshot JSON; errors are one line naming the key. */
    public static SnapshotFile parse(String key, byte[] json) {
        JsonNode root = LayoutJson.read(WHAT, key, json);
        if (!root.isObject()) {
            throw new LayoutFormatException(key, "snapshot " + key + " is not a JSON object");
        }
        JsonNode version = root.get("version");
        if (version == null || !version.isTextual()) {
            throw new LayoutFormatException(key, "snapshot " + key + " has no version tag");
        }
        if (!version.textValue().equals("1")) {
            throw new LayoutFormatException(key, "snapshot " + key + " has version " + version.textValue() + ", only \"1\" is known");
        }
        String nodeId;
        if (root.has("node_id")) {
            nodeId = LayoutJson.text(root, "node_id", WHAT, key);
        } else if (root.has("writer_id")) {
            nodeId = LayoutJson.text(root, "writer_id", WHAT, key);
        } else {
            throw new LayoutFormatException(key, "snapshot " + key + " has no node_id");
        }
        Long nextFileId = LayoutJson.u64OrRedacted(root, "next_file_id", WHAT, key, true);
        long seq = LayoutJson.u64(root, "snapshot_sequence_number", WHAT, key);
        long wal = LayoutJson.u64(root, "wal_file_sequence_number", WHAT, key);
        long cat = LayoutJson.u64(root, "catalog_sequence_number", WHAT, key);
        long size = LayoutJson.u64(root, "parquet_size_bytes", WHAT, key);
        long rows = LayoutJson.u64(root, "row_count", WHAT, key);
        long min = LayoutJson.i64(root, "min_time", WHAT, key);
        long max = LayoutJson.i64(root, "max_time", WHAT, key);
        JsonNode dbs = root.get("databases");
        if (dbs == null) {
            throw new LayoutFormatException(key, "snapshot " + key + " has no field databases");
        }
        List<ParquetFileRef> added = files(dbs, "databases", key);
        JsonNode rem = root.get("removed_files");
        List<ParquetFileRef> removed = rem == null || rem.isNull() ? List.of() : files(rem, "removed_files", key);
        return new SnapshotFile(key, nodeId, nextFileId, seq, wal, cat, size, rows, min, max, added, removed, rem != null);
    }

    /** Reads {@code SerdeVecMap<DbId, {tables: SerdeVecMap<TableId, Vec<ParquetFile>>}>}. */
    static List<ParquetFileRef> files(JsonNode dbs, String field, String key) {
        List<ParquetFileRef> out = new ArrayList<>();
        for (Map.Entry<Long, JsonNode> db : vecMap(dbs, field, key).entrySet()) {
            JsonNode tables = db.getValue().get("tables");
            if (tables == null) {
                throw new LayoutFormatException(key, "snapshot " + key + " has a database " + db.getKey() + " in " + field + " without tables");
            }
            String where = field + " database " + db.getKey();
            for (Map.Entry<Long, JsonNode> table : vecMap(tables, where, key).entrySet()) {
                if (!table.getValue().isArray()) {
                    throw new LayoutFormatException(key, "snapshot " + key + " has a non-array file list for table " + table.getKey() + " in " + where);
                }
                for (JsonNode f : table.getValue()) {
                    out.add(file(db.getKey(), table.getKey(), f, key));
                }
            }
        }
        return out;
    }

    private static ParquetFileRef file(long db, long table, JsonNode f, String key) {
        if (!f.isObject()) {
            throw new LayoutFormatException(key, "snapshot " + key + " has a Parquet file entry that is not an object");
        }
        String what = "snapshot";
        return new ParquetFileRef(db, table,
                LayoutJson.u64OrRedacted(f, "id", what, key, true),
                LayoutJson.text(f, "path", what, key),
                LayoutJson.u64(f, "size_bytes", what, key),
                LayoutJson.u64(f, "row_count", what, key),
                LayoutJson.i64(f, "chunk_time", what, key),
                LayoutJson.i64(f, "min_time", what, key),
                LayoutJson.i64(f, "max_time", what, key));
    }

    /** A SerdeVecMap: JSON array of [key, value] pairs with unique unsigned integer keys. */
    static Map<Long, JsonNode> vecMap(JsonNode node, String field, String key) {
        if (!node.isArray()) {
            throw new LayoutFormatException(key, "snapshot " + key + " has " + field + " that is not an array of [id, value] pairs");
        }
        Map<Long, JsonNode> out = new LinkedHashMap<>();
        for (JsonNode pair : node) {
            if (!pair.isArray() || pair.size() != 2) {
                throw new LayoutFormatException(key, "snapshot " + key + " has " + field + " with an entry that is not an [id, value] pair");
            }
            long id = LayoutJson.u64Value(pair.get(0), field + " id", "snapshot", key);
            if (out.put(id, pair.get(1)) != null) {
                throw new LayoutFormatException(key, "snapshot " + key + " has duplicate id " + Long.toUnsignedString(id) + " in " + field);
            }
        }
        return out;
    }

    /** The JSON the server writes for this snapshot, fields in the server's order (fixtures, node-id rewrite). */
    public ObjectNode toJson() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode o = f.objectNode();
        o.put("version", "1");
        o.put("node_id", nodeId);
        putU64(o, "next_file_id", nextFileId);
        putU64(o, "snapshot_sequence_number", sequence);
        putU64(o, "wal_file_sequence_number", walSequence);
        putU64(o, "catalog_sequence_number", catalogSequence);
        putU64(o, "parquet_size_bytes", parquetSizeBytes);
        putU64(o, "row_count", rowCount);
        o.put("min_time", minTime);
        o.put("max_time", maxTime);
        o.set("databases", filesJson(added));
        if (hasRemovedFiles) {
            o.set("removed_files", filesJson(removed));
        }
        return o;
    }

    static void putU64(ObjectNode o, String field, Long v) {
        if (v == null) {
            o.putNull(field);
        } else if (v >= 0) {
            o.put(field, v.longValue());
        } else {
            o.put(field, new java.math.BigInteger(Long.toUnsignedString(v)));
        }
    }

    static ArrayNode filesJson(List<ParquetFileRef> files) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        Map<Long, Map<Long, List<ParquetFileRef>>> grouped = new LinkedHashMap<>();
        for (ParquetFileRef r : files) {
            grouped.computeIfAbsent(r.dbId(), k -> new LinkedHashMap<>()).computeIfAbsent(r.tableId(), k -> new ArrayList<>()).add(r);
        }
        ArrayNode dbs = f.arrayNode();
        grouped.forEach((db, tables) -> {
            ArrayNode tablePairs = f.arrayNode();
            tables.forEach((table, list) -> {
                ArrayNode arr = f.arrayNode();
                for (ParquetFileRef r : list) {
                    ObjectNode p = f.objectNode();
                    putU64(p, "id", r.id());
                    p.put("path", r.path());
                    putU64(p, "size_bytes", r.sizeBytes());
                    putU64(p, "row_count", r.rowCount());
                    p.put("chunk_time", r.chunkTime());
                    p.put("min_time", r.minTime());
                    p.put("max_time", r.maxTime());
                    arr.add(p);
                }
                tablePairs.add(f.arrayNode().add(table).add(arr));
            });
            ObjectNode dbObj = f.objectNode();
            dbObj.set("tables", tablePairs);
            dbs.add(f.arrayNode().add(db).add(dbObj));
        });
        return dbs;
    }

    /** Ids of the removed files (files without a known id are skipped). */
    public Set<Long> removedIds() {
        Set<Long> ids = new HashSet<>();
        for (ParquetFileRef r : removed) {
            if (r.id() != null) {
                ids.add(r.id());
            }
        }
        return ids;
    }
}
