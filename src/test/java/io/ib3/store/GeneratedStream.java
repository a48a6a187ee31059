package io.ib3.store;

import java.io.InputStream;
import java.util.zip.CRC32C;

/** A deterministic pseudo-random stream of a given length, never held in memory. */
public final class GeneratedStream extends InputStream {

    private final long length;
    private long pos;
    private long state;

    public GeneratedStream(long length, long seed) {
        this.length = length;
        this.state = seed * 0x9E3779B97F4A7C15L + 1;
    }

    private int nextByte() {
        state ^= state << 13;
        state ^= state >>> 7;
        state ^= state << 17;
        return (int) (state & 0xff);
    }

    @Override
    public int read() {
        if (pos >= length) {
            return -1;
        }
        pos++;
        return nextByte();
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (pos >= length) {
            return -1;
        }
        int n = (int) Math.min(len, length - pos);
        for (int i = 0; i < n; i++) {
            b[off + i] = (byte) nextByte();
        }
        pos += n;
        return n;
    }

    /** CRC32C of a whole stream, read to its end, as 8 hex digits. */
    public static String crc32c(InputStream in) throws java.io.IOException {
        CRC32C crc = new CRC32C();
        byte[] buf = new byte[1 << 16];
        for (int n; (n = in.read(buf)) > 0; ) {
            crc.update(buf, 0, n);
        }
        return String.format("%08x", crc.getValue());
    }
}
