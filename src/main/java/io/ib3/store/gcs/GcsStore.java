package io.ib3.store.gcs;

import com.google.api.gax.paging.Page;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.NoCredentials;
import com.google.cloud.ReadChannel;
import com.google.cloud.WriteChannel;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import com.google.cloud.storage.StorageOptions;
import io.ib3.error.ExitCode;
import io.ib3.error.Ib3Exception;
import io.ib3.store.Capability;
import io.ib3.store.Entry;
import io.ib3.store.FlatObjectStore;
import io.ib3.store.Keys;
import io.ib3.store.ObjectNotFoundException;
import io.ib3.store.PagedListing;
import io.ib3.store.OptionValues;
import io.ib3.store.SizedBody;
import io.ib3.store.Store;
import io.ib3.store.SubStore;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import java.util.zip.CRC32C;

/**
 * {@code gs://bucket/prefix} as an ib3 {@link Store}, on Google's Java client (JSON API over
 * HTTP): paged listings streamed, reads from an offset pinned to the object's generation, single
 * requests with the CRC32C checked by the service for small objects, resumable uploads in chunks
 * for large ones (checked against GCS's own CRC32C after the upload), and server-side rewrites.
 */
public final class GcsStore extends FlatObjectStore {

    private static final Set<Capability> CAPABILITIES = Set.copyOf(EnumSet.of(Capability.SERVER_SIDE_COPY,
            Capability.NATIVE_CRC32C, Capability.ATOMIC_PUT, Capability.WRITABLE));
    /** The client warns on every start that Conscrypt (left out of ib3, 7 MB) is missing; JDK TLS is used. */
    private static final Logger CONSCRYPT_WARNING = Logger.getLogger("com.google.api.gax.httpjson.HttpJsonConscryptUtils");

    static {
        CONSCRYPT_WARNING.setLevel(Level.SEVERE);
    }

    private final GcsConfig config;
    private final String bucket;
    private final String identity;
    private volatile Storage storage;

    public GcsStore(GcsConfig config, String bucket, String prefix) {
        this(config, null, bucket, prefix);
    }

    /** A store on a ready client (tests: LocalStorageHelper); {@code config} still gives the identity and sizes. */
    public GcsStore(GcsConfig config, Storage storage, String bucket, String prefix) {
        super(bucketUrl(bucket), prefix, CAPABILITIES);
        this.config = config;
        this.storage = storage;
        this.bucket = bucket;
        this.identity = (config.endpoint == null ? "google" : config.endpoint.toString()) + "|" + config.credentialReference()
                + (storage == null ? "" : "|" + System.identityHashCode(storage));
    }

    private static String bucketUrl(String bucket) {
        if (bucket == null || bucket.isBlank()) {
            throw Ib3Exception.usage("gs location without a bucket", "give gs://bucket/prefix");
        }
        return "gs://" + bucket;
    }

    public static GcsStore open(URI uri, Map<String, String> options, Function<String, String> env) {
        String bucket = uri.getHost() != null ? uri.getHost() : uri.getAuthority();
        return new GcsStore(GcsConfig.fromOptions(options, env), bucket, uri.getPath() == null ? "" : uri.getPath());
    }

    public String bucket() {
        return bucket;
    }

    Storage storage() {
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
        StorageOptions.Builder b = StorageOptions.http().setCredentials(credentials());
        if (config.endpoint != null) {
            b.setHost(config.endpoint.toString());
        }
        if (config.projectId != null) {
            b.setProjectId(config.projectId);
        }
        return b.build().getService();
    }

    /** The credentials a profile references; read now, kept only inside the client. */
    com.google.auth.Credentials credentials() {
        String file = config.credentialsFile;
        String option = "credentialsFile";
        if (config.credentialsFileEnv != null) {
            file = OptionValues.requiredEnv(config.env, config.credentialsFileEnv, "credentialsFileEnv", location());
            option = "credentialsFileEnv";
        }
        if (file != null) {
            Path p = Path.of(file);
            if (!Files.isRegularFile(p)) {
                throw Ib3Exception.usage(location() + ": the service-account key file " + p + " (" + option + ") does not exist",
                        "give the path of the JSON key downloaded from IAM > Service accounts > Keys");
            }
            try (InputStream in = Files.newInputStream(p)) {
                return GoogleCredentials.fromStream(in).createScoped("https://www.googleapis.com/auth/devstorage.read_write");
            } catch (IOException | RuntimeException e) {
                // never echo the file: it holds the private key
                throw Ib3Exception.usage(location() + ": the service-account key file " + p + " cannot be read as a Google credential ("
                        + e.getClass().getSimpleName() + ")", "give the JSON key of a service account (\"type\": \"service_account\")");
            }
        }
        if (config.endpoint != null) {
            return NoCredentials.getInstance(); // an emulator or test server
        }
        try {
            return GoogleCredentials.getApplicationDefault();
        } catch (IOException e) {
            throw Ib3Exception.usage(location() + ": no Google credentials found",
                    "set credentialsFile or credentialsFileEnv in the profile, export GOOGLE_APPLICATION_CREDENTIALS,"
                            + " or run 'gcloud auth application-default login'");
        }
    }

    String location(String fullKey) {
        return "gs://" + bucket + "/" + fullKey;
    }

    /** One line naming bucket and key, with hints; built from status codes and reasons, never from credentials. */
    RuntimeException fail(String what, String fullKey, RuntimeException e) {
        Ib3Exception ours = OptionValues.find(e, Ib3Exception.class);
        if (ours != null) {
            return ours;
        }
        String at = fullKey.isEmpty() ? "gs://" + bucket : location(fullKey);
        StorageException se = OptionValues.find(e, StorageException.class);
        if (se == null) {
            return new io.ib3.store.StoreException(what + " " + at + ": " + OptionValues.firstLine(e.getMessage()), e);
        }
        int code = se.getCode();
        if (code == 404 && fullKey.isEmpty() || "notFound".equals(se.getReason()) && se.getMessage() != null
                && se.getMessage().toLowerCase().contains("bucket")) {
            return new io.ib3.store.StoreException(ExitCode.USAGE, "no such bucket: gs://" + bucket, e,
                    "check the bucket name in the location; ib3 never creates buckets");
        }
        if (code == 401) {
            return new io.ib3.store.StoreException(what + " " + at + ": the credentials were rejected (401)", e,
                    "check " + config.credentialSource());
        }
        if (code == 403) {
            return new io.ib3.store.StoreException(what + " " + at + ": access denied (403)", e,
                    "the account of " + config.credentialSource() + " needs roles/storage.objectAdmin on the bucket");
        }
        if (code == 429 || code >= 500) {
            return new io.ib3.store.StoreException(what + " " + at + ": the service kept failing (" + code + ") after retries", e,
                    "try again later, or lower --parallel");
        }
        return new io.ib3.store.StoreException(what + " " + at + ": " + code + (se.getReason() == null ? "" : " " + se.getReason()), e);
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    private Entry entry(Blob b) {
        return new Entry(rel(b.getName()), b.getSize() == null ? 0 : b.getSize(), instant(b.getUpdateTimeOffsetDateTime()), false, b.getEtag());
    }

    // ---------------------------------------------------------------- listing

    @Override
    public Stream<Entry> list(String prefix) {
        String p = full(prefix);
        Iterator<Blob> blobs;
        try {
            // iterateAll fetches the next page only when the previous one is consumed
            Page<Blob> first = p.isEmpty() ? storage().list(bucket) : storage().list(bucket, Storage.BlobListOption.prefix(p + "/"));
            blobs = first.iterateAll().iterator();
        } catch (RuntimeException e) {
            throw fail("cannot list", p, e);
        }
        return PagedListing.stream(blobs, b -> !b.getName().endsWith("/"), this::entry,
                e -> fail("cannot list", p, e));
    }

    @Override
    public List<Entry> children(String folder) {
        String p = full(folder);
        String listPrefix = p.isEmpty() ? "" : p + "/";
        List<Entry> out = new ArrayList<>();
        try {
            for (Blob b : storage().list(bucket, Storage.BlobListOption.prefix(listPrefix), Storage.BlobListOption.currentDirectory()).iterateAll()) {
                if (b.isDirectory()) {
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
            // the root exists as soon as the bucket answers a listing (a plain object role may not read bucket metadata)
            try {
                storage().list(bucket, Storage.BlobListOption.pageSize(1)).getValues().iterator().hasNext();
            } catch (RuntimeException e) {
                throw fail("cannot open", "", e);
            }
            return Optional.of(Entry.folder(""));
        }
        Blob b;
        try {
            b = storage().get(BlobId.of(bucket, k));
        } catch (RuntimeException e) {
            throw fail("cannot stat", k, e);
        }
        if (b != null) {
            return Optional.of(new Entry(Keys.normalize(key), b.getSize() == null ? 0 : b.getSize(),
                    instant(b.getUpdateTimeOffsetDateTime()), false, b.getEtag()));
        }
        try {
            // one object under the prefix is enough (GCS has no folders)
            boolean any = storage().list(bucket, Storage.BlobListOption.prefix(k + "/"), Storage.BlobListOption.pageSize(1))
                    .getValues().iterator().hasNext();
            return any ? Optional.of(Entry.folder(Keys.normalize(key))) : Optional.empty();
        } catch (RuntimeException e) {
            throw fail("cannot stat", k, e);
        }
    }

    // ---------------------------------------------------------------- reading

    private Blob existing(String key, String k) {
        Blob b;
        try {
            b = storage().get(BlobId.of(bucket, k));
        } catch (RuntimeException e) {
            throw fail("cannot read", k, e);
        }
        if (b == null) {
            throw new ObjectNotFoundException(location(), Keys.normalize(key));
        }
        return b;
    }

    @Override
    public InputStream open(String key, long offset) {
        String k = full(key);
        Blob b = existing(key, k);
        long size = b.getSize() == null ? 0 : b.getSize();
        if (offset >= size) {
            return InputStream.nullInputStream();
        }
        try {
            // pinned to the generation seen above: an object replaced while it is read fails the read
            ReadChannel ch = storage().reader(BlobId.of(bucket, k, b.getGeneration()));
            ch.setChunkSize(4 * 1024 * 1024);
            if (offset > 0) {
                ch.seek(offset);
            }
            return Channels.newInputStream(ch);
        } catch (IOException | RuntimeException e) {
            throw fail("cannot read", k, e instanceof RuntimeException r ? r : new IllegalStateException(e));
        }
    }

    @Override
    public Optional<String> nativeCrc32c(String key) {
        return hexCrc32c(existing(key, full(key)).getCrc32c());
    }

    /** GCS's crc32c (base64 of the 4 big-endian bytes) as 8 hex digits. */
    static Optional<String> hexCrc32c(String base64) {
        if (base64 == null) {
            return Optional.empty();
        }
        try {
            byte[] b = Base64.getDecoder().decode(base64);
            return b.length == 4 ? Optional.of(HexFormat.of().formatHex(b)) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    static String base64(CRC32C crc) {
        long v = crc.getValue();
        return Base64.getEncoder().encodeToString(new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
    }

    // ---------------------------------------------------------------- writing

    @Override
    public void write(String key, InputStream content, long size) {
        String k = full(key);
        if (k.isEmpty()) {
            throw new IllegalArgumentException("write needs a key below " + location());
        }
        if (size <= config.chunkSize) {
            writeSmall(k, content, size);
        } else {
            writeResumable(k, content, size);
        }
    }

    private void writeSmall(String k, InputStream content, long size) {
        byte[] data = SizedBody.readExactly(content, size, location(k));
        CRC32C crc = new CRC32C();
        crc.update(data);
        try {
            // the CRC32C goes with the object's metadata: the service refuses the object when it differs
            storage().create(BlobInfo.newBuilder(bucket, k).setCrc32c(base64(crc)).build(), data);
        } catch (RuntimeException e) {
            throw fail("cannot write", k, e);
        }
    }

    /**
     * Nothing to remove: a killed resumable upload creates no object (the object appears only with
     * the last chunk), its session cannot be listed and GCS drops it after a week; unlike S3's
     * multipart uploads, nothing of it is billed as stored or ever listed as an object.
     */
    @Override
    public int removeUnfinishedWrites(String prefix) {
        return 0;
    }

    /**
     * A resumable upload: one chunk in memory, the object appears only when the last chunk is sent.
     * A short source is found before that, and the session is abandoned (GCS drops it after a week).
     */
    private void writeResumable(String k, InputStream content, long size) {
        CRC32C crc = new CRC32C();
        byte[] buf = new byte[1 << 20];
        boolean existed;
        try {
            existed = storage().get(BlobId.of(bucket, k)) != null;
        } catch (RuntimeException e) {
            throw fail("cannot write", k, e);
        }
        WriteChannel ch;
        try {
            ch = storage().writer(BlobInfo.newBuilder(bucket, k).build());
            ch.setChunkSize(config.chunkSize);
        } catch (RuntimeException e) {
            throw fail("cannot write", k, e);
        }
        long done = 0;
        try {
            while (done < size) {
                int n = content.readNBytes(buf, 0, (int) Math.min(buf.length, size - done));
                if (n == 0) {
                    throw SizedBody.sizeMismatch(location(k), size, done);
                }
                crc.update(buf, 0, n);
                if (done + n == size && content.read() >= 0) {
                    throw SizedBody.sizeMismatch(location(k), size, size + 1);
                }
                ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
                while (bb.hasRemaining()) {
                    ch.write(bb);
                }
                done += n;
            }
            ch.close();
        } catch (IOException e) {
            removeUnfinished(k, existed);
            throw new io.ib3.store.StoreException("cannot write " + location(k) + ": " + OptionValues.firstLine(e.getMessage()), e);
        } catch (io.ib3.store.StoreException e) {
            removeUnfinished(k, existed);
            throw e;
        } catch (RuntimeException e) {
            removeUnfinished(k, existed);
            throw fail("cannot write", k, e);
        }
        // the upload sent no checksum up front (it is known only at the end): compare afterwards
        Optional<String> stored = nativeCrc32c(rel(k));
        String local = String.format("%08x", crc.getValue());
        if (stored.isPresent() && !stored.get().equals(local)) {
            delete(rel(k));
            throw new io.ib3.store.StoreException("cannot write " + location(k) + ": GCS stored CRC32C " + stored.get()
                    + ", the data sent had " + local + "; the object was removed", null, "run the command again");
        }
    }

    /**
     * GCS shows nothing of an unfinished upload, but other implementations of the API (the test
     * fake among them) show the object from the session's start. An object that was not there
     * before the upload is removed; one that was there is never touched.
     */
    private void removeUnfinished(String k, boolean existed) {
        if (existed) {
            return;
        }
        try {
            Blob b = storage().get(BlobId.of(bucket, k));
            if (b != null) {
                if (b.getGeneration() == null) {
                    storage().delete(BlobId.of(bucket, k));
                } else {
                    // only the generation seen here: a concurrent writer's object stays
                    storage().delete(BlobId.of(bucket, k, b.getGeneration()), Storage.BlobSourceOption.generationMatch());
                }
            }
        } catch (RuntimeException ignored) {
            // the first failure is what the user sees; a leftover is listed by the next verify
        }
    }

    @Override
    protected void deleteObject(String k) {
        try {
            storage().delete(BlobId.of(bucket, k));
        } catch (RuntimeException e) {
            throw fail("cannot delete", k, e);
        }
    }

    // ---------------------------------------------------------------- server-side copy

    @Override
    public boolean canCopyServerSide(Store source) {
        return SubStore.unwrap(source) instanceof GcsStore s && (s == this || s.identity.equals(identity));
    }

    @Override
    public void copyServerSide(Store source, String sourceKey, String targetKey, long size) {
        if (!canCopyServerSide(source)) {
            throw new IllegalArgumentException("no server-side copy from " + source.location() + " into " + location());
        }
        GcsStore src = (GcsStore) SubStore.unwrap(source);
        String from = src.full(SubStore.rootKey(source, sourceKey));
        String to = full(targetKey);
        try {
            // a rewrite: GCS copies in steps (large objects across locations or classes) until done
            storage().copy(Storage.CopyRequest.of(BlobId.of(src.bucket, from), BlobId.of(bucket, to))).getResult();
        } catch (RuntimeException e) {
            if (OptionValues.find(e, StorageException.class) != null
                    && OptionValues.find(e, StorageException.class).getCode() == 404 && src.stat(SubStore.rootKey(source, sourceKey)).isEmpty()) {
                throw new ObjectNotFoundException(source.location(), Keys.normalize(sourceKey));
            }
            throw fail("cannot copy gs://" + src.bucket + "/" + from + " to", to, e);
        }
    }
}
