package io.ib3.layout;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads the upstream sample files kept under src/test/resources/upstream. */
final class Upstream {

    private Upstream() {
    }

    static byte[] resource(String name) {
        try (InputStream in = Upstream.class.getResourceAsStream("/upstream/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource upstream/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The serialized value of an insta .snap file: everything after the second "---" line. */
    static String snapBody(String name) {
        String text = new String(resource(name), StandardCharsets.UTF_8);
        if (!text.startsWith("---\n")) {
            throw new IllegalStateException(name + " has no insta front matter");
        }
        int end = text.indexOf("\n---\n", 3);
        return text.substring(end + 5).stripTrailing();
    }
}
