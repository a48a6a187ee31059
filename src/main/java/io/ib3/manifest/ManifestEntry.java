package io.ib3.manifest;

/**
 * One object of a backup.
 *
 * @param key    key relative to the backup folder (the same key as in the source)
 * @param phase  the phase that copied it
 * @param size   bytes
 * @param crc32c 8 lowercase hex digits, or {@code null} when not known at backup time
 */
public record ManifestEntry(String key, String phase, long size, String crc32c) {
}
