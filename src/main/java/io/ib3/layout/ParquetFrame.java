package io.ib3.layout;

import io.ib3.store.Store;
import io.ib3.store.StoreException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The frame of a Parquet file: {@code PAR1} at start and end, and a 4-byte little-endian footer
 * length that fits the file. Enough to catch truncated or overwritten files without a Parquet
 * library.
 *
 * @param size         file size
 * @param footerLength length of the Thrift footer
 */
public record ParquetFrame(long size, long footerLength) {

    public static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);
    /** Smallest possible file: magic, footer length, magic. */
    public static final int MIN_SIZE = 12;

    /** Checks the first 4 and last 8 bytes of a file of {@code size} bytes. */
    public static ParquetFrame check(String key, long size, byte[] head4, byte[] tail8) {
        if (size < MIN_SIZE) {
            throw new LayoutFormatException(key, "Parquet file " + key + " has " + size + " bytes, too small for a Parquet file");
        }
        if (head4.length < 4 || !startsWithMagic(head4, 0)) {
            throw new LayoutFormatException(key, "Parquet file " + key + " does not start with PAR1");
        }
        if (tail8.length < 8 || !startsWithMagic(tail8, 4)) {
            throw new LayoutFormatException(key, "Parquet file " + key + " does not end with PAR1 (truncated?)");
        }
        long footer = Bytes.u32le(tail8, 0);
        if (footer <= 0 || footer > size - MIN_SIZE) {
            throw new LayoutFormatException(key, "Parquet file " + key + " declares a footer of " + footer + " bytes in a file of " + size);
        }
        return new ParquetFrame(size, footer);
    }

    /** Checks a whole file held in memory. */
    public static ParquetFrame check(String key, byte[] data) {
        byte[] tail = new byte[Math.min(8, data.length)];
        System.arraycopy(data, data.length - tail.length, tail, 0, tail.length);
        return check(key, data.length, data, tail);
    }

    /** Checks a file by streaming it once (verify --deep reads everything anyway, e.g. to checksum). */
    public static ParquetFrame check(String key, InputStream in) {
        try (in) {
            byte[] head = in.readNBytes(4);
            byte[] tail = new byte[8];
            int tailLen = 0;
            long size = head.length;
            byte[] buf = new byte[65536];
            int n;
            while ((n = in.read(buf)) > 0) {
                size += n;
                if (n >= 8) {
                    System.arraycopy(buf, n - 8, tail, 0, 8);
                    tailLen = 8;
                } else {
                    int keep = Math.min(8 - n, tailLen);
                    System.arraycopy(tail, tailLen - keep, tail, 0, keep);
                    System.arraycopy(buf, 0, tail, keep, n);
                    tailLen = keep + n;
                }
            }
            byte[] t = tailLen == 8 ? tail : java.util.Arrays.copyOf(tail, tailLen);
            if (size < MIN_SIZE) {
                throw new LayoutFormatException(key, "Parquet file " + key + " has " + size + " bytes, too small for a Parquet file");
            }
            return check(key, size, head, t);
        } catch (IOException e) {
            throw new StoreException("cannot read " + key + ": " + e.getMessage(), e);
        }
    }

    /** Checks a file in a store reading only its head and tail ({@code open(key, offset)}). */
    public static ParquetFrame check(Store store, String key, long size) {
        if (size < MIN_SIZE) {
            throw new LayoutFormatException(key, "Parquet file " + key + " has " + size + " bytes, too small for a Parquet file");
        }
        byte[] head;
        byte[] tail;
        try (InputStream in = store.open(key)) {
            head = in.readNBytes(4);
        } catch (IOException e) {
            throw new StoreException("cannot read " + key + ": " + e.getMessage(), e);
        }
        try (InputStream in = store.open(key, size - 8)) {
            tail = in.readNBytes(8);
        } catch (IOException e) {
            throw new StoreException("cannot read " + key + ": " + e.getMessage(), e);
        }
        return check(key, size, head, tail);
    }

    private static boolean startsWithMagic(byte[] b, int off) {
        for (int i = 0; i < 4; i++) {
            if (b[off + i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    /** A framed file: magic, body, footer, footer length, magic (fixtures). */
    public static byte[] frame(byte[] body, byte[] footer) {
        byte[] out = new byte[4 + body.length + footer.length + 8];
        System.arraycopy(MAGIC, 0, out, 0, 4);
        System.arraycopy(body, 0, out, 4, body.length);
        System.arraycopy(footer, 0, out, 4 + body.length, footer.length);
        Bytes.putU32le(out, out.length - 8, footer.length);
        System.arraycopy(MAGIC, 0, out, out.length - 4, 4);
        return out;
    }
}
