package io.ib3.store.object;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.zip.CRC32C;

/** A digest of a whole object that a vendor's upload carries so the service can check what it stored. */
public enum Digest {
    /** Nothing is sent (S3-compatible services that reject checksums). */
    NONE,
    /** CRC32C, as 4 big-endian bytes (S3's and GCS's checksum). */
    CRC32C,
    /** MD5, as 16 bytes (Azure's Content-MD5). */
    MD5;

    /** A running digest; {@code finish} gives its bytes (empty for {@link #NONE}). */
    public interface Running {
        void update(byte[] b, int off, int len);

        byte[] finish();
    }

    public Running start() {
        return switch (this) {
            case NONE -> new Running() {
                @Override
                public void update(byte[] b, int off, int len) {
                }

                @Override
                public byte[] finish() {
                    return new byte[0];
                }
            };
            case CRC32C -> new Running() {
                private final CRC32C crc = new CRC32C();

                @Override
                public void update(byte[] b, int off, int len) {
                    crc.update(b, off, len);
                }

                @Override
                public byte[] finish() {
                    return crc32cBytes(crc.getValue());
                }
            };
            case MD5 -> new Running() {
                private final MessageDigest md5 = md5();

                @Override
                public void update(byte[] b, int off, int len) {
                    md5.update(b, off, len);
                }

                @Override
                public byte[] finish() {
                    return md5.digest();
                }
            };
        };
    }

    /** The digest of one buffer. */
    public byte[] of(byte[] b, int off, int len) {
        Running r = start();
        r.update(b, off, len);
        return r.finish();
    }

    public static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no MD5", e);
        }
    }

    /** A CRC32C value as the 4 big-endian bytes that S3 and GCS headers carry (in base64). */
    public static byte[] crc32cBytes(long v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    /** A CRC32C as S3 and GCS carry it: the 4 big-endian bytes in base64. */
    public static String base64(CRC32C crc) {
        return Base64.getEncoder().encodeToString(crc32cBytes(crc.getValue()));
    }

    /** A base64 CRC32C (4 bytes) as ib3 writes it in manifests: 8 lowercase hex digits; empty when it is not one. */
    public static Optional<String> hexCrc32c(String base64) {
        if (base64 == null) {
            return Optional.empty();
        }
        try {
            byte[] b = Base64.getDecoder().decode(base64);
            return b.length == 4 ? Optional.of(HexFormat.of().formatHex(b)) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
