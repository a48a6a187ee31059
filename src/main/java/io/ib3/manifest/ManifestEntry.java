package io.ib3.manifest;

/**
 * One object of a backup.
 *
 * @param key         key relative to the data root: the key the object has in the source and gets
 *                    back in a restore ({@code node0/wal/…})
 * @param phase       the phase that copied it
 * @param size        bytes
 * @param crc32c      8 lowercase hex digits, or {@code null} when not known at backup time
 * @param stored      key inside the backup folder when it differs from {@code key} (an adopted
 *                    backup of the documented Core script keeps node files without the node
 *                    folder), else {@code null}
 * @param fingerprint what the source store said identifies this version of the object (an ETag,
 *                    or size and modification time), else {@code null}
 * @param holder      name of the backup folder (a sibling under the same backup root) that holds
 *                    the bytes when it is not this backup (an incremental backup refers to its
 *                    parent's copy), else {@code null}
 */
public record ManifestEntry(String key, String phase, long size, String crc32c, String stored, String fingerprint,
                            String holder) {

    public ManifestEntry(String key, String phase, long size, String crc32c) {
        this(key, phase, size, crc32c, null, null, null);
    }

    /** Where the bytes are inside the backup folder that holds them. */
    public String storedKey() {
        return stored != null ? stored : key;
    }

    /** True when this backup folder holds the bytes itself. */
    public boolean ownBytes() {
        return holder == null;
    }

    public ManifestEntry withFingerprint(String fp) {
        return new ManifestEntry(key, phase, size, crc32c, stored, fp, holder);
    }

    public ManifestEntry withStored(String at) {
        return new ManifestEntry(key, phase, size, crc32c, at == null || at.equals(key) ? null : at, fingerprint, holder);
    }

    public ManifestEntry withHolder(String name) {
        return new ManifestEntry(key, phase, size, crc32c, stored, fingerprint, name);
    }
}
