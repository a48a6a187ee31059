package io.ib3.layout;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * The 64-byte little-endian header of a v3 catalog file (log or snapshot; influxdb3-layout.md §3.1).
 * Record bodies are bitcode and stay opaque; the header, both CRCs and the sequence are enough for
 * backup and verify.
 *
 * @param formatVersion always 1 for files the server accepts
 * @param headerCrc     stored CRC-32 of bytes 0x0C–0x3F
 * @param headerCrcOk   whether it matches
 * @param flags         bit 0 = snapshot
 * @param uuid          the 16 raw catalog-uuid bytes as stored (compare raw, do not render as RFC 4122)
 * @param sequence      catalog sequence of this file (u64)
 * @param recordCount   number of records in the payload
 * @param groupCount    legacy group index entries (24 bytes each) before the records in snapshots
 * @param payloadLength payload bytes after the header (u64)
 * @param payloadCrc    stored CRC-32 of the payload
 */
public record CatalogV3Header(long formatVersion, long headerCrc, boolean headerCrcOk, int flags, byte[] uuid,
                              long sequence, long recordCount, long groupCount, long payloadLength, long payloadCrc) {

    public static final int SIZE = 64;
    public static final byte[] MAGIC = "IDB3".getBytes(StandardCharsets.US_ASCII);
    public static final int FLAG_SNAPSHOT = 1;
    public static final int RECORD_HEADER_SIZE = 16;
    public static final int GROUP_INDEX_ENTRY_SIZE = 24;

    public boolean isSnapshot() {
        return (flags & FLAG_SNAPSHOT) != 0;
    }

    public String uuidHex() {
        return HexFormat.of().formatHex(uuid);
    }

    /**
     * Parses the header from the first bytes of a file. Checks magic, format version and header
     * CRC.
     */
    public static CatalogV3Header parse(String key, byte[] head) {
        if (head.length < SIZE) {
            throw new LayoutFormatException(key, "catalog file " + key + " has " + head.length + " bytes, fewer than the 64-byte v3 header");
        }
        for (int i = 0; i < 4; i++) {
            if (head[i] != MAGIC[i]) {
                throw new LayoutFormatException(key, "catalog file " + key + " does not start with IDB3");
            }
        }
        long version = Bytes.u32le(head, 4);
        if (version != 1) {
            throw new LayoutFormatException(key, "catalog file " + key + " has format version " + version + ", only 1 is known");
        }
        long storedCrc = Bytes.u32le(head, 8);
        long computed = Bytes.crc32(head, 0x0C, SIZE - 0x0C);
        if (storedCrc != computed) {
            throw new LayoutFormatException(key, String.format("catalog file %s has header CRC %08x, its header has %08x", key, storedCrc, computed));
        }
        byte[] uuid = new byte[16];
        System.arraycopy(head, 0x10, uuid, 0, 16);
        long payloadLen = Bytes.u64le(head, 0x30);
        if (payloadLen < 0) {
            throw new LayoutFormatException(key, "catalog file " + key + " declares an impossible payload length " + Long.toUnsignedString(payloadLen));
        }
        return new CatalogV3Header(version, storedCrc, true, Bytes.u16le(head, 0x0C), uuid, Bytes.u64le(head, 0x20),
                Bytes.u32le(head, 0x28), Bytes.u32le(head, 0x2C), payloadLen, Bytes.u32le(head, 0x38));
    }

    /** Reads and parses the header only (64 bytes of the stream). */
    public static CatalogV3Header read(String key, InputStream in) {
        try (in) {
            return parse(key, Bytes.readUpTo(in, SIZE, key));
        } catch (java.io.IOException e) {
            throw new io.ib3.store.StoreException("cannot read " + key + ": " + e.getMessage(), e);
        }
    }

    /**
     * Validates a whole file: header, payload length and payload CRC, and that the records frame the
     * payload exactly.
     */
    public static CatalogV3Header validate(String key, byte[] file) {
        CatalogV3Header h = parse(key, file);
        long actual = file.length - SIZE;
        if (h.payloadLength != actual) {
            throw new LayoutFormatException(key, "catalog file " + key + " declares a payload of " + Long.toUnsignedString(h.payloadLength)
                    + " bytes but has " + actual);
        }
        long crc = Bytes.crc32(file, SIZE, (int) actual);
        if (crc != h.payloadCrc) {
            throw new LayoutFormatException(key, String.format("catalog file %s has payload CRC %08x, its payload has %08x", key, h.payloadCrc, crc));
        }
        long pos = SIZE + (h.isSnapshot() ? h.groupCount * GROUP_INDEX_ENTRY_SIZE : 0);
        long records = 0;
        while (pos < file.length) {
            if (pos + RECORD_HEADER_SIZE > file.length) {
                throw new LayoutFormatException(key, "catalog file " + key + " has a truncated record header at byte " + pos);
            }
            long len = Bytes.u32le(file, (int) pos + 12);
            pos += RECORD_HEADER_SIZE + len;
            records++;
        }
        if (pos != file.length || records != h.recordCount) {
            throw new LayoutFormatException(key, "catalog file " + key + " declares " + h.recordCount + " records but its payload frames "
                    + records + (pos != file.length ? " and overruns the file" : ""));
        }
        return h;
    }

    public static CatalogV3Header validate(String key, InputStream in) {
        return validate(key, Bytes.readAll(in, Integer.MAX_VALUE - 16, key));
    }

    /** One record for {@link #build}: id and opaque body. */
    public record Record(int id, long sequence, byte[] body) {
    }

    /** Builds a v3 catalog file as the server frames it (fixtures). */
    public static byte[] build(boolean snapshot, byte[] uuid, long sequence, java.util.List<Record> records) {
        int groups = snapshot ? 1 : 0;
        int payloadLen = groups * GROUP_INDEX_ENTRY_SIZE;
        for (Record r : records) {
            payloadLen += RECORD_HEADER_SIZE + r.body().length;
        }
        byte[] out = new byte[SIZE + payloadLen];
        int pos = SIZE;
        if (snapshot) {
            // legacy group index: start offset, record count, reserved; readers skip it
            Bytes.putU64le(out, pos, 0);
            Bytes.putU32le(out, pos + 8, records.size());
            pos += GROUP_INDEX_ENTRY_SIZE;
        }
        for (Record r : records) {
            Bytes.putU16le(out, pos, r.id());
            Bytes.putU64le(out, pos + 4, r.sequence());
            Bytes.putU32le(out, pos + 12, r.body().length);
            System.arraycopy(r.body(), 0, out, pos + RECORD_HEADER_SIZE, r.body().length);
            pos += RECORD_HEADER_SIZE + r.body().length;
        }
        System.arraycopy(MAGIC, 0, out, 0, 4);
        Bytes.putU32le(out, 4, 1);
        Bytes.putU16le(out, 0x0C, snapshot ? FLAG_SNAPSHOT : 0);
        System.arraycopy(uuid, 0, out, 0x10, 16);
        Bytes.putU64le(out, 0x20, sequence);
        Bytes.putU32le(out, 0x28, records.size());
        Bytes.putU32le(out, 0x2C, groups);
        Bytes.putU64le(out, 0x30, payloadLen);
        Bytes.putU32le(out, 0x38, Bytes.crc32(out, SIZE, payloadLen));
        Bytes.putU32le(out, 8, Bytes.crc32(out, 0x0C, SIZE - 0x0C));
        return out;
    }
}
