package io.ib3.store.s3;

import io.ib3.error.Ib3Exception;
import io.ib3.store.Capability;
import io.ib3.store.Entry;
import io.ib3.store.ObjectNotFoundException;
import io.ib3.store.object.Digest;
import io.ib3.store.object.Failure;
import io.ib3.store.object.KnownFailure;
import io.ib3.store.object.ListPage;
import io.ib3.store.object.ObjectClient;
import io.ib3.store.object.ObjectErrors;
import io.ib3.store.object.ObjectSettings;
import io.ib3.store.object.PartedUpload;
import io.ib3.store.object.PartedWrite;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.ChecksumType;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResult;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.UploadPartCopyResponse;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.zip.CRC32C;

/**
 * One S3 bucket as ib3 talks to it, on the AWS SDK v2 (sync client on Apache HttpClient 5):
 * paginated ListObjectsV2, HEAD, ranged GET pinned by If-Match, PUT with the CRC32C as a header
 * (the server validates and keeps it), multipart uploads with a CRC32C per part and a full-object
 * CRC32C on completion, CopyObject and parallel UploadPartCopy server-side copies. The SDK client is
 * built on first use (0.5–1 s that commands which never touch S3 must not pay).
 */
public final class S3Bucket implements ObjectClient {

    /** S3 allows at most 10,000 parts. */
    static final int MAX_PARTS = 10_000;

    private static final Set<Capability> CAPABILITIES = Set.copyOf(EnumSet.of(Capability.SERVER_SIDE_COPY,
            Capability.ATOMIC_PUT, Capability.WRITABLE, Capability.NATIVE_CRC32C));

    private final S3Config config;
    private final String bucket;
    private final ObjectSettings settings;
    private volatile S3Client client;
    private volatile Region region;
    private AwsCredentialsProvider credentials;

    public S3Bucket(S3Config config, String bucket) {
        if (bucket == null || bucket.isBlank()) {
            throw Ib3Exception.usage("s3 location without a bucket", "give s3://bucket/prefix");
        }
        this.config = config;
        this.bucket = bucket;
        // CRC32C is sent with every upload unless the profile says the server rejects checksums
        this.settings = new ObjectSettings(CAPABILITIES, config.retryPolicy(), 1000, config.multipartThreshold,
                config.partSize, MAX_PARTS, S3Config.MAX_SINGLE, config.parallel, sendChecksums() ? Digest.CRC32C : Digest.NONE);
    }

    public S3Config config() {
        return config;
    }

    public String bucket() {
        return bucket;
    }

    /** The SDK client, built on first use. */
    S3Client sdk() {
        S3Client c = client;
        if (c == null) {
            synchronized (this) {
                c = client;
                if (c == null) {
                    c = config.buildClient(region(), credentials());
                    client = c;
                }
            }
        }
        return c;
    }

    /** The region requests are signed for (resolved on first use). */
    Region region() {
        Region r = region;
        if (r == null) {
            synchronized (this) {
                if (region == null) {
                    region = config.resolveRegion();
                }
                r = region;
            }
        }
        return r;
    }

    private synchronized AwsCredentialsProvider credentials() {
        if (credentials == null) {
            credentials = S3Credentials.provider(config, containerUrl());
        }
        return credentials;
    }

    @Override
    public String containerUrl() {
        return "s3://" + bucket;
    }

    @Override
    public String endpointName() {
        return config.endpoint == null ? "AWS S3 (" + region() + ")" : config.endpoint.toString();
    }

    @Override
    public String identity() {
        return (config.endpoint == null ? "aws" : config.endpoint.toString()) + "|" + region() + "|"
                + config.credentialReference() + "|" + config.pathStyleAccess();
    }

    @Override
    public ObjectSettings settings() {
        return settings;
    }

    // ---------------------------------------------------------------- reading

    @Override
    public ListPage list(String prefix, boolean delimited, String token, int pageSize) {
        ListObjectsV2Request.Builder req = ListObjectsV2Request.builder().bucket(bucket)
                .prefix(prefix.isEmpty() ? null : prefix).maxKeys(pageSize).continuationToken(token);
        if (delimited) {
            req.delimiter("/");
        }
        ListObjectsV2Response r = sdk().listObjectsV2(req.build());
        List<Entry> objects = new ArrayList<>(r.contents().size());
        for (S3Object o : r.contents()) {
            objects.add(new Entry(o.key(), o.size(), o.lastModified(), false, etag(o.eTag())));
        }
        List<String> folders = r.commonPrefixes().stream().map(CommonPrefix::prefix).toList();
        return new ListPage(objects, folders, Boolean.TRUE.equals(r.isTruncated()) ? r.nextContinuationToken() : null);
    }

    @Override
    public Optional<Entry> head(String key) {
        try {
            HeadObjectResponse h = sdk().headObject(b -> b.bucket(bucket).key(key));
            return Optional.of(new Entry(key, h.contentLength(), h.lastModified(), false, etag(h.eTag())));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public void checkContainer() {
        try {
            sdk().headBucket(b -> b.bucket(bucket));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                // HEAD answers carry no error code: a 404 for the bucket itself means it is missing
                throw new KnownFailure(Failure.of(Failure.Kind.NO_CONTAINER, "404 NoSuchBucket"), e);
            }
            throw e;
        }
    }

    @Override
    public Body get(String key, long offset, String version) {
        GetObjectRequest.Builder req = GetObjectRequest.builder().bucket(bucket).key(key);
        if (offset > 0) {
            req.range("bytes=" + offset + "-");
        }
        if (version != null) {
            req.ifMatch(version);
        }
        try {
            ResponseInputStream<GetObjectResponse> in = sdk().getObject(req.build());
            return new Body(in, in.response().eTag());
        } catch (S3Exception e) {
            if (e.statusCode() == 416 && offset > 0 && head(key).isPresent()) {
                return new Body(InputStream.nullInputStream(), version); // offset at (or past) the end
            }
            if (e.statusCode() == 404 && !"NoSuchBucket".equals(code(e))) {
                throw new ObjectNotFoundException(containerUrl(), key);
            }
            throw e;
        }
    }

    @Override
    public Optional<String> crc32c(String key) {
        HeadObjectResponse h;
        try {
            h = sdk().headObject(b -> b.bucket(bucket).key(key).checksumMode(ChecksumMode.ENABLED));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw new ObjectNotFoundException(containerUrl(), key);
            }
            throw e;
        }
        return fullObjectCrc32c(h.checksumCRC32C(), h.checksumType());
    }

    /** The hex CRC32C of a whole object, or empty for a checksum of part checksums ("…-N"). */
    static Optional<String> fullObjectCrc32c(String base64, ChecksumType type) {
        if (base64 == null || base64.contains("-") || type == ChecksumType.COMPOSITE) {
            return Optional.empty();
        }
        return Digest.hexCrc32c(base64);
    }

    static String etag(String raw) {
        if (raw == null) {
            return null;
        }
        return raw.length() >= 2 && raw.startsWith("\"") && raw.endsWith("\"") ? raw.substring(1, raw.length() - 1) : raw;
    }

    static String code(S3Exception e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }

    // ---------------------------------------------------------------- writing

    private boolean sendChecksums() {
        return config.checksums == S3Config.ChecksumMode.WHEN_SUPPORTED;
    }

    @Override
    public void put(String key, byte[] data) {
        PutObjectRequest.Builder req = PutObjectRequest.builder().bucket(bucket).key(key).contentLength((long) data.length);
        if (sendChecksums()) {
            CRC32C crc = new CRC32C();
            crc.update(data);
            req.checksumCRC32C(Digest.base64(crc));
        }
        // a ByteArrayInputStream can be reset, so the SDK retries without copying the bytes
        sdk().putObject(req.build(), RequestBody.fromInputStream(new ByteArrayInputStream(data), data.length));
    }

    @Override
    public PartedUpload<CompletedPart> beginUpload(String key, long size) {
        return begin(key, sendChecksums(), null, null);
    }

    /**
     * Starts a multipart upload.
     *
     * @param fullObjectCrc32c ask for a CRC32C of the whole object (not of part checksums), which
     *                         {@link #crc32c} can then compare with a local CRC
     */
    private Multipart begin(String key, boolean fullObjectCrc32c, S3Bucket source, String sourceKey) {
        CreateMultipartUploadRequest.Builder req = CreateMultipartUploadRequest.builder().bucket(bucket).key(key);
        if (fullObjectCrc32c) {
            req.checksumAlgorithm(ChecksumAlgorithm.CRC32_C).checksumType(ChecksumType.FULL_OBJECT);
        }
        return new Multipart(key, sdk().createMultipartUpload(req.build()).uploadId(), source, sourceKey);
    }

    /** One multipart upload: its parts (uploaded or copied), completion and abort. */
    private final class Multipart implements PartedUpload<CompletedPart> {
        private final String key;
        private final String uploadId;
        private final S3Bucket source;
        private final String sourceKey;

        Multipart(String key, String uploadId, S3Bucket source, String sourceKey) {
            this.key = key;
            this.uploadId = uploadId;
            this.source = source;
            this.sourceKey = sourceKey;
        }

        @Override
        public CompletedPart part(int number, byte[] buf, int len) {
            UploadPartRequest.Builder req = UploadPartRequest.builder().bucket(bucket).key(key)
                    .uploadId(uploadId).partNumber(number).contentLength((long) len);
            if (sendChecksums()) {
                CRC32C crc = new CRC32C();
                crc.update(buf, 0, len);
                req.checksumCRC32C(Digest.base64(crc));
            }
            // resettable, so a retried part re-sends from the same buffer
            UploadPartResponse r = sdk().uploadPart(req.build(), RequestBody.fromInputStream(new ByteArrayInputStream(buf, 0, len), len));
            return CompletedPart.builder().partNumber(number).eTag(r.eTag()).checksumCRC32C(r.checksumCRC32C()).build();
        }

        @Override
        public CompletedPart copyPart(int number, long from, long length) {
            UploadPartCopyResponse r = sdk().uploadPartCopy(b -> b.sourceBucket(source.bucket).sourceKey(sourceKey)
                    .destinationBucket(bucket).destinationKey(key).uploadId(uploadId).partNumber(number)
                    .copySourceRange("bytes=" + from + "-" + (from + length - 1)));
            return CompletedPart.builder().partNumber(number).eTag(r.copyPartResult().eTag()).build();
        }

        @Override
        public void commit(List<CompletedPart> parts, long size, byte[] wholeDigest) {
            CompleteMultipartUploadRequest.Builder req = CompleteMultipartUploadRequest.builder()
                    .bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts))
                    // S3 checks the total size against this (x-amz-mp-object-size); servers that do not
                    // know the header need stripHeaders: x-amz-mp-object-size
                    .mpuObjectSize(size);
            if (wholeDigest.length == 4) {
                req.checksumCRC32C(Base64.getEncoder().encodeToString(wholeDigest)).checksumType(ChecksumType.FULL_OBJECT);
            }
            sdk().completeMultipartUpload(req.build());
        }

        @Override
        public void abort() {
            sdk().abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
        }
    }

    /**
     * One CopyObject up to the copy threshold (5 GiB at most, an S3 limit), above it a multipart
     * upload of parallel UploadPartCopy ranges. No object bytes pass through ib3.
     */
    @Override
    public Optional<String> copy(ObjectClient source, String sourceKey, String key, long size, ExecutorService pool) {
        S3Bucket src = (S3Bucket) source;
        if (size <= config.copyThreshold) {
            CopyObjectRequest.Builder req = CopyObjectRequest.builder().sourceBucket(src.bucket).sourceKey(sourceKey)
                    .destinationBucket(bucket).destinationKey(key);
            if (sendChecksums()) {
                // S3 then computes the new object's CRC32C and returns it with the copy: the
                // manifest gets it without a HEAD request per object
                req.checksumAlgorithm(ChecksumAlgorithm.CRC32_C);
            }
            CopyObjectResult result = sdk().copyObject(req.build()).copyObjectResult();
            return result == null ? Optional.empty() : fullObjectCrc32c(result.checksumCRC32C(), result.checksumType());
        }
        // part checksums of copies are computed by the server; no whole-object CRC to send
        Multipart mp = begin(key, false, src, sourceKey);
        PartedWrite.copy(mp, size, settings.partSize(config.copyPartSize, size), pool, config.parallel, containerUrl() + "/" + key,
                e -> ObjectErrors.map(this, "cannot copy " + src.containerUrl() + "/" + sourceKey + " to", key, e));
        return Optional.empty();
    }

    @Override
    public void delete(String key) {
        sdk().deleteObject(b -> b.bucket(bucket).key(key));
    }

    /** Aborts the multipart uploads below {@code prefix} that a killed run left unfinished. */
    @Override
    public int removeUnfinished(String prefix) {
        int aborted = 0;
        for (var page : sdk().listMultipartUploadsPaginator(b -> b.bucket(bucket).prefix(prefix.isEmpty() ? null : prefix))) {
            for (var upload : page.uploads()) {
                sdk().abortMultipartUpload(b -> b.bucket(bucket).key(upload.key()).uploadId(upload.uploadId()));
                aborted++;
            }
        }
        return aborted;
    }

    // ---------------------------------------------------------------- failures

    @Override
    public Failure classify(Throwable e) {
        return S3Errors.classify(this, e);
    }

    @Override
    public List<String> hints(Failure.Kind kind) {
        return S3Errors.hints(config, kind);
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
            client = null;
        }
    }

    @Override
    public String toString() {
        return containerUrl();
    }
}
