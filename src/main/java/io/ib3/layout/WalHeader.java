package io.ib3.layout;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The frame of a WAL file: {@code "idb3.001"}, CRC-32 big-endian of bytes 12..end, then a bitcode
 * body that Java does not decode (influxdb3-layout.md §4). The server skips files that fail these
 * checks on replay, so a backup validates every WAL file it copies.
 */
public record WalHeader(long size, long storedCrc, long computedCrc) {

    public static final byte[] MAGIC = "idb3.001".getBytes(StandardCharsets.US_ASCII);
    public static final int HEADER_SIZE = 12;
    /** WAL bodies are one flush; far below this in practice. */
    public static final long MAX_SIZE = 1L << 30;

    public boolean crcOk() {
        return storedCrc == computedCrc;
    }

    /** Checks a whole WAL file; throws naming the key when it is not a valid WAL file. */
    public static WalHeader validate(String key, byte[] data) {
        if (data.length < HEADER_SIZE) {
            throw new LayoutFormatException(key, "WAL file " + key + " has " + data.length + " bytes, fewer than the 12-byte header");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (data[i] != MAGIC[i]) {
                throw new LayoutFormatException(key, "WAL file " + key + " does not start with idb3.001");
            }
        }
        long stored = Bytes.u32be(data, 8);
        long computed = Bytes.crc32(data, HEADER_SIZE, data.length - HEADER_SIZE);
        if (stored != computed) {
            throw new LayoutFormatException(key, String.format("WAL file %s has CRC %08x, its content has %08x", key, stored, computed));
        }
        return new WalHeader(data.length, stored, computed);
    }

    public static WalHeader validate(String key, InputStream in) {
        return validate(key, Bytes.readAll(in, MAX_SIZE, key));
    }

    /** Frames a body as the server writes a WAL file (fixtures). */
    public static byte[] frame(byte[] body) {
        byte[] out = new byte[HEADER_SIZE + body.length];
        System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
        System.arraycopy(body, 0, out, HEADER_SIZE, body.length);
        Bytes.putU32be(out, 8, Bytes.crc32(body, 0, body.length));
        return out;
    }
}
