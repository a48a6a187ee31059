package io.ib3.store.gcs;

import com.google.api.gax.paging.Page;
import com.google.api.gax.retrying.RetrySettings;
import com.google.cloud.ReadChannel;
import com.google.cloud.WriteChannel;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import com.google.cloud.storage.StorageOptions;
import io.ib3.error.Ib3Exception;
import io.ib3.store.Capability;
import io.ib3.store.Entry;
import io.ib3.store.ObjectNotFoundException;
import io.ib3.store.StoreException;
import io.ib3.store.object.Digest;
import io.ib3.store.object.Failure;
import io.ib3.store.object.KnownFailure;
import io.ib3.store.object.ListPage;
import io.ib3.store.object.ObjectClient;
import io.ib3.store.object.ObjectSettings;
import io.ib3.store.object.PartedUpload;
import io.ib3.work.RetryPolicy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.zip.CRC32C;

/**
 * One Google Cloud Storage bucket as ib3 talks to it, on Google's Java client (JSON API over
 * HTTP): paged listings, object metadata, reads from an offset pinned to the object's generation,
 * single requests carrying the CRC32C (checked by the service) for small objects, resumable uploads
 * in chunks for large ones (checked against GCS's own CRC32C when done), and rewrites.
 */
public final class GcsBucket implements ObjectClient {

    private static final Set<Capability> CAPABILITIES = Set.copyOf(EnumSet.of(Capability.SERVER_SIDE_COPY,
            Capability.NATIVE_CRC32C, Capability.ATOMIC_PUT, Capability.WRITABLE));
    /** The client warns on every start that Conscrypt (left out of ib3, 7 MB) is missing; JDK TLS is used. */
    private static final Logger CONSCRYPT_WARNING = Logger.getLogger("com.google.api.gax.httpjson.HttpJsonConscryptUtils");
    private static final int READ_CHUNK = 4 * 1024 * 1024;

    static {
        CONSCRYPT_WARNING.setLevel(Level.SEVERE);
    }

    private final GcsConfig config;
    private final String bucket;
    private final String identity;
    private final ObjectSettings settings;
    private volatile Storage storage;

    /** @param storage a ready client (tests: LocalStorageHelper), or null to build one from {@code config} on first use */
    public GcsBucket(GcsConfig config, Storage storage, String bucket) {
        if (bucket == null || bucket.isBlank()) {
            throw Ib3Exception.usage("gs location without a bucket", "give gs://bucket/prefix");
        }
        this.config = config;
        this.storage = storage;
        this.bucket = bucket;
        this.identity = (config.endpoint == null ? "google" : config.endpoint.toString()) + "|" + config.credentialReference()
                + (storage == null ? "" : "|" + System.identityHashCode(storage));
        // one resumable session takes its chunks in order, one at a time
        this.settings = new ObjectSettings(CAPABILITIES, config.retryPolicy(), 1000, config.chunkSize, config.chunkSize,
                Integer.MAX_VALUE, config.chunkSize, 1, Digest.CRC32C);
    }

    public String bucket() {
        return bucket;
    }

    private Storage storage() {
        Storage s = storage;
        if (s == null) {
            synchronized (this) {
                if (storage == null) {
                    storage = build();
                }
                s = storage;
            }
        }
        return s;
    }

    private Storage build() {
        RetryPolicy retry = config.retryPolicy();
        StorageOptions.Builder b = StorageOptions.http().setCredentials(GcsCredentials.resolve(config, containerUrl()))
                .setRetrySettings(RetrySettings.newBuilder().setMaxAttempts(retry.attempts())
                        .setInitialRetryDelayDuration(retry.base()).setMaxRetryDelayDuration(retry.cap())
                        .setRetryDelayMultiplier(2.0).setTotalTimeoutDuration(java.time.Duration.ofMinutes(10)).build());
        if (config.endpoint != null) {
            b.setHost(config.endpoint.toString());
        }
        if (config.projectId != null) {
            b.setProjectId(config.projectId);
        }
        return b.build().getService();
    }

    @Override
    public String containerUrl() {
        return "gs://" + bucket;
    }

    @Override
    public String endpointName() {
        return config.endpoint == null ? "https://storage.googleapis.com" : config.endpoint.toString();
    }

    @Override
    public String identity() {
        return identity;
    }

    @Override
    public ObjectSettings settings() {
        return settings;
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    private static Entry entry(Blob b) {
        return new Entry(b.getName(), b.getSize() == null ? 0 : b.getSize(), instant(b.getUpdateTimeOffsetDateTime()), false, b.getEtag());
    }

    // ---------------------------------------------------------------- reading

    @Override
    public ListPage list(String prefix, boolean delimited, String token, int pageSize) {
        List<Storage.BlobListOption> opts = new ArrayList<>();
        if (!prefix.isEmpty()) {
            opts.add(Storage.BlobListOption.prefix(prefix));
        }
        if (delimited) {
            opts.add(Storage.BlobListOption.currentDirectory());
        }
        if (token != null) {
            opts.add(Storage.BlobListOption.pageToken(token));
        }
        if (pageSize < settings.maxPageSize()) {
            // only when asked for less than a full page: Google's in-process fake loses later pages once a size is set
            opts.add(Storage.BlobListOption.pageSize(pageSize));
        }
        Page<Blob> page = storage().list(bucket, opts.toArray(Storage.BlobListOption[]::new));
        List<Entry> objects = new ArrayList<>();
        List<String> folders = new ArrayList<>();
        for (Blob b : page.getValues()) {
            if (b.isDirectory()) {
                folders.add(b.getName());
            } else {
                objects.add(entry(b));
            }
        }
        String next = page.getNextPageToken();
        return new ListPage(objects, folders, next == null || next.isEmpty() ? null : next);
    }

    @Override
    public Optional<Entry> head(String key) {
        Blob b = storage().get(BlobId.of(bucket, key));
        return b == null ? Optional.empty() : Optional.of(entry(b));
    }

    /** The bucket answers a listing (a role for objects only may not read bucket metadata). */
    @Override
    public void checkContainer() {
        try {
            storage().list(bucket, Storage.BlobListOption.pageSize(1)).getValues().iterator().hasNext();
        } catch (StorageException e) {
            if (e.getCode() == 404) {
                throw new KnownFailure(Failure.of(Failure.Kind.NO_CONTAINER, "404"), e);
            }
            throw e;
        }
    }

    private Blob existing(String key) {
        Blob b = storage().get(BlobId.of(bucket, key));
        if (b == null) {
            throw new ObjectNotFoundException(containerUrl(), key);
        }
        return b;
    }

    /** Pinned to the generation the read started with: an object replaced while it is read fails the read. */
    @Override
    public Body get(String key, long offset, String version) {
        Long generation = version == null ? null : Long.valueOf(version);
        if (version == null) {
            Blob b = existing(key);
            generation = b.getGeneration();
            if (offset >= (b.getSize() == null ? 0 : b.getSize())) {
                return new Body(InputStream.nullInputStream(), generation == null ? null : generation.toString());
            }
        }
        ReadChannel ch = storage().reader(generation == null ? BlobId.of(bucket, key) : BlobId.of(bucket, key, generation));
        ch.setChunkSize(READ_CHUNK);
        if (offset > 0) {
            try {
                ch.seek(offset);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new Body(Channels.newInputStream(ch), generation == null ? null : generation.toString());
    }

    @Override
    public Optional<String> crc32c(String key) {
        return Digest.hexCrc32c(existing(key).getCrc32c());
    }

    // ---------------------------------------------------------------- writing

    @Override
    public void put(String key, byte[] data) {
        CRC32C crc = new CRC32C();
        crc.update(data);
        // the CRC32C goes with the object's metadata: the service refuses the object when it differs
        storage().create(BlobInfo.newBuilder(bucket, key).setCrc32c(Digest.base64(crc)).build(), data);
    }

    @Override
    public PartedUpload<Void> beginUpload(String key, long size) {
        boolean existed = storage().get(BlobId.of(bucket, key)) != null;
        WriteChannel ch = storage().writer(BlobInfo.newBuilder(bucket, key).build());
        ch.setChunkSize(config.chunkSize);
        return new Resumable(key, ch, existed);
    }

    /**
     * A resumable upload: the object appears only when the last chunk is sent. The CRC32C is known
     * only at the end, so it is compared with GCS's own after the upload.
     */
    private final class Resumable implements PartedUpload<Void> {
        private final String key;
        private final WriteChannel channel;
        private final boolean existed;

        Resumable(String key, WriteChannel channel, boolean existed) {
            this.key = key;
            this.channel = channel;
            this.existed = existed;
        }

        @Override
        public Void part(int number, byte[] buf, int len) throws IOException {
            ByteBuffer bb = ByteBuffer.wrap(buf, 0, len);
            while (bb.hasRemaining()) {
                channel.write(bb);
            }
            return null;
        }

        @Override
        public void commit(List<Void> parts, long size, byte[] wholeDigest) throws IOException {
            channel.close();
            Optional<String> stored = crc32c(key);
            String local = HexFormat.of().formatHex(wholeDigest);
            if (stored.isPresent() && !stored.get().equals(local)) {
                delete(key);
                throw new StoreException("cannot write " + containerUrl() + "/" + key + ": GCS stored CRC32C " + stored.get()
                        + ", the data sent had " + local + "; the object was removed", null, "run the command again");
            }
        }

        /**
         * The session is abandoned (GCS drops it after a week and shows nothing of it). Other
         * implementations of the API (the test fake among them) show the object from the session's
         * start: an object that was not there before is removed; one that was there is never touched.
         */
        @Override
        public void abort() {
            if (existed) {
                return;
            }
            Blob b = storage().get(BlobId.of(bucket, key));
            if (b != null) {
                if (b.getGeneration() == null) {
                    storage().delete(BlobId.of(bucket, key));
                } else {
                    // only the generation seen here: a concurrent writer's object stays
                    storage().delete(BlobId.of(bucket, key, b.getGeneration()), Storage.BlobSourceOption.generationMatch());
                }
            }
        }
    }

    /** A rewrite: GCS copies in steps (large objects across locations or classes) until done, and states the new CRC32C. */
    @Override
    public Optional<String> copy(ObjectClient source, String sourceKey, String key, long size, ExecutorService pool) {
        GcsBucket src = (GcsBucket) source;
        Blob copied = storage().copy(Storage.CopyRequest.of(BlobId.of(src.bucket, sourceKey), BlobId.of(bucket, key))).getResult();
        return copied == null ? Optional.empty() : Digest.hexCrc32c(copied.getCrc32c());
    }

    @Override
    public void delete(String key) {
        storage().delete(BlobId.of(bucket, key));
    }

    /**
     * Nothing to remove: a killed resumable upload creates no object, its session cannot be listed
     * and GCS drops it after a week; unlike S3's multipart uploads, nothing of it is billed as
     * stored or ever listed as an object.
     */
    @Override
    public int removeUnfinished(String prefix) {
        return 0;
    }

    // ---------------------------------------------------------------- failures

    @Override
    public Failure classify(Throwable e) {
        return GcsErrors.classify(e);
    }

    @Override
    public List<String> hints(Failure.Kind kind) {
        return GcsErrors.hints(config, kind);
    }

    /** Google's client holds no resources that need closing here. */
    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return containerUrl();
    }
}
