package io.ib3.store;

/** Small helpers for '/'-separated store keys. */
public final class Keys {

    private Keys() {
    }

    /**
     * Strips leading and trailing slashes and collapses repeated ones. Called several times per
     * object of every listing: a key that is already normal (nearly all) is returned as it is,
     * without a regular expression or a copy.
     */
    public static String normalize(String key) {
        if (key == null) {
            return "";
        }
        int n = key.length();
        if (n == 0 || (key.charAt(0) != '/' && key.charAt(n - 1) != '/' && key.indexOf("//") < 0)) {
            return key;
        }
        StringBuilder out = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            char c = key.charAt(i);
            if (c == '/' && (out.length() == 0 || out.charAt(out.length() - 1) == '/')) {
                continue;
            }
            out.append(c);
        }
        int end = out.length();
        while (end > 0 && out.charAt(end - 1) == '/') {
            end--;
        }
        return out.substring(0, end);
    }

    public static boolean isRoot(String key) {
        return normalize(key).isEmpty();
    }

    /** Joins key parts with single slashes, ignoring empty parts. */
    public static String join(String... parts) {
        StringBuilder out = new StringBuilder();
        for (String part : parts) {
            String p = normalize(part);
            if (p.isEmpty()) {
                continue;
            }
            if (out.length() > 0) {
                out.append('/');
            }
            out.append(p);
        }
        return out.toString();
    }

    /** The key of the parent folder ("" for a top-level key). */
    public static String parent(String key) {
        String k = normalize(key);
        int slash = k.lastIndexOf('/');
        return slash < 0 ? "" : k.substring(0, slash);
    }

    /** The last segment of a key. */
    public static String name(String key) {
        String k = normalize(key);
        return k.substring(k.lastIndexOf('/') + 1);
    }

    /** True when {@code key} equals {@code prefix} or lies below it. */
    public static boolean isUnder(String key, String prefix) {
        String k = normalize(key);
        String p = normalize(prefix);
        return p.isEmpty() || k.equals(p) || k.startsWith(p + "/");
    }

    /** {@code key} relative to {@code prefix}; the key must lie under the prefix. */
    public static String relativize(String prefix, String key) {
        String k = normalize(key);
        String p = normalize(prefix);
        if (p.isEmpty()) {
            return k;
        }
        if (k.equals(p)) {
            return "";
        }
        if (!k.startsWith(p + "/")) {
            throw new IllegalArgumentException(key + " is not under " + prefix);
        }
        return k.substring(p.length() + 1);
    }

    /**
     * Rejects keys that could escape a root when joined: '..' or '.' segments, backslashes, control
     * characters, empty segments. Used on keys read from manifests and saved plans.
     *
     * @return the key, normalised
     * @throws IllegalArgumentException naming the problem
     */
    public static String requireSafe(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("empty key");
        }
        if (key.startsWith("/")) {
            throw new IllegalArgumentException("absolute key: " + printable(key));
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new IllegalArgumentException("control character in key: " + printable(key));
            }
            if (c == '\\') {
                throw new IllegalArgumentException("backslash in key: " + printable(key));
            }
        }
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("unsafe path segment in key: " + printable(key));
            }
        }
        return key;
    }

    /** The key with control characters escaped, safe to print on one line. */
    public static String printable(String key) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\x%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
