package io.ib3.store;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/** A store seen from a prefix of another one; closing it does not close the parent. */
public final class SubStore implements Store {

    private final Store parent;
    private final String prefix;

    SubStore(Store parent, String prefix) {
        this.parent = parent;
        this.prefix = prefix;
    }

    private String full(String key) {
        return Keys.join(prefix, key);
    }

    private Entry strip(Entry e) {
        return new Entry(Keys.relativize(prefix, e.key()), e.size(), e.lastModified(), e.folder(), e.etag());
    }

    @Override
    public String location() {
        String base = parent.location();
        return base.endsWith("/") ? base + prefix : base + "/" + prefix;
    }

    @Override
    public Set<Capability> capabilities() {
        return parent.capabilities();
    }

    @Override
    public Stream<Entry> list(String p) {
        return parent.list(full(p)).map(this::strip);
    }

    @Override
    public List<Entry> children(String folder) {
        return parent.children(full(folder)).stream().map(this::strip).toList();
    }

    @Override
    public Optional<Entry> stat(String key) {
        return parent.stat(full(key)).map(this::strip);
    }

    @Override
    public InputStream open(String key, long offset) {
        return parent.open(full(key), offset);
    }

    @Override
    public void write(String key, InputStream content, long size) {
        parent.write(full(key), content, size);
    }

    @Override
    public void move(String fromKey, String toKey) {
        parent.move(full(fromKey), full(toKey));
    }

    @Override
    public void delete(String key) {
        parent.delete(full(key));
    }

    @Override
    public boolean canCopyServerSide(Store source) {
        return parent.canCopyServerSide(unwrap(source));
    }

    @Override
    public void copyServerSide(Store source, String sourceKey, String targetKey, long size) {
        parent.copyServerSide(unwrap(source), rootKey(source, sourceKey), full(targetKey), size);
    }

    @Override
    public Optional<String> copyServerSideCrc32c(Store source, String sourceKey, String targetKey, long size) {
        return parent.copyServerSideCrc32c(unwrap(source), rootKey(source, sourceKey), full(targetKey), size);
    }

    /** The store a chain of views is built on. */
    public static Store unwrap(Store s) {
        return s instanceof SubStore sub ? unwrap(sub.parent) : s;
    }

    /** A key of a view, as a key of the store the view is built on. */
    public static String rootKey(Store s, String key) {
        return s instanceof SubStore sub ? rootKey(sub.parent, Keys.join(sub.prefix, key)) : key;
    }

    @Override
    public Optional<String> nativeCrc32c(String key) {
        return parent.nativeCrc32c(full(key));
    }

    @Override
    public void setOwner(String key, String user, String group) {
        parent.setOwner(full(key), user, group);
    }

    @Override
    public void removeEmptyFolders(String p) {
        parent.removeEmptyFolders(full(p));
    }

    @Override
    public int removeUnfinishedWrites(String p) {
        return parent.removeUnfinishedWrites(full(p));
    }

    @Override
    public Store at(String p) {
        return Keys.isRoot(p) ? this : new SubStore(parent, full(p));
    }
}
