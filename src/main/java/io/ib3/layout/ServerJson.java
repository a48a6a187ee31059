package io.ib3.layout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes JSON the way serde_json does: {@code to_vec_pretty} (two-space indent, {@code "k": v},
 * {@code []} and {@code {}} for empty containers) for snapshots and {@code to_vec} (compact) for
 * catalog payloads. Used by fixtures and by anything that rewrites server files.
 */
public final class ServerJson {

    private ServerJson() {
    }

    public static byte[] pretty(JsonNode node) {
        StringBuilder out = new StringBuilder();
        write(out, node, 0);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] compact(JsonNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void write(StringBuilder out, JsonNode n, int depth) {
        if (n.isObject()) {
            if (n.isEmpty()) {
                out.append("{}");
                return;
            }
            out.append("{\n");
            Iterator<Map.Entry<String, JsonNode>> it = n.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                indent(out, depth + 1);
                out.append(new TextNode(e.getKey()).toString()).append(": ");
                write(out, e.getValue(), depth + 1);
                out.append(it.hasNext() ? ",\n" : "\n");
            }
            indent(out, depth);
            out.append('}');
        } else if (n.isArray()) {
            if (n.isEmpty()) {
                out.append("[]");
                return;
            }
            out.append("[\n");
            for (int i = 0; i < n.size(); i++) {
                indent(out, depth + 1);
                write(out, n.get(i), depth + 1);
                out.append(i + 1 < n.size() ? ",\n" : "\n");
            }
            indent(out, depth);
            out.append(']');
        } else {
            out.append(n.toString());
        }
    }

    private static void indent(StringBuilder out, int depth) {
        for (int i = 0; i < depth; i++) {
            out.append("  ");
        }
    }
}
