package io.ib3.shell;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Deciding whether bytes are text, and showing them. */
final class Text {

    private Text() {
    }

    /**
     * The bytes as text when they are valid UTF-8 without NUL and with few control characters;
     * empty for binary content (catalog files, Parquet, WAL).
     */
    static Optional<String> decode(byte[] bytes) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
        int controls = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return Optional.empty();
            }
            if (c < 0x20 && c != '\n' && c != '\r' && c != '\t') {
                controls++;
            }
        }
        return controls > text.length() / 100 ? Optional.empty() : Optional.of(text);
    }

    /** Indented JSON when the text is one JSON object or array; empty otherwise. */
    static Optional<String> prettyJson(ObjectMapper mapper, String text) {
        String t = text.strip();
        if (!(t.startsWith("{") || t.startsWith("["))) {
            return Optional.empty();
        }
        try {
            JsonNode node = mapper.readTree(t);
            return Optional.of(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n");
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }

    /** Offset, 16 bytes in hex, and the printable ASCII, per line (as hexdump -C). */
    static String hexDump(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (int off = 0; off < bytes.length; off += 16) {
            out.append(String.format("%08x  ", off));
            StringBuilder ascii = new StringBuilder();
            for (int i = 0; i < 16; i++) {
                if (off + i < bytes.length) {
                    int b = bytes[off + i] & 0xff;
                    out.append(String.format("%02x ", b));
                    ascii.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
                } else {
                    out.append("   ");
                }
                if (i == 7) {
                    out.append(' ');
                }
            }
            out.append(" |").append(ascii).append("|\n");
        }
        return out.toString();
    }
}
