package io.ib3.store.s3;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.UploadPartCopyResponse;

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

    void run() {
        if (size <= target.conn.config.copyThreshold) {
            try {
                // asking for CRC32C makes S3 compute and keep one for the copy, so the manifest gets
                // a checksum without the bytes passing through ib3 (emulators may ignore it: the
                // executor then reads the copy back)
                boolean crc = target.conn.config.checksums != S3Config.ChecksumMode.WHEN_REQUIRED;
                target.client().copyObject(b -> {
                    b.sourceBucket(sourceBucket).sourceKey(sourceKey).destinationBucket(target.bucket()).destinationKey(key);
                    if (crc) {
                        b.checksumAlgorithm(software.amazon.awssdk.services.s3.model.ChecksumAlgorithm.CRC32_C);
                    }
                });
            } catch (SdkException e) {
                throw target.fail("cannot copy s3://" + sourceBucket + "/" + sourceKey + " to", key, e);
            }
            return;
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
