package io.ib3.layout;

/**
 * A key classified by {@link PathClassifier}.
 *
 * @param kind        what the object is
 * @param path        the key relative to its node or cluster prefix
 * @param sequence    the sequence number encoded in the name (snapshot, WAL, catalog log,
 *                    snapshot checkpoint, table snapshot), already un-inverted; meaningful only
 *                    when {@code hasSequence}
 * @param hasSequence whether the name carries a sequence number
 * @param database    for Parquet, db-indices and table-snapshots: the database path segment's id
 *                    (digits) or {@code null}
 * @param table       likewise the table id, or {@code null}
 * @param databaseName for 3.0–3.5 Parquet paths ({@code {name}-{id}}): the database name, else {@code null}
 * @param tableName   likewise the table name, else {@code null}
 */
public record LayoutPath(FileKind kind, String path, long sequence, boolean hasSequence,
                         String database, String table, String databaseName, String tableName) {

    static LayoutPath of(FileKind kind, String path) {
        return new LayoutPath(kind, path, 0, false, null, null, null, null);
    }

    static LayoutPath withSequence(FileKind kind, String path, long seq) {
        return new LayoutPath(kind, path, seq, true, null, null, null, null);
    }
}
