package io.ib3.store.s3;

import io.ib3.store.Capability;
import io.ib3.store.DaemonPool;
import io.ib3.store.Entry;
import io.ib3.store.FlatObjectStore;
import io.ib3.store.Keys;
import io.ib3.store.ObjectNotFoundException;
import io.ib3.store.PagedListing;
import io.ib3.store.Store;
import io.ib3.store.SubStore;
import io.ib3.store.SizedBody;
import io.ib3.store.StoreException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.ChecksumType;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import java.util.zip.CRC32C;

/**
 * {@code s3://bucket/prefix} as an ib3 {@link Store}, on the AWS SDK directly (VFS would serialise
 * every call): flat paginated listings streamed page by page, ranged reads, single PUTs for small
 * objects and parallel multipart uploads with bounded memory for large ones, CRC32C sent with every
 * upload so the server validates it, and server-side copies between stores on the same endpoint.
 * Safe for concurrent use.
 */
public final class S3Store extends FlatObjectStore {

    private static final Set<Capability> CAPABILITIES = Set.copyOf(EnumSet.of(Capability.SERVER_SIDE_COPY,
            Capability.ATOMIC_PUT, Capability.WRITABLE, Capability.NATIVE_CRC32C));

    final S3Connection conn;
    private final int pageSize;
    private final DaemonPool pool = new DaemonPool("ib3-s3-part-");

    /**
     * @param prefix the key prefix in the bucket this store is rooted at ("" for the whole bucket)
     */
    public S3Store(S3Config config, String bucket, String prefix) {
        this(config, bucket, prefix, 1000);
    }

    /** As above with the page size of listings (1000 is S3's maximum; tests use small pages). */
    public S3Store(S3Config config, String bucket, String prefix, int pageSize) {
        super(bucketUrl(bucket), prefix, CAPABILITIES);
        this.conn = new S3Connection(config, bucket);
        this.pageSize = pageSize;
    }

    private static String bucketUrl(String bucket) {
        if (bucket == null || bucket.isBlank()) {
            throw io.ib3.error.Ib3Exception.usage("s3 location without a bucket", "give s3://bucket/prefix");
        }
        return "s3://" + bucket;
    }

    /** Opens {@code s3://bucket/prefix} with a profile's options; nothing is contacted yet. */
    public static S3Store open(URI uri, Map<String, String> options, Function<String, String> env) {
        String bucket = uri.getHost() != null ? uri.getHost() : uri.getAuthority();
        String path = uri.getPath() == null ? "" : uri.getPath();
        return new S3Store(S3Config.fromOptions(options, env), bucket, path);
    }

    public String bucket() {
        return conn.bucket;
    }

    /** The key prefix in the bucket this store is rooted at. */
    public String prefix() {
        return root();
    }

    public S3Config config() {
        return conn.config;
    }

    private S3Client s3() {
        return conn.client();
    }

    RuntimeException fail(String what, String fullKey, Throwable e) {
        return S3Errors.map(conn, what, fullKey, e);
    }

    // ---------------------------------------------------------------- listing

    @Override
    public Stream<Entry> list(String prefix) {
        String p = full(prefix);
        ListObjectsV2Request req = ListObjectsV2Request.builder().bucket(conn.bucket)
                .prefix(p.isEmpty() ? null : p + "/").maxKeys(pageSize).build();
        Iterator<S3Object> objects;
        try {
            // the paginator fetches the next page only when the previous one is consumed
            objects = s3().listObjectsV2Paginator(req).contents().iterator();
        } catch (SdkException e) {
            throw fail("cannot list", p, e);
        }
        return PagedListing.stream(objects, o -> !o.key().endsWith("/"), o -> new Entry(rel(o.key()), o.size(), o.lastModified(), false, etag(o.eTag())),
                e -> e instanceof SdkException ? fail("cannot list", p, e) : e);
    }

    @Override
    public List<Entry> children(String folder) {
        String p = full(folder);
        String listPrefix = p.isEmpty() ? "" : p + "/";
        List<Entry> out = new ArrayList<>();
        try {
            ListObjectsV2Request req = ListObjectsV2Request.builder().bucket(conn.bucket)
                    .prefix(listPrefix.isEmpty() ? null : listPrefix).delimiter("/").maxKeys(pageSize).build();
            for (ListObjectsV2Response page : s3().listObjectsV2Paginator(req)) {
                for (CommonPrefix cp : page.commonPrefixes()) {
                    out.add(Entry.folder(rel(cp.prefix())));
                }
                for (S3Object o : page.contents()) {
                    if (!o.key().equals(listPrefix) && !o.key().endsWith("/")) {
                        out.add(new Entry(rel(o.key()), o.size(), o.lastModified(), false, etag(o.eTag())));
                    }
                }
            }
        } catch (SdkException e) {
            throw fail("cannot list", p, e);
        }
        out.sort(Comparator.comparing(Entry::name));
        return out;
    }

    @Override
    public Optional<Entry> stat(String key) {
        String k = full(key);
        if (Keys.isRoot(key)) {
            // the root of a store exists as soon as its bucket does, objects or not
            try {
                s3().headBucket(b -> b.bucket(conn.bucket));
            } catch (SdkException e) {
                throw fail("cannot open", "", e);
            }
            return Optional.of(Entry.folder(""));
        }
        try {
            HeadObjectResponse h = s3().headObject(b -> b.bucket(conn.bucket).key(k));
            return Optional.of(new Entry(Keys.normalize(key), h.contentLength(), h.lastModified(), false, etag(h.eTag())));
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw fail("cannot stat", k, e);
            }
        } catch (SdkException e) {
            throw fail("cannot stat", k, e);
        }
        return isFolder(k) ? Optional.of(Entry.folder(Keys.normalize(key))) : Optional.empty();
    }

    /** A folder on S3 is a prefix with at least one key under it. */
    private boolean isFolder(String fullKey) {
        try {
            return s3().listObjectsV2(b -> b.bucket(conn.bucket).prefix(fullKey + "/").maxKeys(1)).keyCount() > 0;
        } catch (SdkException e) {
            throw fail("cannot stat", fullKey, e);
        }
    }

    static String etag(String raw) {
        if (raw == null) {
            return null;
        }
        return raw.length() >= 2 && raw.startsWith("\"") && raw.endsWith("\"") ? raw.substring(1, raw.length() - 1) : raw;
    }

    // ---------------------------------------------------------------- reading

    @Override
    public InputStream open(String key, long offset) {
        String k = full(key);
        GetObjectRequest.Builder req = GetObjectRequest.builder().bucket(conn.bucket).key(k);
        if (offset > 0) {
            req.range("bytes=" + offset + "-");
        }
        try {
            return new S3ReadStream(this, k, Math.max(0, offset), s3().getObject(req.build()));
        } catch (S3Exception e) {
            if (e.statusCode() == 416 && offset > 0 && stat(key).isPresent()) {
                return InputStream.nullInputStream(); // offset at (or past) the end
            }
            if (e.statusCode() == 404 && !"NoSuchBucket".equals(code(e))) {
                throw new ObjectNotFoundException(location(), Keys.normalize(key));
            }
            throw fail("cannot read", k, e);
        } catch (SdkException e) {
            throw fail("cannot read", k, e);
        }
    }

    static String code(S3Exception e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }

    @Override
    public Optional<String> nativeCrc32c(String key) {
        String k = full(key);
        HeadObjectResponse h;
        try {
            h = s3().headObject(b -> b.bucket(conn.bucket).key(k).checksumMode(ChecksumMode.ENABLED));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw new ObjectNotFoundException(location(), Keys.normalize(key));
            }
            throw fail("cannot stat", k, e);
        } catch (SdkException e) {
            throw fail("cannot stat", k, e);
        }
        return fullObjectCrc32c(h.checksumCRC32C(), h.checksumType());
    }

    /** The hex CRC32C of a whole object, or empty for a checksum of part checksums ("…-N"). */
    static Optional<String> fullObjectCrc32c(String base64, ChecksumType type) {
        if (base64 == null || base64.contains("-") || type == ChecksumType.COMPOSITE) {
            return Optional.empty();
        }
        byte[] b;
        try {
            b = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return b.length == 4 ? Optional.of(HexFormat.of().formatHex(b)) : Optional.empty();
    }

    /** A CRC32C as S3 headers carry it: the 4 big-endian bytes in base64. */
    static String base64(CRC32C crc) {
        long v = crc.getValue();
        return Base64.getEncoder().encodeToString(new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
    }

    boolean sendChecksums() {
        return conn.config.checksums == S3Config.ChecksumMode.WHEN_SUPPORTED;
    }

    // ---------------------------------------------------------------- writing

    @Override
    public void write(String key, InputStream content, long size) {
        String k = full(key);
        if (k.isEmpty()) {
            throw new IllegalArgumentException("write needs a key below " + location());
        }
        if (size > conn.config.multipartThreshold) {
            new S3Upload(this, k, size).run(content);
            return;
        }
        byte[] data = SizedBody.readExactly(content, size, location(k));
        PutObjectRequest.Builder req = PutObjectRequest.builder().bucket(conn.bucket).key(k).contentLength(size);
        if (sendChecksums()) {
            CRC32C crc = new CRC32C();
            crc.update(data);
            req.checksumCRC32C(base64(crc));
        }
        try {
            // a ByteArrayInputStream can be reset, so the SDK retries without copying the bytes
            s3().putObject(req.build(), RequestBody.fromInputStream(new ByteArrayInputStream(data), size));
        } catch (SdkException e) {
            throw fail("cannot write", k, e);
        }
    }

    String location(String fullKey) {
        return "s3://" + conn.bucket + "/" + fullKey;
    }

    /** Threads for parallel parts. */
    ExecutorService pool() {
        return pool.get();
    }

    S3Client client() {
        return s3();
    }

    @Override
    protected void deleteObject(String k) {
        try {
            s3().deleteObject(b -> b.bucket(conn.bucket).key(k));
        } catch (SdkException e) {
            throw fail("cannot delete", k, e);
        }
    }

    /** Aborts the multipart uploads below {@code prefix} that a killed run left unfinished. */
    @Override
    public int removeUnfinishedWrites(String prefix) {
        String p = full(prefix);
        int aborted = 0;
        try {
            for (var page : s3().listMultipartUploadsPaginator(b -> b.bucket(conn.bucket).prefix(p.isEmpty() ? null : p + "/"))) {
                for (var upload : page.uploads()) {
                    s3().abortMultipartUpload(b -> b.bucket(conn.bucket).key(upload.key()).uploadId(upload.uploadId()));
                    aborted++;
                }
            }
        } catch (SdkException e) {
            throw fail("cannot clean up unfinished uploads in", p, e);
        }
        return aborted;
    }

    // ---------------------------------------------------------------- server-side copy

    @Override
    public boolean canCopyServerSide(Store source) {
        // a view (Store.at) of an S3 store copies like the store it is a view of
        return SubStore.unwrap(source) instanceof S3Store s && (s == this || s.conn.identity().equals(conn.identity()));
    }

    @Override
    public void copyServerSide(Store source, String sourceKey, String targetKey, long size) {
        copyServerSideCrc32c(source, sourceKey, targetKey, size);
    }

    @Override
    public Optional<String> copyServerSideCrc32c(Store source, String sourceKey, String targetKey, long size) {
        if (!canCopyServerSide(source)) {
            throw new IllegalArgumentException("no server-side copy from " + source.location() + " into " + location());
        }
        S3Store src = (S3Store) SubStore.unwrap(source);
        String from = src.full(SubStore.rootKey(source, sourceKey));
        String to = full(targetKey);
        long length = size >= 0 ? size : source.stat(sourceKey)
                .orElseThrow(() -> new ObjectNotFoundException(source.location(), Keys.normalize(sourceKey))).size();
        return new S3Copy(this, src.conn.bucket, from, to, length).run();
    }

    @Override
    public void close() {
        pool.shutdownNow();
        conn.close();
    }
}
