package io.ib3.store.azure;

import com.azure.core.http.rest.PagedIterable;
import com.azure.core.http.rest.PagedResponse;
import com.azure.core.util.Context;
import com.azure.core.util.polling.LongRunningOperationStatus;
import com.azure.core.util.polling.PollResponse;
import com.azure.core.util.polling.SyncPoller;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobCopyInfo;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobHttpHeaders;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobRange;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.CopyStatusType;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.options.BlobInputStreamOptions;
import com.azure.storage.blob.options.BlockBlobCommitBlockListOptions;
import com.azure.storage.blob.options.BlockBlobSimpleUploadOptions;
import com.azure.storage.blob.sas.BlobSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;
import com.azure.storage.blob.specialized.BlockBlobClient;
import io.ib3.error.Ib3Exception;
import io.ib3.store.Capability;
import io.ib3.store.Entry;
import io.ib3.store.ObjectNotFoundException;
import io.ib3.store.StoreException;
import io.ib3.store.object.Digest;
import io.ib3.store.object.Failure;
import io.ib3.store.object.ListPage;
import io.ib3.store.object.ObjectClient;
import io.ib3.store.object.ObjectErrors;
import io.ib3.store.object.ObjectSettings;
import io.ib3.store.object.PartedUpload;
import io.ib3.store.object.PartedWrite;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.LongAdder;

/**
 * One Azure Blob Storage container as ib3 talks to it, on the Azure SDK (JDK HTTP client): paged
 * flat and hierarchical listings, Get Blob Properties, ranged reads pinned by If-Match, Put Blob
 * with Content-MD5 (checked and kept by the service), staged blocks with an MD5 each and the whole
 * MD5 on the block list, and server-side copies within an account (Copy Blob From URL, Put Block
 * From URL, or the asynchronous Copy Blob where those are not implemented). The SDK client is
 * built on first use.
 */
public final class AzureContainer implements ObjectClient {

    /** How a server-side copy was made (tests check that each path runs). */
    public enum CopyMethod { COPY_FROM_URL, BLOCKS_FROM_URL, ASYNC_COPY }

    /** Ranged reads of this size as the caller reads. */
    private static final int READ_BLOCK = 4 * 1024 * 1024;

    private final AzureConfig config;
    private final String account;
    private final String container;
    private final ObjectSettings settings;
    private final Map<CopyMethod, LongAdder> copies = new ConcurrentHashMap<>();
    private volatile AzureCredentials.Connected connected;

    public AzureContainer(AzureConfig config, String account, String container) {
        if (account == null || account.isBlank() || container == null || container.isBlank()) {
            throw Ib3Exception.usage("azblob location needs an account and a container", "give azblob://account/container/prefix");
        }
        this.config = config;
        this.account = account;
        this.container = container;
        EnumSet<Capability> caps = EnumSet.of(Capability.ATOMIC_PUT, Capability.WRITABLE);
        if (!config.defaultCredential) {
            // a copy's source URL is authorised by a SAS (signed with the key, or the SAS itself);
            // with a token credential the bytes go through ib3 instead
            caps.add(Capability.SERVER_SIDE_COPY);
        }
        this.settings = new ObjectSettings(caps, config.retryPolicy(), 5000, config.singleUploadThreshold, config.blockSize,
                AzureConfig.MAX_BLOCKS, AzureConfig.MAX_BLOCK, config.parallel, Digest.MD5);
    }

    public AzureConfig config() {
        return config;
    }

    public String account() {
        return account;
    }

    public String container() {
        return container;
    }

    private AzureCredentials.Connected connected() {
        AzureCredentials.Connected c = connected;
        if (c == null) {
            synchronized (this) {
                c = connected;
                if (c == null) {
                    c = AzureCredentials.connect(config, account);
                    connected = c;
                }
            }
        }
        return c;
    }

    /** How requests are authorised (builds the client). */
    AzureCredentials.Auth auth() {
        return connected().auth();
    }

    private BlobContainerClient containerClient() {
        return connected().client().getBlobContainerClient(container);
    }

    private BlobClient blob(String key) {
        return containerClient().getBlobClient(key);
    }

    @Override
    public String containerUrl() {
        return "azblob://" + account + "/" + container;
    }

    @Override
    public String containerNoun() {
        return "container";
    }

    @Override
    public String endpointName() {
        AzureCredentials.Connected c = connected;
        return c == null ? AzureCredentials.serviceUrl(config, account) : c.client().getAccountUrl();
    }

    /** Any container of the same account, reached with the same credential reference. */
    @Override
    public String identity() {
        return account + "|" + AzureCredentials.serviceUrl(config, account) + "|" + config.credentialReference();
    }

    @Override
    public ObjectSettings settings() {
        return settings;
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    static String etag(String raw) {
        if (raw == null) {
            return null;
        }
        return raw.length() >= 2 && raw.startsWith("\"") && raw.endsWith("\"") ? raw.substring(1, raw.length() - 1) : raw;
    }

    // ---------------------------------------------------------------- reading

    @Override
    public ListPage list(String prefix, boolean delimited, String token, int pageSize) {
        ListBlobsOptions opts = new ListBlobsOptions().setMaxResultsPerPage(pageSize).setPrefix(prefix.isEmpty() ? null : prefix);
        PagedIterable<BlobItem> items = delimited ? containerClient().listBlobsByHierarchy("/", opts, null)
                : containerClient().listBlobs(opts, null);
        Iterator<PagedResponse<BlobItem>> pages = (token == null ? items.iterableByPage(pageSize)
                : items.iterableByPage(token, pageSize)).iterator();
        if (!pages.hasNext()) {
            return new ListPage(List.of(), List.of(), null);
        }
        PagedResponse<BlobItem> page = pages.next();
        List<Entry> objects = new ArrayList<>();
        List<String> folders = new ArrayList<>();
        for (BlobItem b : page.getValue()) {
            if (Boolean.TRUE.equals(b.isPrefix())) {
                folders.add(b.getName());
            } else {
                objects.add(new Entry(b.getName(), b.getProperties().getContentLength(),
                        instant(b.getProperties().getLastModified()), false, etag(b.getProperties().getETag())));
            }
        }
        String next = page.getContinuationToken();
        return new ListPage(objects, folders, next == null || next.isEmpty() ? null : next);
    }

    private static boolean blobMissing(RuntimeException e) {
        return AzureErrors.status(e) == 404 && !BlobErrorCode.CONTAINER_NOT_FOUND.equals(AzureErrors.code(e));
    }

    @Override
    public Optional<Entry> head(String key) {
        try {
            BlobProperties p = blob(key).getProperties();
            return Optional.of(new Entry(key, p.getBlobSize(), instant(p.getLastModified()), false, etag(p.getETag())));
        } catch (RuntimeException e) {
            if (blobMissing(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public void checkContainer() {
        containerClient().getProperties();
    }

    /**
     * Ranged GETs of 4 MiB as the caller reads, each pinned to the ETag the read started with: a
     * blob replaced while it is read fails the read instead of mixing two versions.
     */
    @Override
    public Body get(String key, long offset, String version) {
        String etag = version;
        if (etag == null) {
            BlobProperties props;
            try {
                props = blob(key).getProperties();
            } catch (RuntimeException e) {
                if (blobMissing(e)) {
                    throw new ObjectNotFoundException(containerUrl(), key);
                }
                throw e;
            }
            etag = props.getETag();
            if (offset >= props.getBlobSize()) {
                return new Body(InputStream.nullInputStream(), etag); // offset at (or past) the end
            }
        }
        String pinned = etag;
        // with the JDK HTTP client, the SDK's own retry of this request can fail ("This publisher has
        // already one subscriber"): ib3 tries again itself; a missing (404) or changed (412) blob is an answer
        InputStream in = settings.retry().call(() -> blob(key).openInputStream(new BlobInputStreamOptions()
                        .setRange(new BlobRange(offset)).setBlockSize(READ_BLOCK)
                        .setRequestConditions(new BlobRequestConditions().setIfMatch(pinned))),
                e -> AzureErrors.status(e) != 404 && AzureErrors.status(e) != 412 && !(e instanceof Ib3Exception));
        return new Body(in, etag);
    }

    /** Azure keeps an MD5, not a CRC32C: stores here do not declare {@link Capability#NATIVE_CRC32C}. */
    @Override
    public Optional<String> crc32c(String key) {
        return Optional.empty();
    }

    /** The MD5 the service keeps for a blob (hex), when it has one: Put Blob sets it, ib3 sets it on block lists. */
    public Optional<String> contentMd5(String key) {
        try {
            byte[] md5 = blob(key).getProperties().getContentMd5();
            return md5 == null ? Optional.empty() : Optional.of(HexFormat.of().formatHex(md5));
        } catch (RuntimeException e) {
            if (blobMissing(e)) {
                throw new ObjectNotFoundException(containerUrl(), key);
            }
            throw ObjectErrors.map(this, "cannot stat", key, e);
        }
    }

    // ---------------------------------------------------------------- writing

    @Override
    public void put(String key, byte[] data) {
        byte[] md5 = Digest.MD5.of(data, 0, data.length);
        // Content-MD5 of the request: the service refuses a body that arrived different, and keeps the MD5
        blob(key).getBlockBlobClient().uploadWithResponse(new BlockBlobSimpleUploadOptions(new ByteArrayInputStream(data), data.length)
                .setContentMd5(md5).setHeaders(new BlobHttpHeaders().setContentMd5(md5)), null, Context.NONE);
    }

    /** Block ids of one upload: equal length (a service rule), unique per upload. */
    static List<String> blockIds(int count) {
        String upload = UUID.randomUUID().toString().substring(0, 8);
        List<String> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(Base64.getEncoder().encodeToString(String.format("ib3-%s-%06d", upload, i).getBytes(StandardCharsets.US_ASCII)));
        }
        return ids;
    }

    @Override
    public PartedUpload<String> beginUpload(String key, long size) {
        return new Blocks(key, size, settings.partSize(size), null);
    }

    /**
     * A block blob written as staged blocks: nothing is visible until the block list is committed;
     * blocks of a failed upload are never committed, and the service drops them after a week.
     */
    private final class Blocks implements PartedUpload<String> {
        private final BlockBlobClient blob;
        private final List<String> ids;
        private final long blockSize;
        private final String sourceUrl;

        Blocks(String key, long size, long blockSize, String sourceUrl) {
            this.blob = blob(key).getBlockBlobClient();
            this.blockSize = blockSize;
            this.ids = blockIds((int) ((size + blockSize - 1) / blockSize));
            this.sourceUrl = sourceUrl;
        }

        @Override
        public String part(int number, byte[] buf, int len) {
            String id = ids.get(number - 1);
            byte[] md5 = Digest.MD5.of(buf, 0, len);
            // resettable, so a retried block re-sends from the same buffer
            blob.stageBlockWithResponse(id, new ByteArrayInputStream(buf, 0, len), len, md5, null, null, Context.NONE);
            return id;
        }

        @Override
        public String copyPart(int number, long from, long length) {
            String id = ids.get(number - 1);
            blob.stageBlockFromUrl(id, sourceUrl, new BlobRange(from, length));
            return id;
        }

        @Override
        public void commit(List<String> parts, long size, byte[] wholeDigest) {
            BlockBlobCommitBlockListOptions opts = new BlockBlobCommitBlockListOptions(parts);
            if (wholeDigest.length > 0) {
                opts.setHeaders(new BlobHttpHeaders().setContentMd5(wholeDigest));
            }
            blob.commitBlockListWithResponse(opts, null, Context.NONE);
        }

        /**
         * Nothing to remove, on purpose: uncommitted blocks are never listed or read as a blob, the
         * re-run's commit of the same blob discards them, and the service drops the rest after a
         * week. Clearing them early would need a commit of an empty block list, which creates a
         * zero-byte blob that a concurrent reader could see.
         */
        @Override
        public void abort() {
        }

        long blockSize() {
            return blockSize;
        }
    }

    /** Nothing to remove: see {@link Blocks#abort}. */
    @Override
    public int removeUnfinished(String prefix) {
        return 0;
    }

    @Override
    public void delete(String key) {
        blob(key).deleteIfExists();
    }

    // ---------------------------------------------------------------- server-side copy

    /**
     * Copy Blob From URL up to the copy threshold (256 MiB at most, an Azure limit), above it
     * parallel Put Block From URL ranges and a block list. A service that does not implement these
     * (501, as Azurite for Put Block From URL) gets the asynchronous Copy Blob, polled until done.
     * No blob bytes pass through ib3 on any path.
     */
    @Override
    public Optional<String> copy(ObjectClient source, String sourceKey, String key, long size, ExecutorService pool) {
        AzureContainer src = (AzureContainer) source;
        String what = "cannot copy " + src.containerUrl() + "/" + sourceKey + " to";
        String url = src.readableUrl(sourceKey);
        BlobClient to = blob(key);
        try {
            if (size <= config.copyThreshold) {
                to.copyFromUrl(url);
                copied(CopyMethod.COPY_FROM_URL);
            } else {
                Blocks blocks = new Blocks(key, size, settings.partSize(config.copyBlockSize, size), url);
                PartedWrite.copy(blocks, size, blocks.blockSize(), pool, config.parallel, containerUrl() + "/" + key,
                        e -> ObjectErrors.map(this, what, key, e));
                copied(CopyMethod.BLOCKS_FROM_URL);
            }
        } catch (RuntimeException e) {
            if (ObjectErrors.kind(this, e) != Failure.Kind.NOT_IMPLEMENTED) {
                throw e;
            }
            asyncCopy(to, url, what, key);
            copied(CopyMethod.ASYNC_COPY);
        }
        return Optional.empty();
    }

    /**
     * A blob's URL with what authorises reading it: a short read-only SAS for one blob signed with
     * the account key, or the SAS the account is reached with. Never printed.
     */
    private String readableUrl(String key) {
        BlobClient from = blob(key);
        if (auth() == AzureCredentials.Auth.SHARED_KEY) {
            // long enough for the asynchronous copy of a large blob
            return from.getBlobUrl() + "?" + from.generateSas(new BlobServiceSasSignatureValues(
                    OffsetDateTime.now().plusHours(12), new BlobSasPermission().setReadPermission(true)));
        }
        String sas = connected().sasToken();
        return sas == null ? from.getBlobUrl() : from.getBlobUrl() + "?" + sas;
    }

    private void asyncCopy(BlobClient to, String url, String what, String key) {
        SyncPoller<BlobCopyInfo, Void> poller = to.beginCopy(url, Duration.ofMillis(500));
        PollResponse<BlobCopyInfo> last = poller.waitForCompletion();
        CopyStatusType status = last.getValue() == null ? null : last.getValue().getCopyStatus();
        if (last.getStatus() != LongRunningOperationStatus.SUCCESSFULLY_COMPLETED || status != CopyStatusType.SUCCESS) {
            throw new StoreException(what + " " + containerUrl() + "/" + key + ": the service's copy ended with "
                    + (status == null ? last.getStatus() : status), null, "run the command again; the copy is retried");
        }
    }

    private void copied(CopyMethod m) {
        copies.computeIfAbsent(m, x -> new LongAdder()).increment();
    }

    /** How many server-side copies into this container took a path (for tests and diagnostics). */
    public long copies(CopyMethod m) {
        LongAdder n = copies.get(m);
        return n == null ? 0 : n.sum();
    }

    // ---------------------------------------------------------------- failures

    @Override
    public Failure classify(Throwable e) {
        return AzureErrors.classify(e);
    }

    @Override
    public List<String> hints(Failure.Kind kind) {
        return AzureErrors.hints(config, account, kind);
    }

    /** The SDK's client holds no resources that need closing (the JDK HTTP client pools by itself). */
    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return containerUrl();
    }
}
