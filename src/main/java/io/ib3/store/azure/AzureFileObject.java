package io.ib3.store.azure;

import com.azure.core.http.rest.PagedResponse;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobContainerItem;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.ListBlobsOptions;
import io.ib3.store.vfs.ObjectStoreFileObject;
import org.apache.commons.vfs2.FileObject;
import org.apache.commons.vfs2.FileSystemException;
import org.apache.commons.vfs2.FileType;
import org.apache.commons.vfs2.provider.AbstractFileName;

import java.io.InputStream;
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
public final class AzureFileObject extends ObjectStoreFileObject<AzureFileSystem> {

    private final String container;
    private final String key;

    AzureFileObject(AbstractFileName name, AzureFileSystem fs) {
        super(name, fs);
        String path = normalizedPath(name, "Azure");
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

    /** One Get Blob Properties, plus a one-blob listing when there is no such blob (a folder or nothing). */
    @Override
    protected FileType lookUpType() {
        if (container.isEmpty()) {
            return FileType.FOLDER;
        }
        if (key.isEmpty()) {
            try {
                return containerClient().exists() ? FileType.FOLDER : FileType.IMAGINARY;
            } catch (RuntimeException e) {
                throw fail("cannot open", e);
            }
        }
        try {
            BlobProperties p = containerClient().getBlobClient(key).getProperties();
            fill(FileType.FILE, p.getBlobSize(), AzureStore.instant(p.getLastModified()), AzureStore.etag(p.getETag()));
            return FileType.FILE;
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
            return any ? FileType.FOLDER : FileType.IMAGINARY;
        } catch (RuntimeException e) {
            if (AzureErrors.status(e) == 404) {
                return FileType.IMAGINARY; // the container is gone
            }
            throw fail("cannot stat", e);
        }
    }

    @Override
    protected List<FileObject> listChildren() throws FileSystemException {
        List<FileObject> out = new ArrayList<>();
        try {
            if (container.isEmpty()) {
                for (BlobContainerItem c : conn().client().listBlobContainers()) {
                    out.add(child(c.getName(), FileType.FOLDER, 0, null, null));
                }
                return out;
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
        return out;
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
        String k = knownType() == FileType.FOLDER ? key + "/" : key;
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
        if (knownType() != FileType.FILE) {
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
}
