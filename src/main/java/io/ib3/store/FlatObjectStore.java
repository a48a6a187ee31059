package io.ib3.store;

import java.util.Set;

/**
 * What the S3, Azure Blob and GCS stores share: a store rooted at a key prefix in one bucket or
 * container, on a flat namespace where folders are only key prefixes. Subclasses hold the client.
 */
public abstract class FlatObjectStore implements Store {

    private final String root;
    private final String location;
    private final Set<Capability> capabilities;

    /**
     * @param containerUrl the bucket or container as a location, e.g. {@code s3://bucket}
     * @param prefix the key prefix this store is rooted at ("" for the whole bucket or container)
     */
    protected FlatObjectStore(String containerUrl, String prefix, Set<Capability> capabilities) {
        this.root = Keys.normalize(prefix);
        this.location = containerUrl + (root.isEmpty() ? "" : "/" + root);
        this.capabilities = capabilities;
    }

    /** The key prefix this store is rooted at. */
    protected final String root() {
        return root;
    }

    /** The key in the bucket or container of a key in this store. */
    protected final String full(String key) {
        return Keys.join(root, key);
    }

    /** The key in this store of a key in the bucket or container. */
    protected final String rel(String fullKey) {
        return Keys.relativize(root, fullKey);
    }

    @Override
    public String location() {
        return location;
    }

    @Override
    public String toString() {
        return location;
    }

    @Override
    public Set<Capability> capabilities() {
        return capabilities;
    }

    /** Deletes one object by its key in the bucket or container (never empty). */
    protected abstract void deleteObject(String fullKey);

    @Override
    public void delete(String key) {
        String k = full(key);
        if (k.isEmpty()) {
            throw new IllegalArgumentException("delete needs a key below " + location);
        }
        deleteObject(k);
    }

    /** These stores have no rename: a server-side copy, then the delete once the copy is whole. */
    @Override
    public void move(String fromKey, String toKey) {
        Entry from = stat(fromKey).filter(e -> !e.folder())
                .orElseThrow(() -> new ObjectNotFoundException(location, Keys.normalize(fromKey)));
        copyServerSide(this, fromKey, toKey, from.size());
        delete(fromKey);
    }
}
