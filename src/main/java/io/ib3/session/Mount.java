package io.ib3.session;

import io.ib3.store.Store;

/**
 * One entry of the mount table.
 *
 * @param name     the name paths use ({@code src} in {@code src:/node0})
 * @param location where the store is, without credentials (the store's own location, plus a
 *                 prefix for a mount made from a mount path)
 * @param store    the store, rooted at the mounted location
 * @param profile  the profile it was mounted from, or {@code null}
 * @param parent   the mount this one is a view of, or {@code null}; its store belongs to the parent
 * @param browse   the same store mounted in the Commons VFS namespace: what {@code ls}, {@code cd},
 *                 {@code stat}, {@code cat} and completion use, while copies use {@code store}
 */
public record Mount(String name, String location, Store store, String profile, String parent, Store browse) {

    /** {@code name:/key} for a key of this mount. */
    public String pathOf(String key) {
        return name + ":/" + io.ib3.store.Keys.normalize(key);
    }
}
