package io.ib3.exec;

import io.ib3.manifest.Crc32c;

import java.util.Objects;

/**
 * One object to copy.
 *
 * @param sourceKey      key in the source store
 * @param targetKey      key in the target store
 * @param size           bytes the plan expects; a different byte count fails the item
 * @param expectedCrc32c 8 lowercase hex digits when known (restore from a manifest), else {@code null}
 */
public record CopyItem(String sourceKey, String targetKey, long size, String expectedCrc32c) {

    public CopyItem {
        Objects.requireNonNull(sourceKey, "sourceKey");
        Objects.requireNonNull(targetKey, "targetKey");
        if (size < 0) {
            throw new IllegalArgumentException("negative size for " + sourceKey);
        }
        if (expectedCrc32c != null && !Crc32c.isValidHex(expectedCrc32c)) {
            throw new IllegalArgumentException("bad CRC32C '" + expectedCrc32c + "' for " + sourceKey);
        }
    }

    /** The same key on both sides, no expected checksum (a backup). */
    public static CopyItem of(String key, long size) {
        return new CopyItem(key, key, size, null);
    }
}
