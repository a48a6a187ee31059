package io.ib3.layout;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.InputStream;
import java.util.List;

/**
 * A snapshot checkpoint ({@code snapshot-checkpoints/{YYYY-MM}/{inv:020}.checkpoint.json}, 3.8.2+):
 * the cumulative state of a month. Derived data; read for inspect and verify.
 *
 * @param databases cumulative Parquet files of the month
 */
public record SnapshotCheckpointFile(String key, String nodeId, String yearMonth, long lastSnapshotSequence, Long nextFileId,
                                     long walSequence, long catalogSequence, long parquetSizeBytes, long rowCount,
                                     long minTime, long maxTime, List<ParquetFileRef> databases) {

    private static final String WHAT = "snapshot checkpoint";

    public static SnapshotCheckpointFile parse(String key, InputStream in) {
        return parse(key, Bytes.readAll(in, SnapshotFile.MAX_SIZE, key));
    }

    public static SnapshotCheckpointFile parse(String key, byte[] json) {
        JsonNode root = LayoutJson.read(WHAT, key, json);
        JsonNode version = root.get("version");
        if (version == null || !"1".equals(version.asText())) {
            throw new LayoutFormatException(key, WHAT + " " + key + " has no version \"1\" tag");
        }
        JsonNode dbs = root.get("databases");
        return new SnapshotCheckpointFile(key,
                LayoutJson.text(root, "node_id", WHAT, key),
                LayoutJson.text(root, "year_month", WHAT, key),
                LayoutJson.u64(root, "last_snapshot_sequence_number", WHAT, key),
                root.has("next_file_id") ? LayoutJson.u64OrRedacted(root, "next_file_id", WHAT, key, true) : null,
                LayoutJson.u64(root, "wal_file_sequence_number", WHAT, key),
                LayoutJson.u64(root, "catalog_sequence_number", WHAT, key),
                LayoutJson.u64(root, "parquet_size_bytes", WHAT, key),
                LayoutJson.u64(root, "row_count", WHAT, key),
                LayoutJson.i64(root, "min_time", WHAT, key),
                LayoutJson.i64(root, "max_time", WHAT, key),
                dbs == null || dbs.isNull() ? List.of() : SnapshotFile.files(dbs, "databases", key));
    }
}
