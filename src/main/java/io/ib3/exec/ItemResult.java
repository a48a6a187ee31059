package io.ib3.exec;

/**
 * One object that is in the target after the run.
 *
 * @param key         target key
 * @param sourceKey   source key
 * @param phase       phase name
 * @param size        bytes
 * @param crc32c      8 lowercase hex digits, or {@code null} when unknown (server-side copy on a
 *                    store without native CRC32C: {@code verify --deep} reads it later)
 * @param method      how it got there
 * @param clientBytes bytes that passed through ib3 to copy it (0 for server-side and skipped)
 * @param readBackBytes bytes ib3 read back from the target to checksum a server-side copy that no
 *                    store could give a CRC32C for
 */
public record ItemResult(String key, String sourceKey, String phase, long size, String crc32c,
                         CopyMethod method, long clientBytes, long readBackBytes) {

    public ItemResult(String key, String sourceKey, String phase, long size, String crc32c, CopyMethod method,
                      long clientBytes) {
        this(key, sourceKey, phase, size, crc32c, method, clientBytes, 0);
    }
}
