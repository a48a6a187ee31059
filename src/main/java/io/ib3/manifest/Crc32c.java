package io.ib3.manifest;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32C;

/** CRC32C (Castagnoli) as ib3 records it: 8 lowercase hex digits, the form GCS and S3 also report. */
public final class Crc32c {

    private Crc32c() {
    }

    /** The checksum value as 8 lowercase hex digits. */
    public static String hex(long value) {
        return String.format("%08x", value & 0xffffffffL);
    }

    public static String of(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        return hex(crc.getValue());
    }

    /** Reads the stream to its end in 64 KiB steps (constant memory) and returns its checksum. */
    public static String of(InputStream in) throws IOException {
        CRC32C crc = new CRC32C();
        byte[] buf = new byte[65536];
        int n;
        while ((n = in.read(buf)) > 0) {
            crc.update(buf, 0, n);
        }
        return hex(crc.getValue());
    }

    /** True for exactly 8 lowercase hex digits. */
    public static boolean isValidHex(String s) {
        if (s == null || s.length() != 8) {
            return false;
        }
        for (int i = 0; i < 8; i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }
}
