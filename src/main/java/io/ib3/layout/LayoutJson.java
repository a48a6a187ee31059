package io.ib3.layout;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.math.BigInteger;

/**
 * Strict JSON reading for the server's files: duplicate keys and trailing bytes are errors, and
 * every error is one line naming the file and the byte where it went wrong.
 */
public final class LayoutJson {

    /** Strict reader: duplicate keys and trailing tokens are rejected. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

    private LayoutJson() {
    }

    /**
     * Parses JSON bytes.
     *
     * @param what words for the file in messages ("snapshot", "catalog snapshot")
     */
    public static JsonNode read(String what, String key, byte[] json, int offset, int length) {
        try {
            JsonNode node = MAPPER.readTree(json, offset, length);
            if (node == null || node.isMissingNode()) {
                throw new LayoutFormatException(key, what + " " + key + " is empty");
            }
            return node;
        } catch (JsonEOFException e) {
            throw new LayoutFormatException(key, what + " " + key + " is truncated at byte " + byteOffset(e.getLocation(), length), e);
        } catch (JsonParseException e) {
            String msg = firstLine(e.getOriginalMessage());
            if (msg.startsWith("Unexpected end-of-input")) {
                throw new LayoutFormatException(key, what + " " + key + " is truncated at byte " + byteOffset(e.getLocation(), length), e);
            }
            throw new LayoutFormatException(key, what + " " + key + " is not valid JSON at byte " + byteOffset(e.getLocation(), length) + ": " + msg, e);
        } catch (JsonProcessingException e) {
            throw new LayoutFormatException(key, what + " " + key + " is not valid JSON at byte " + byteOffset(e.getLocation(), length)
                    + ": " + firstLine(e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new LayoutFormatException(key, "cannot read " + what + " " + key + ": " + e.getMessage(), e);
        }
    }

    public static JsonNode read(String what, String key, byte[] json) {
        return read(what, key, json, 0, json.length);
    }

    private static long byteOffset(JsonLocation loc, int length) {
        if (loc == null) {
            return length;
        }
        long off = loc.getByteOffset() >= 0 ? loc.getByteOffset() : loc.getCharOffset();
        return off < 0 ? length : off;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** An insta redaction such as {@code "[id]"}: only upstream test fixtures carry these. */
    static boolean isRedacted(JsonNode n) {
        return n != null && n.isTextual() && n.textValue().startsWith("[") && n.textValue().endsWith("]");
    }

    /** Reads a required u64 field (returned as the same 64 bits in a long). */
    static long u64(JsonNode parent, String field, String what, String key) {
        Long v = u64OrRedacted(parent, field, what, key, false);
        return v;
    }

    /**
     * Reads a u64 field; {@code null} when the value is an insta redaction and {@code redactable},
     * or when the field is JSON null and {@code redactable}.
     */
    static Long u64OrRedacted(JsonNode parent, String field, String what, String key, boolean redactable) {
        JsonNode n = parent.get(field);
        if (n == null) {
            throw new LayoutFormatException(key, what + " " + key + " has no field " + field);
        }
        if (redactable && (n.isNull() || isRedacted(n))) {
            return null;
        }
        return u64Value(n, field, what, key);
    }

    static long u64Value(JsonNode n, String field, String what, String key) {
        if (!n.isIntegralNumber()) {
            throw new LayoutFormatException(key, what + " " + key + " has a non-integer " + field + ": " + abbreviate(n.toString()));
        }
        BigInteger v = n.bigIntegerValue();
        if (v.signum() < 0) {
            throw new LayoutFormatException(key, what + " " + key + " has a negative " + field + ": " + v);
        }
        if (v.compareTo(TWO_64) >= 0) {
            throw new LayoutFormatException(key, what + " " + key + " has " + field + " beyond u64: " + v);
        }
        return v.longValue();
    }

    /** Reads a required i64 field. */
    static long i64(JsonNode parent, String field, String what, String key) {
        JsonNode n = parent.get(field);
        if (n == null) {
            throw new LayoutFormatException(key, what + " " + key + " has no field " + field);
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            throw new LayoutFormatException(key, what + " " + key + " has " + field + " that is not an i64: " + abbreviate(n.toString()));
        }
        return n.longValue();
    }

    static String text(JsonNode parent, String field, String what, String key) {
        JsonNode n = parent.get(field);
        if (n == null || !n.isTextual()) {
            throw new LayoutFormatException(key, what + " " + key + " has no text field " + field);
        }
        return n.textValue();
    }

    static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
