package io.ib3.store.azure;

import com.azure.core.http.rest.PagedResponse;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobHttpHeaders;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobRange;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.options.BlobInputStreamOptions;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.options.BlockBlobSimpleUploadOptions;
import io.ib3.error.Ib3Exception;
import io.ib3.store.Capability;
import io.ib3.store.DaemonPool;
import io.ib3.store.Entry;
import io.ib3.store.FlatObjectStore;
import io.ib3.store.Keys;
import io.ib3.store.ObjectNotFoundException;
import io.ib3.store.PagedListing;
import io.ib3.store.Store;
import io.ib3.store.SizedBody;
import io.ib3.store.StoreException;
import io.ib3.store.SubStore;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * {@code azblob://account/container/prefix} as an ib3 {@link Store}, on the Azure SDK directly:
 * flat listings streamed page by page, ranged reads, one Put Blob (with Content-MD5, checked by
 * the service) for small objects and parallel staged blocks with bounded memory for large ones,
 * and server-side copies within an account. Safe for concurrent use.
 */
public final class AzureStore extends FlatObjectStore {

    private static final Set<Capability> CAPABILITIES = Set.copyOf(EnumSet.of(Capability.SERVER_SIDE_COPY,
            Capability.ATOMIC_PUT, Capability.WRITABLE));

    final AzureConnection conn;
    final String container;
    private final int pageSize;
    private final DaemonPool pool = new DaemonPool("ib3-azure-block-");

    public AzureStore(AzureConfig config, String account, String container, String prefix) {
        this(config, account, container, prefix, 5000);
    }

    /** As above with the page size of listings (5000 is Azure's maximum; tests use small pages). */
    public AzureStore(AzureConfig config, String account, String container, String prefix, int pageSize) {
        super(containerUrl(account, container), prefix, CAPABILITIES);
        this.conn = new AzureConnection(config, account);
        this.container = container;
        this.pageSize = pageSize;
    }

    private static String containerUrl(String account, String container) {
        if (account == null || account.isBlank() || container == null || container.isBlank()) {
            throw Ib3Exception.usage("azblob location needs an account and a container", "give azblob://account/container/prefix");
        }
        return "azblob://" + account + "/" + container;
    }

    /** Opens {@code azblob://account/container/prefix} with a profile's options; nothing is contacted yet. */
    public static AzureStore open(URI uri, Map<String, String> options, Function<String, String> env) {
        String account = uri.getHost() != null ? uri.getHost() : uri.getAuthority();
        String path = Keys.normalize(uri.getPath() == null ? "" : uri.getPath());
        int slash = path.indexOf('/');
        String container = slash < 0 ? path : path.substring(0, slash);
        String prefix = slash < 0 ? "" : path.substring(slash + 1);
        if (container.isEmpty()) {
            throw Ib3Exception.usage("azblob location without a container: " + uri, "give azblob://account/container/prefix");
        }
        return new AzureStore(AzureConfig.fromOptions(options, env), account, container, prefix);
    }

    public String account() {
        return conn.account;
    }

    public String container() {
        return container;
    }

    /** The blob-name prefix in the container this store is rooted at. */
    public String prefix() {
        return root();
    }

    public AzureConfig config() {
        return conn.config;
    }

    BlobContainerClient containerClient() {
        return conn.container(container);
    }

    BlobClient blob(String fullKey) {
        return containerClient().getBlobClient(fullKey);
    }

    RuntimeException fail(String what, String fullKey, Throwable e) {
        return AzureErrors.map(conn, what, container, fullKey, e);
    }

    String location(String fullKey) {
        return "azblob://" + conn.account + "/" + container + "/" + fullKey;
    }

    static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    static String etag(String raw) {
        if (raw == null) {
            return null;
        }
        return raw.length() >= 2 && raw.startsWith("\"") && raw.endsWith("\"") ? raw.substring(1, raw.length() - 1) : raw;
    }

    private Entry entry(BlobItem b) {
        return new Entry(rel(b.getName()), b.getProperties().getContentLength(),
                instant(b.getProperties().getLastModified()), false, etag(b.getProperties().getETag()));
    }

    // ---------------------------------------------------------------- listing

    @Override
    public Stream<Entry> list(String prefix) {
        String p = full(prefix);
        ListBlobsOptions opts = new ListBlobsOptions().setMaxResultsPerPage(pageSize).setPrefix(p.isEmpty() ? null : p + "/");
        Iterator<BlobItem> items;
        try {
            // a PagedIterable fetches the next page only when the previous one is consumed
            items = containerClient().listBlobs(opts, null).iterator();
        } catch (RuntimeException e) {
            throw fail("cannot list", p, e);
        }
        return PagedListing.stream(items, b -> !b.getName().endsWith("/"), this::entry,
                e -> fail("cannot list", p, e));
    }

    @Override
    public List<Entry> children(String folder) {
        String p = full(folder);
        String listPrefix = p.isEmpty() ? "" : p + "/";
        List<Entry> out = new ArrayList<>();
        try {
            ListBlobsOptions opts = new ListBlobsOptions().setMaxResultsPerPage(pageSize)
                    .setPrefix(listPrefix.isEmpty() ? null : listPrefix);
            for (BlobItem b : containerClient().listBlobsByHierarchy("/", opts, null)) {
                if (Boolean.TRUE.equals(b.isPrefix())) {
                    out.add(Entry.folder(rel(b.getName().substring(0, b.getName().length() - 1))));
                } else if (!b.getName().equals(listPrefix) && !b.getName().endsWith("/")) {
                    out.add(entry(b));
                }
            }
        } catch (RuntimeException e) {
            throw fail("cannot list", p, e);
        }
        out.sort(Comparator.comparing(Entry::name));
        return out;
    }

    @Override
    public Optional<Entry> stat(String key) {
        String k = full(key);
        if (Keys.isRoot(key)) {
            // the root of a store exists as soon as its container does, blobs or not
            try {
                containerClient().getProperties();
            } catch (RuntimeException e) {
                throw fail("cannot open", "", e);
            }
            return Optional.of(Entry.folder(""));
        }
        try {
            BlobProperties p = blob(k).getProperties();
            return Optional.of(new Entry(Keys.normalize(key), p.getBlobSize(), instant(p.getLastModified()), false, etag(p.getETag())));
        } catch (RuntimeException e) {
            if (AzureErrors.status(e) != 404 || BlobErrorCode.CONTAINER_NOT_FOUND.equals(AzureErrors.code(e))) {
                throw fail("cannot stat", k, e);
            }
        }
        return isFolder(k) ? Optional.of(Entry.folder(Keys.normalize(key))) : Optional.empty();
    }

    /** A folder on a flat namespace is a prefix with at least one blob under it. */
    boolean isFolder(String fullKey) {
        try {
            ListBlobsOptions opts = new ListBlobsOptions().setMaxResultsPerPage(1).setPrefix(fullKey + "/");
            for (PagedResponse<BlobItem> page : containerClient().listBlobs(opts, null).iterableByPage()) {
                return !page.getValue().isEmpty();
            }
            return false;
        } catch (RuntimeException e) {
            throw fail("cannot stat", fullKey, e);
        }
    }

    // ---------------------------------------------------------------- reading

    @Override
    public InputStream open(String key, long offset) {
        String k = full(key);
        BlobProperties props;
        try {
            props = blob(k).getProperties();
        } catch (RuntimeException e) {
            if (AzureErrors.status(e) == 404 && !BlobErrorCode.CONTAINER_NOT_FOUND.equals(AzureErrors.code(e))) {
                throw new ObjectNotFoundException(location(), Keys.normalize(key));
            }
            throw fail("cannot read", k, e);
        }
        if (offset >= props.getBlobSize()) {
            return InputStream.nullInputStream(); // offset at (or past) the end
        }
        String etag = props.getETag();
        try {
            // ranged GETs of 4 MiB as the caller reads, each pinned to the ETag seen above: a blob
            // replaced while it is read fails the read instead of mixing two versions
            return new AzureReadStream(from -> retried(() -> blob(k).openInputStream(new BlobInputStreamOptions()
                    .setRange(new BlobRange(from)).setBlockSize(4 * 1024 * 1024)
                    .setRequestConditions(new BlobRequestConditions().setIfMatch(etag)))), offset);
        } catch (RuntimeException e) {
            throw fail("cannot read", k, e);
        }
    }

    /**
     * Runs a request again (up to the configured attempts, backing off from 200 ms) when it failed
     * in a way the SDK's own retry did not get past; a missing blob (404) or a changed one (412)
     * is an answer, not a fault.
     */
    private <T> T retried(java.util.function.Supplier<T> request) {
        for (int attempt = 1; ; attempt++) {
            try {
                return request.get();
            } catch (RuntimeException e) {
                int status = AzureErrors.status(e);
                if (status == 404 || status == 412 || attempt >= conn.config.attempts) {
                    throw e;
                }
                try {
                    Thread.sleep(200L << Math.min(attempt - 1, 6));
                } catch (InterruptedException i) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** The MD5 the service keeps for a blob (hex), when it has one: Put Blob sets it, ib3 sets it on block lists. */
    public Optional<String> contentMd5(String key) {
        String k = full(key);
        try {
            byte[] md5 = blob(k).getProperties().getContentMd5();
            return md5 == null ? Optional.empty() : Optional.of(java.util.HexFormat.of().formatHex(md5));
        } catch (RuntimeException e) {
            if (AzureErrors.status(e) == 404 && !BlobErrorCode.CONTAINER_NOT_FOUND.equals(AzureErrors.code(e))) {
                throw new ObjectNotFoundException(location(), Keys.normalize(key));
            }
            throw fail("cannot stat", k, e);
        }
    }

    // ---------------------------------------------------------------- writing

    @Override
    public void write(String key, InputStream content, long size) {
        String k = full(key);
        if (k.isEmpty()) {
            throw new IllegalArgumentException("write needs a key below " + location());
        }
        if (size > conn.config.singleUploadThreshold) {
            new AzureUpload(this, k, size).run(content);
            return;
        }
        byte[] data = SizedBody.readExactly(content, size, location(k));
        byte[] md5 = md5().digest(data);
        try {
            // Content-MD5 of the request: the service refuses a body that arrived different, and keeps the MD5
            blob(k).getBlockBlobClient().uploadWithResponse(new BlockBlobSimpleUploadOptions(new ByteArrayInputStream(data), size)
                    .setContentMd5(md5).setHeaders(new BlobHttpHeaders().setContentMd5(md5)), null, Context.NONE);
        } catch (RuntimeException e) {
            throw fail("cannot write", k, e);
        }
    }

    static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no MD5", e);
        }
    }

    /** Threads for parallel blocks. */
    ExecutorService pool() {
        return pool.get();
    }

    /**
     * Nothing to remove, on purpose: a killed upload leaves only uncommitted blocks, which no
     * listing or read ever shows as a blob (so nothing half-written can be taken as complete); the
     * re-run's commit of the same blob discards them, and the service drops the rest after a week.
     * Clearing them early would need a commit of an empty block list, which creates a zero-byte
     * blob that a concurrent reader could see; a week of storage for blocks of a blob that is never
     * written again is the cheaper risk.
     */
    @Override
    public int removeUnfinishedWrites(String prefix) {
        return 0;
    }

    @Override
    protected void deleteObject(String k) {
        try {
            blob(k).deleteIfExists();
        } catch (RuntimeException e) {
            throw fail("cannot delete", k, e);
        }
    }

    // ---------------------------------------------------------------- server-side copy

    @Override
    public boolean canCopyServerSide(Store source) {
        // any container of the same account, reached with the same credentials
        return SubStore.unwrap(source) instanceof AzureStore s && (s == this || s.conn.identity().equals(conn.identity()));
    }

    @Override
    public void copyServerSide(Store source, String sourceKey, String targetKey, long size) {
        if (!canCopyServerSide(source)) {
            throw new IllegalArgumentException("no server-side copy from " + source.location() + " into " + location());
        }
        AzureStore src = (AzureStore) SubStore.unwrap(source);
        String from = src.full(SubStore.rootKey(source, sourceKey));
        long length = size >= 0 ? size : source.stat(sourceKey)
                .orElseThrow(() -> new ObjectNotFoundException(source.location(), Keys.normalize(sourceKey))).size();
        new AzureCopy(this, src, from, full(targetKey), length).run();
    }

    private final Map<AzureCopy.Method, java.util.concurrent.atomic.LongAdder> copies = new java.util.concurrent.ConcurrentHashMap<>();

    AzureCopy.Method copied(AzureCopy.Method m) {
        copies.computeIfAbsent(m, x -> new java.util.concurrent.atomic.LongAdder()).increment();
        return m;
    }

    /** How many server-side copies into this store took a path (for tests and diagnostics). */
    long copies(AzureCopy.Method m) {
        java.util.concurrent.atomic.LongAdder n = copies.get(m);
        return n == null ? 0 : n.sum();
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
