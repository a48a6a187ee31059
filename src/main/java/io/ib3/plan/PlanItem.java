package io.ib3.plan;

/**
 * One object a plan copies.
 *
 * @param sourceKey key in the source store
 * @param targetKey key in the target store
 * @param size      bytes, as listed when the plan was made
 * @param crc32c    the checksum when already known (restore: from the manifest), else {@code null}
 * @param present   true when the target already holds this object, identical (skipped when run)
 */
public record PlanItem(String sourceKey, String targetKey, long size, String crc32c, boolean present) {
}
