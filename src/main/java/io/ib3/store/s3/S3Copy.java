package io.ib3.store.s3;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResult;
import software.amazon.awssdk.services.s3.model.UploadPartCopyResponse;

import java.util.Optional;

/**
 * A server-side copy: one CopyObject up to the copy threshold (5 GiB at most, an S3 limit), above
 * it a multipart upload of parallel UploadPartCopy ranges. No object bytes pass through ib3.
 */
final class S3Copy {

    private final S3Store target;
    private final String sourceBucket;
    private final String sourceKey;
    private final String key;
    private final long size;

    S3Copy(S3Store target, String sourceBucket, String sourceKey, String key, long size) {
        this.target = target;
        this.sourceBucket = sourceBucket;
        this.sourceKey = sourceKey;
        this.key = key;
        this.size = size;
    }

    /** Copies; returns the CRC32C of the new object when the server's answer states one. */
    Optional<String> run() {
        if (size <= target.conn.config.copyThreshold) {
            CopyObjectRequest.Builder req = CopyObjectRequest.builder().sourceBucket(sourceBucket).sourceKey(sourceKey)
                    .destinationBucket(target.bucket()).destinationKey(key);
            if (target.sendChecksums()) {
                // S3 then computes the new object's CRC32C and returns it with the copy: the
                // manifest gets it without a HEAD request per object
                req.checksumAlgorithm(ChecksumAlgorithm.CRC32_C);
            }
            CopyObjectResult result;
            try {
                result = target.client().copyObject(req.build()).copyObjectResult();
            } catch (SdkException e) {
                throw target.fail("cannot copy s3://" + sourceBucket + "/" + sourceKey + " to", key, e);
            }
            return result == null ? Optional.empty() : S3Store.fullObjectCrc32c(result.checksumCRC32C(), result.checksumType());
        }
        long partSize = S3Multipart.partSize(target.conn.config.copyPartSize, size);
        S3Multipart mp = new S3Multipart(target, key);
        // part checksums of copies are computed by the server; no whole-object CRC to send
        mp.start(false);
        try {
            int number = 1;
            for (long from = 0; from < size; from += partSize) {
                long to = Math.min(size, from + partSize) - 1;
                int n = number++;
                String range = "bytes=" + from + "-" + to;
                mp.acquire();
                mp.submit(() -> copyPart(mp.uploadId(), n, range), () -> { });
            }
            mp.complete(size, null);
            return Optional.empty();
        } catch (InterruptedException e) {
            RuntimeException fail = target.fail("cannot copy s3://" + sourceBucket + "/" + sourceKey + " to", key, e);
            mp.abort(fail);
            Thread.currentThread().interrupt();
            throw fail;
        } catch (RuntimeException | Error e) {
            mp.abort(e);
            throw e;
        }
    }

    private CompletedPart copyPart(String uploadId, int number, String range) {
        UploadPartCopyResponse r = target.client().uploadPartCopy(b -> b.sourceBucket(sourceBucket).sourceKey(sourceKey)
                .destinationBucket(target.bucket()).destinationKey(key).uploadId(uploadId).partNumber(number)
                .copySourceRange(range));
        return CompletedPart.builder().partNumber(number).eTag(r.copyPartResult().eTag()).build();
    }
}
