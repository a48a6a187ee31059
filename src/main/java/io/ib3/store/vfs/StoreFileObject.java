package io.ib3.store.vfs;

import io.ib3.store.Capability;
import io.ib3.store.Entry;
import io.ib3.store.Keys;
import org.apache.commons.vfs2.FileObject;
import org.apache.commons.vfs2.FileSystemException;
import org.apache.commons.vfs2.FileType;
import org.apache.commons.vfs2.NameScope;
import org.apache.commons.vfs2.provider.AbstractFileName;
import org.apache.commons.vfs2.provider.AbstractFileObject;
import org.apache.commons.vfs2.provider.UriParser;
import org.apache.commons.vfs2.util.FileObjectUtils;

import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An object or a folder of a mounted ib3 store. What one request told about it (type, size,
 * time, etag) is kept until {@code refresh()}, and a folder listing fills in its children, so
 * browsing a folder costs the store one {@code children} call and no request per child.
 */
final class StoreFileObject extends AbstractFileObject<StoreFileSystem> {

    /** Characters escaped in child names so they survive as URI path segments. */
    private static final char[] ESCAPED = {' ', '#', '?', '%', '!'};

    private final String key;
    private Entry entry;
    private boolean looked;

    StoreFileObject(AbstractFileName name, StoreFileSystem fs) {
        super(name, fs);
        try {
            this.key = Keys.normalize(name.getPathDecoded());
        } catch (FileSystemException e) {
            throw new IllegalArgumentException("bad name " + name, e);
        }
    }

    /** The key in the store ("" for its root). */
    String key() {
        return key;
    }

    /** What the store said about this object or folder, or null when there is nothing (no request). */
    Entry entry() {
        return entry;
    }

    private Entry lookUp() {
        if (!looked) {
            entry = getAbstractFileSystem().store().stat(key).orElse(null);
            looked = true;
        }
        return entry;
    }

    private void fill(Entry e) {
        entry = e;
        looked = true;
    }

    @Override
    protected void doDetach() {
        entry = null; // refresh() means ask the store again
        looked = false;
    }

    @Override
    protected FileType doGetType() {
        Entry e = lookUp();
        return e == null ? FileType.IMAGINARY : e.folder() ? FileType.FOLDER : FileType.FILE;
    }

    @Override
    protected String[] doListChildren() throws Exception {
        FileObject[] children = doListChildrenResolved();
        if (children == null) {
            return null;
        }
        String[] names = new String[children.length];
        for (int i = 0; i < children.length; i++) {
            names[i] = UriParser.encode(children[i].getName().getBaseName(), ESCAPED);
        }
        return names;
    }

    @Override
    protected FileObject[] doListChildrenResolved() throws Exception {
        if (entry != null && !entry.folder()) {
            return null;
        }
        List<Entry> children = getAbstractFileSystem().store().children(key);
        FileObject[] out = new FileObject[children.size()];
        for (int i = 0; i < out.length; i++) {
            Entry c = children.get(i);
            FileObject fo = getFileSystem().resolveFile(getFileSystem().getFileSystemManager()
                    .resolveName(getName(), UriParser.encode(c.name(), ESCAPED), NameScope.CHILD));
            ((StoreFileObject) FileObjectUtils.getAbstractFileObject(fo)).fill(c);
            out[i] = fo;
        }
        return out;
    }

    @Override
    protected long doGetContentSize() {
        Entry e = lookUp();
        return e == null ? 0 : e.size();
    }

    @Override
    protected long doGetLastModifiedTime() {
        Entry e = lookUp();
        return e == null || e.lastModified() == null ? 0 : e.lastModified().toEpochMilli();
    }

    @Override
    protected InputStream doGetInputStream(int bufferSize) {
        return getAbstractFileSystem().store().open(key);
    }

    @Override
    protected void doDelete() {
        getAbstractFileSystem().store().delete(key);
    }

    /** {@code etag} from what is known, and {@code crc32c} (hex) when the store keeps one (one request). */
    @Override
    protected Map<String, Object> doGetAttributes() {
        Map<String, Object> attrs = new LinkedHashMap<>();
        Entry e = lookUp();
        if (e == null || e.folder()) {
            return attrs;
        }
        if (e.etag() != null) {
            attrs.put("etag", e.etag());
        }
        if (getAbstractFileSystem().store().has(Capability.NATIVE_CRC32C)) {
            getAbstractFileSystem().store().nativeCrc32c(key).ifPresent(c -> attrs.put("crc32c", c));
        }
        return attrs;
    }
}
