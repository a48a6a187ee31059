package io.ib3.store.s3;

import io.ib3.store.vfs.ObjectStoreFileObject;
import org.apache.commons.vfs2.FileObject;
import org.apache.commons.vfs2.FileSystemException;
import org.apache.commons.vfs2.FileType;
import org.apache.commons.vfs2.provider.AbstractFileName;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An object or a folder (a key prefix) in a bucket. Type and size come from one HEAD (plus a
 * LIST of one key for folders), or pre-filled from the parent's listing, so browsing a folder costs
 * one paginated LIST and no request per child.
 */
public final class S3FileObject extends ObjectStoreFileObject<S3FileSystem> {

    private final String key;

    S3FileObject(AbstractFileName name, S3FileSystem fs) {
        super(name, fs);
        this.key = normalizedPath(name, "S3");
    }

    private S3Connection conn() {
        return getAbstractFileSystem().conn;
    }

    /** The key in the bucket ("" for the bucket itself). */
    public String key() {
        return key;
    }

    private RuntimeException fail(String what, Throwable e) {
        return S3Errors.map(conn(), what, key, e);
    }

    /** One HEAD, plus a LIST of one key when there is no such object (a folder or nothing). */
    @Override
    protected FileType lookUpType() {
        if (key.isEmpty()) {
            try {
                conn().client().headBucket(b -> b.bucket(conn().bucket));
            } catch (SdkException e) {
                throw fail("cannot open", e);
            }
            return FileType.FOLDER;
        }
        try {
            HeadObjectResponse h = conn().client().headObject(b -> b.bucket(conn().bucket).key(key));
            fill(FileType.FILE, h.contentLength(), h.lastModified(), S3Store.etag(h.eTag()));
            return FileType.FILE;
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw fail("cannot stat", e);
            }
        } catch (SdkException e) {
            throw fail("cannot stat", e);
        }
        try {
            boolean any = conn().client().listObjectsV2(b -> b.bucket(conn().bucket).prefix(key + "/").maxKeys(1)).keyCount() > 0;
            return any ? FileType.FOLDER : FileType.IMAGINARY;
        } catch (SdkException e) {
            throw fail("cannot stat", e);
        }
    }

    @Override
    protected List<FileObject> listChildren() throws FileSystemException {
        String prefix = key.isEmpty() ? "" : key + "/";
        List<FileObject> out = new ArrayList<>();
        try {
            ListObjectsV2Request req = ListObjectsV2Request.builder().bucket(conn().bucket)
                    .prefix(prefix.isEmpty() ? null : prefix).delimiter("/").build();
            for (ListObjectsV2Response page : conn().client().listObjectsV2Paginator(req)) {
                for (CommonPrefix cp : page.commonPrefixes()) {
                    String name = cp.prefix().substring(prefix.length(), cp.prefix().length() - 1);
                    if (!name.isEmpty()) {
                        out.add(child(name, FileType.FOLDER, 0, null, null));
                    }
                }
                for (S3Object o : page.contents()) {
                    String name = o.key().substring(prefix.length());
                    if (!name.isEmpty() && !name.endsWith("/")) {
                        out.add(child(name, FileType.FILE, o.size(), o.lastModified(), S3Store.etag(o.eTag())));
                    }
                }
            }
        } catch (SdkException e) {
            throw fail("cannot list", e);
        }
        return out;
    }

    @Override
    protected InputStream doGetInputStream(int bufferSize) {
        try {
            return conn().client().getObject(b -> b.bucket(conn().bucket).key(key));
        } catch (SdkException e) {
            throw fail("cannot read", e);
        }
    }

    @Override
    protected void doDelete() {
        // a folder only goes away with its last key; its marker object (if any) is removed here
        String k = knownType() == FileType.FOLDER ? key + "/" : key;
        try {
            conn().client().deleteObject(b -> b.bucket(conn().bucket).key(k));
        } catch (SdkException e) {
            throw fail("cannot delete", e);
        }
    }

    /** etag, and the stored checksum: {@code crc32c} (hex, whole objects only), {@code checksumType}. */
    @Override
    protected Map<String, Object> doGetAttributes() {
        Map<String, Object> attrs = new LinkedHashMap<>();
        if (knownType() != FileType.FILE) {
            return attrs;
        }
        try {
            HeadObjectResponse h = conn().client().headObject(b -> b.bucket(conn().bucket).key(key)
                    .checksumMode(ChecksumMode.ENABLED));
            attrs.put("etag", S3Store.etag(h.eTag()));
            S3Store.fullObjectCrc32c(h.checksumCRC32C(), h.checksumType()).ifPresent(c -> attrs.put("crc32c", c));
            if (h.checksumType() != null) {
                attrs.put("checksumType", h.checksumType().toString());
            }
            if (h.contentType() != null) {
                attrs.put("contentType", h.contentType());
            }
        } catch (SdkException e) {
            throw fail("cannot stat", e);
        }
        return attrs;
    }
}
