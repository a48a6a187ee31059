package io.ib3.layout;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A v1/v2-era catalog file (3.0–3.9; influxdb3-layout.md §3.2): 10-byte ASCII version id
 * ({@code idb3.00N.l}, {@code idb3.00N.s}, {@code idb3.EOF.l}), CRC-32 big-endian of the payload,
 * then the payload: JSON for 002–004 and the EOF marker, bitcode for 001 (valid frame, unreadable
 * body).
 *
 * @param key        the object key, for messages
 * @param versionId  the 10-character version id
 * @param type       log, snapshot or the upgrade EOF marker
 * @param storedCrc  CRC from the frame
 * @param crcOk      whether it matches the payload
 * @param json       the parsed payload, or {@code null} (bitcode 001, EOF marker's {@code null})
 * @param sequence   catalog sequence from the payload ({@code sequence} / {@code sequence_number});
 *                   {@code null} when the body is not JSON or has none
 */
public record FramedCatalogFile(String key, String versionId, Type type, long storedCrc, boolean crcOk,
                                JsonNode json, Long sequence) {

    public enum Type { LOG, SNAPSHOT, EOF }

    public static final int HEADER_SIZE = 14;
    public static final String EOF_MARKER = "idb3.EOF.l";
    private static final Pattern VERSION = Pattern.compile("idb3\\.(\\d{3}|EOF)\\.([ls])");
    /** Catalog snapshots of big installations run to tens of MB; refuse absurd sizes. */
    public static final long MAX_SIZE = 1L << 30;

    /** The format number ("002", "004", "EOF"). */
    public String format() {
        return versionId.substring(5, 8);
    }

    /** True when the payload is bitcode (format 001), which Java does not decode. */
    public boolean bodyUnreadable() {
        return format().equals("001");
    }

    /** Names by id when this is a JSON catalog snapshot; empty otherwise. */
    public CatalogNames names() {
        return type == Type.SNAPSHOT && json != null ? CatalogNames.fromSnapshotPayload(json) : CatalogNames.empty();
    }

    /**
     * Parses a framed file. A CRC mismatch is reported in {@link #crcOk()} (inspect shows it);
     * anything that is not a frame at all throws. JSON payloads are parsed only when the CRC matches.
     */
    public static FramedCatalogFile parse(String key, byte[] data) {
        if (data.length < HEADER_SIZE) {
            throw new LayoutFormatException(key, "catalog file " + key + " has " + data.length + " bytes, fewer than the 14-byte frame");
        }
        String versionId = new String(data, 0, 10, StandardCharsets.ISO_8859_1);
        Matcher m = VERSION.matcher(versionId);
        if (!m.matches()) {
            throw new LayoutFormatException(key, "catalog file " + key + " does not start with an idb3.NNN.l/s version id");
        }
        Type type = m.group(1).equals("EOF") ? Type.EOF : m.group(2).equals("s") ? Type.SNAPSHOT : Type.LOG;
        if (type == Type.EOF && !versionId.equals(EOF_MARKER)) {
            throw new LayoutFormatException(key, "catalog file " + key + " has an unknown marker " + versionId);
        }
        long stored = Bytes.u32be(data, 10);
        long computed = Bytes.crc32(data, HEADER_SIZE, data.length - HEADER_SIZE);
        boolean crcOk = stored == computed;
        JsonNode json = null;
        Long seq = null;
        String format = m.group(1);
        if (crcOk && !format.equals("001")) {
            json = LayoutJson.read("catalog file", key, data, HEADER_SIZE, data.length - HEADER_SIZE);
            if (json.isNull()) {
                json = null;
            } else if (type == Type.SNAPSHOT && json.has("sequence")) {
                seq = LayoutJson.u64(json, "sequence", "catalog file", key);
            } else if (type == Type.LOG && json.has("sequence_number")) {
                seq = LayoutJson.u64(json, "sequence_number", "catalog file", key);
            }
        }
        return new FramedCatalogFile(key, versionId, type, stored, crcOk, json, seq);
    }

    public static FramedCatalogFile parse(String key, InputStream in) {
        return parse(key, Bytes.readAll(in, MAX_SIZE, key));
    }

    /** Like {@link #parse} but a CRC mismatch is an error too (verify --deep). */
    public static FramedCatalogFile validate(String key, byte[] data) {
        FramedCatalogFile f = parse(key, data);
        if (!f.crcOk) {
            throw new LayoutFormatException(key, String.format("catalog file %s has CRC %08x, its payload has %08x",
                    key, f.storedCrc, Bytes.crc32(data, HEADER_SIZE, data.length - HEADER_SIZE)));
        }
        return f;
    }

    /** Frames a payload as the server does (fixtures). */
    public static byte[] frame(String versionId, byte[] payload) {
        if (versionId.length() != 10) {
            throw new IllegalArgumentException("version id must have 10 characters: " + versionId);
        }
        byte[] out = new byte[HEADER_SIZE + payload.length];
        System.arraycopy(versionId.getBytes(StandardCharsets.US_ASCII), 0, out, 0, 10);
        Bytes.putU32be(out, 10, Bytes.crc32(payload, 0, payload.length));
        System.arraycopy(payload, 0, out, HEADER_SIZE, payload.length);
        return out;
    }

    /** The upgrade marker a migration writes as the last log of the old generation. */
    public static byte[] eofMarker() {
        return frame(EOF_MARKER, "null".getBytes(StandardCharsets.US_ASCII));
    }
}
