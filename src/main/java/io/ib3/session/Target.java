package io.ib3.session;

import io.ib3.store.Keys;
import io.ib3.store.Store;

/**
 * A resolved location argument: a store and a key in it. Close it when done: a store opened for
 * this one argument (a URI or {@code @profile}) is closed then; a mounted store stays open.
 *
 * @param store   the store (a mount's store, or one opened for this argument)
 * @param key     the key inside the store, "" for its root
 * @param display how to name it in messages: {@code src:/node0} or the URI
 * @param mount   the mount it lies in, or {@code null} for a URI or profile opened just for this
 */
public record Target(Store store, String key, String display, Mount mount) implements AutoCloseable {

    /** The store seen from {@link #key}: keys of the view are relative to this target. */
    public Store view() {
        return store.at(key);
    }

    /**
     * The store to navigate with: a mount's view through the Commons VFS namespace, or the store
     * itself for a location opened for this one argument.
     */
    public Store browse() {
        return mount == null ? store : mount.browse();
    }

    /** True when the store was opened for this target only. */
    public boolean temporary() {
        return mount == null;
    }

    /** How to name a key below this target in messages. */
    public String displayOf(String relativeKey) {
        String rel = Keys.normalize(relativeKey);
        if (rel.isEmpty()) {
            return display;
        }
        return display.endsWith("/") ? display + rel : display + "/" + rel;
    }

    @Override
    public void close() {
        if (temporary()) {
            store.close();
        }
    }
}
