package io.ib3.store.azure;

import com.azure.core.http.rest.PagedResponse;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobContainerItem;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.ListBlobsOptions;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The account root (its containers are the children), a container, or a blob or folder (a name
 * prefix) in a container. Type and size come from one Get Blob Properties (plus a one-blob listing
 * for folders), or pre-filled from the parent's listing, so browsing costs one listing per folder.
 */
public final class AzureFileObject extends AbstractFileObject<AzureFileSystem> {

    private static final char[] ESCAPED = {' ', '#', '?'};

    private final String container;
    private final String key;
    private FileType knownType;
    private long size;
    private Instant lastModified;
    private String etag;

    AzureFileObject(AbstractFileName name, AzureFileSystem fs) {
        super(name, fs);
        String path;
        try {
            path = Keys.normalize(name.getPathDecoded());
        } catch (FileSystemException e) {
            throw new IllegalArgumentException("bad Azure name " + name, e);
        }
        int slash = path.indexOf('/');
        this.container = slash < 0 ? path : path.substring(0, slash);
        this.key = slash < 0 ? "" : path.substring(slash + 1);
    }

    private AzureConnection conn() {
        return getAbstractFileSystem().conn;
    }

    private BlobContainerClient containerClient() {
        return conn().container(container);
    }

    /** The container ("" for the account root). */
    public String container() {
        return container;
    }

    /** The blob name in the container ("" for a container or the root). */
    public String key() {
        return key;
    }

    private RuntimeException fail(String what, Throwable e) {
        return AzureErrors.map(conn(), what, container, key, e);
    }

    @Override
    protected void doDetach() {
        knownType = null; // refresh() means ask the service again
        etag = null;
        lastModified = null;
    }

    private void fill(FileType type, long size, Instant lastModified, String etag) {
        this.knownType = type;
        this.size = size;
        this.lastModified = lastModified;
        this.etag = etag;
    }

    @Override
    protected FileType doGetType() {
        if (knownType != null) {
            return knownType;
        }
        if (container.isEmpty()) {
            knownType = FileType.FOLDER;
            return knownType;
        }
        if (key.isEmpty()) {
            try {
                knownType = containerClient().exists() ? FileType.FOLDER : FileType.IMAGINARY;
            } catch (RuntimeException e) {
                throw fail("cannot open", e);
            }
            return knownType;
        }
        try {
            BlobProperties p = containerClient().getBlobClient(key).getProperties();
            fill(FileType.FILE, p.getBlobSize(), AzureStore.instant(p.getLastModified()), AzureStore.etag(p.getETag()));
            return knownType;
        } catch (RuntimeException e) {
            if (AzureErrors.status(e) != 404) {
                throw fail("cannot stat", e);
            }
        }
        try {
            ListBlobsOptions opts = new ListBlobsOptions().setMaxResultsPerPage(1).setPrefix(key + "/");
            boolean any = false;
            for (PagedResponse<BlobItem> page : containerClient().listBlobs(opts, null).iterableByPage()) {
                any = !page.getValue().isEmpty();
                break;
            }
            knownType = any ? FileType.FOLDER : FileType.IMAGINARY;
            return knownType;
        } catch (RuntimeException e) {
            if (AzureErrors.status(e) == 404) {
                knownType = FileType.IMAGINARY; // the container is gone
                return knownType;
            }
            throw fail("cannot stat", e);
        }
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
        List<FileObject> out = new ArrayList<>();
        try {
            if (container.isEmpty()) {
                for (BlobContainerItem c : conn().client().listBlobContainers()) {
                    out.add(child(c.getName(), FileType.FOLDER, 0, null, null));
                }
                return out.toArray(FileObject[]::new);
            }
            String prefix = key.isEmpty() ? "" : key + "/";
            ListBlobsOptions opts = new ListBlobsOptions().setPrefix(prefix.isEmpty() ? null : prefix);
            for (BlobItem b : containerClient().listBlobsByHierarchy("/", opts, null)) {
                String name = b.getName().substring(prefix.length());
                if (Boolean.TRUE.equals(b.isPrefix())) {
                    name = name.substring(0, name.length() - 1);
                    if (!name.isEmpty()) {
                        out.add(child(name, FileType.FOLDER, 0, null, null));
                    }
                } else if (!name.isEmpty() && !name.endsWith("/")) {
                    out.add(child(name, FileType.FILE, b.getProperties().getContentLength(),
                            AzureStore.instant(b.getProperties().getLastModified()), AzureStore.etag(b.getProperties().getETag())));
                }
            }
        } catch (RuntimeException e) {
            throw fail("cannot list", e);
        }
        return out.toArray(FileObject[]::new);
    }

    /** A child with what the listing told about it, so asking its type or size costs nothing. */
    private FileObject child(String name, FileType type, long size, Instant lastModified, String etag)
            throws FileSystemException {
        FileObject fo = getFileSystem().resolveFile(getFileSystem().getFileSystemManager()
                .resolveName(getName(), UriParser.encode(name, ESCAPED), NameScope.CHILD));
        ((AzureFileObject) FileObjectUtils.getAbstractFileObject(fo)).fill(type, size, lastModified, etag);
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

    @Override
    protected InputStream doGetInputStream(int bufferSize) {
        try {
            return containerClient().getBlobClient(key).openInputStream();
        } catch (RuntimeException e) {
            throw fail("cannot read", e);
        }
    }

    @Override
    protected void doDelete() {
        if (key.isEmpty()) {
            throw new UnsupportedOperationException("ib3 never deletes containers: azblob://" + conn().account + "/" + container);
        }
        // a folder only goes away with its last blob; its marker (if any) is removed here
        String k = knownType == FileType.FOLDER ? key + "/" : key;
        try {
            containerClient().getBlobClient(k).deleteIfExists();
        } catch (RuntimeException e) {
            throw fail("cannot delete", e);
        }
    }

    /**
     * etag, and what the service keeps about the content: {@code contentMd5} (hex; Put Blob sets it,
     * ib3 sets it on block lists), {@code contentType}, {@code blobType}, {@code accessTier}.
     */
    @Override
    protected Map<String, Object> doGetAttributes() {
        Map<String, Object> attrs = new LinkedHashMap<>();
        if (knownType != FileType.FILE) {
            return attrs;
        }
        try {
            BlobProperties p = containerClient().getBlobClient(key).getProperties();
            attrs.put("etag", AzureStore.etag(p.getETag()));
            if (p.getContentMd5() != null) {
                attrs.put("contentMd5", HexFormat.of().formatHex(p.getContentMd5()));
            }
            if (p.getContentType() != null) {
                attrs.put("contentType", p.getContentType());
            }
            if (p.getBlobType() != null) {
                attrs.put("blobType", p.getBlobType().toString());
            }
            if (p.getAccessTier() != null) {
                attrs.put("accessTier", p.getAccessTier().toString());
            }
        } catch (RuntimeException e) {
            throw fail("cannot stat", e);
        }
        return attrs;
    }

    /** The entity tag from the listing or the properties that typed this blob (no request). */
    public String etag() {
        return etag;
    }
}
