package io.ib3.layout;

/**
 * One Parquet file as a snapshot lists it.
 *
 * @param dbId      database id (u32 in the server)
 * @param tableId   table id
 * @param id        ParquetFileId (u64), or {@code null} when redacted in upstream test fixtures
 * @param path      full object key including the node prefix, percent-encoded as the server wrote it
 * @param sizeBytes size the server recorded
 * @param rowCount  rows
 * @param chunkTime start of the gen1 window, ns (i64)
 * @param minTime   ns (i64)
 * @param maxTime   ns (i64)
 */
public record ParquetFileRef(long dbId, long tableId, Long id, String path, long sizeBytes, long rowCount,
                             long chunkTime, long minTime, long maxTime) {
}
