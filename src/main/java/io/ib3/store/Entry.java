package io.ib3.store;

import java.time.Instant;

/**
 * One object (or folder) in a store, as a listing or stat returns it.
 *
 * @param key          path relative to the store root, '/'-separated, no leading or trailing slash
 * @param size         bytes; 0 for folders
 * @param lastModified modification time, or {@code null} when the store does not say
 * @param folder       true for a folder (a common prefix on object stores)
 * @param etag         the store's entity tag when it has one (object stores), else {@code null}
 */
public record Entry(String key, long size, Instant lastModified, boolean folder, String etag) {

    public static Entry file(String key, long size, Instant lastModified) {
        return new Entry(key, size, lastModified, false, null);
    }

    public static Entry folder(String key) {
        return new Entry(key, 0, null, true, null);
    }

    /** The last path segment. */
    public String name() {
        int slash = key.lastIndexOf('/');
        return slash < 0 ? key : key.substring(slash + 1);
    }
}
