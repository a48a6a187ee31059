package io.ib3.store.vfs;

import io.ib3.store.Keys;
import org.apache.commons.vfs2.FileObject;
import org.apache.commons.vfs2.FileSystemException;
import org.apache.commons.vfs2.FileType;
import org.apache.commons.vfs2.NameScope;
import org.apache.commons.vfs2.provider.AbstractFileName;
import org.apache.commons.vfs2.provider.AbstractFileObject;
import org.apache.commons.vfs2.provider.AbstractFileSystem;
import org.apache.commons.vfs2.provider.UriParser;
import org.apache.commons.vfs2.util.FileObjectUtils;

import java.time.Instant;
import java.util.List;

/**
 * A VFS file object on a flat object store (S3, Azure Blob …), where folders are key prefixes.
 * It caches what one request told about it (type, size, time, etag), and a folder listing
 * pre-fills its children, so browsing a folder costs one listing and no request per child.
 * Subclasses supply only the store calls.
 */
public abstract class ObjectStoreFileObject<FS extends AbstractFileSystem> extends AbstractFileObject<FS> {

    /** Characters escaped in child names so they survive as URI path segments. */
    private static final char[] ESCAPED = {' ', '#', '?'};

    private FileType knownType;
    private long size;
    private Instant lastModified;
    private String etag;

    protected ObjectStoreFileObject(AbstractFileName name, FS fs) {
        super(name, fs);
    }

    /** The normalized path of {@code name}; {@code store} names the provider in the error. */
    protected static String normalizedPath(AbstractFileName name, String store) {
        try {
            return Keys.normalize(name.getPathDecoded());
        } catch (FileSystemException e) {
            throw new IllegalArgumentException("bad " + store + " name " + name, e);
        }
    }

    /**
     * Asks the store what this is; a FILE answer calls {@link #fill} with its size, time and etag.
     * Called only while the type is not known yet.
     */
    protected abstract FileType lookUpType();

    /** The children of this folder, each made by {@link #child}. */
    protected abstract List<FileObject> listChildren() throws FileSystemException;

    /** The type known from a listing or an earlier look-up, or null (no request). */
    protected final FileType knownType() {
        return knownType;
    }

    protected final void fill(FileType type, long size, Instant lastModified, String etag) {
        this.knownType = type;
        this.size = size;
        this.lastModified = lastModified;
        this.etag = etag;
    }

    @Override
    protected void doDetach() {
        knownType = null; // refresh() means ask the store again
        etag = null;
        lastModified = null;
    }

    @Override
    protected FileType doGetType() {
        if (knownType == null) {
            knownType = lookUpType();
        }
        return knownType;
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
        if (knownType == FileType.FILE) {
            return null;
        }
        return listChildren().toArray(FileObject[]::new);
    }

    /** A child with what the listing told about it, so asking its type or size costs nothing. */
    protected final FileObject child(String name, FileType type, long size, Instant lastModified, String etag)
            throws FileSystemException {
        FileObject fo = getFileSystem().resolveFile(getFileSystem().getFileSystemManager()
                .resolveName(getName(), UriParser.encode(name, ESCAPED), NameScope.CHILD));
        ((ObjectStoreFileObject<?>) FileObjectUtils.getAbstractFileObject(fo)).fill(type, size, lastModified, etag);
        return fo;
    }

    @Override
    protected long doGetContentSize() {
        return size;
    }

    @Override
    protected long doGetLastModifiedTime() {
        return lastModified == null ? 0 : lastModified.toEpochMilli();
    }

    /** The entity tag from the listing or look-up that typed this object (no request). */
    public String etag() {
        return etag;
    }
}
