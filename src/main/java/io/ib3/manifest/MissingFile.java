package io.ib3.manifest;

/**
 * A Parquet file that a snapshot references (and no later snapshot removed) but that the store
 * confirmed absent: asked directly, not merely left out of a listing. In a source this is data the
 * server itself no longer has (retention or a hard delete ran before the next snapshot recorded
 * it, or the file was lost); a backup records it so that verify and restore can say so.
 *
 * @param key      key relative to the data root, as the snapshot names it ({@code node0/dbs/…})
 * @param node     node whose snapshot references it
 * @param snapshot sequence of the snapshot that added it; -1 when an older ib3 recorded only the key
 * @param size     bytes the snapshot records for it; -1 when unknown
 */
public record MissingFile(String key, String node, long snapshot, long size) {

    /** "referenced by snapshot 12 (4.0 KiB)". */
    public String describe() {
        return snapshot < 0 ? "referenced by a snapshot (recorded by an ib3 before 0.2 without the snapshot)"
                : "referenced by snapshot " + snapshot + " of " + node + " (" + size + " bytes)";
    }
}
