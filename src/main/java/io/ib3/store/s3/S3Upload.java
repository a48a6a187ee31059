package io.ib3.store.s3;

import io.ib3.store.SizedBody;
import io.ib3.store.StoreException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.zip.CRC32C;

/**
 * A large object written from a stream as a multipart upload: the caller's thread reads parts into
 * at most {@code parallel} buffers of the part size (so memory stays constant whatever the object
 * size), uploads run in parallel, each part carries its CRC32C, and the whole object's CRC32C goes
 * with the completion so the server checks the result end to end.
 */
final class S3Upload {

    private final S3Store store;
    private final String key;
    private final long size;
    private final int partSize;
    private final ConcurrentLinkedQueue<byte[]> freeBuffers = new ConcurrentLinkedQueue<>();

    S3Upload(S3Store store, String key, long size) {
        this.store = store;
        this.key = key;
        this.size = size;
        long ps = S3Multipart.partSize(store.conn.config.partSize, size);
        if (ps > Integer.MAX_VALUE - 16) {
            throw new StoreException("cannot write " + store.location(key) + ": " + size
                    + " bytes would need parts larger than 2 GiB", null);
        }
        this.partSize = (int) ps;
    }

    void run(InputStream in) {
        boolean checksums = store.sendChecksums();
        S3Multipart mp = new S3Multipart(store, key);
        mp.start(checksums);
        try {
            CRC32C whole = new CRC32C();
            long remaining = size;
            int partNumber = 1;
            while (remaining > 0) {
                int len = (int) Math.min(partSize, remaining);
                mp.acquire();
                byte[] buf = freeBuffers.poll();
                if (buf == null) {
                    buf = new byte[partSize];
                }
                int n;
                try {
                    n = in.readNBytes(buf, 0, len);
                } catch (IOException | RuntimeException e) {
                    freeBuffers.add(buf);
                    mp.release();
                    throw e;
                }
                if (n < len) {
                    freeBuffers.add(buf);
                    mp.release();
                    throw SizedBody.sizeMismatch(store.location(key), size, size - remaining + n);
                }
                whole.update(buf, 0, len);
                byte[] part = buf;
                int number = partNumber;
                mp.submit(() -> uploadPart(mp.uploadId(), number, part, len, checksums), () -> freeBuffers.add(part));
                remaining -= len;
                partNumber++;
            }
            if (in.read() >= 0) {
                throw SizedBody.sizeMismatch(store.location(key), size, size + 1);
            }
            mp.complete(size, checksums ? S3Store.base64(whole) : null);
        } catch (IOException e) {
            StoreException fail = new StoreException("cannot write " + store.location(key)
                    + ": reading the source failed: " + e.getMessage(), e);
            mp.abort(fail);
            throw fail;
        } catch (InterruptedException e) {
            StoreException fail = new StoreException("cannot write " + store.location(key) + ": interrupted", e);
            mp.abort(fail);
            Thread.currentThread().interrupt();
            throw fail;
        } catch (RuntimeException | Error e) {
            mp.abort(e);
            throw e;
        }
    }

    private CompletedPart uploadPart(String uploadId, int number, byte[] buf, int len, boolean checksums) {
        UploadPartRequest.Builder req = UploadPartRequest.builder().bucket(store.bucket()).key(key)
                .uploadId(uploadId).partNumber(number).contentLength((long) len);
        if (checksums) {
            CRC32C crc = new CRC32C();
            crc.update(buf, 0, len);
            req.checksumCRC32C(S3Store.base64(crc));
        }
        // resettable, so a retried part re-sends from the same buffer
        UploadPartResponse r = store.client().uploadPart(req.build(),
                RequestBody.fromInputStream(new ByteArrayInputStream(buf, 0, len), len));
        return CompletedPart.builder().partNumber(number).eTag(r.eTag()).checksumCRC32C(r.checksumCRC32C()).build();
    }
}
