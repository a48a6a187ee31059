package io.ib3.plan;

/**
 * One object a plan copies.
 *
 * @param sourceKey   key in the source store
 * @param targetKey   key in the target store
 * @param size        bytes, as listed when the plan was made
 * @param crc32c      the checksum when already known (restore: from the manifest; an incremental
 *                    backup: from its parent), else {@code null}
 * @param present     true when the target already holds this object, identical (skipped when run)
 * @param fingerprint what the source store said identifies this version of the object (ETag, or
 *                    modification time), recorded so a later incremental backup can recognise it
 * @param reuse       where an earlier backup already holds this very object (an incremental backup
 *                    refers to it instead of copying it), else {@code null}
 */
public record PlanItem(String sourceKey, String targetKey, long size, String crc32c, boolean present, String fingerprint,
                       Reuse reuse) {

    /**
     * An object an incremental backup does not copy: its bytes stay in the backup folder
     * {@code holder} (a sibling under the same backup root) at {@code storedKey}.
     */
    public record Reuse(String holder, String storedKey) {
    }

    public PlanItem(String sourceKey, String targetKey, long size, String crc32c, boolean present) {
        this(sourceKey, targetKey, size, crc32c, present, null, null);
    }

    public boolean reused() {
        return reuse != null;
    }
}
