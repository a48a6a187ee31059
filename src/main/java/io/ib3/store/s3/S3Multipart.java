package io.ib3.store.s3;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumType;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One multipart upload with at most {@code parallel} parts in flight, completed only when every
 * part succeeded and aborted on any failure, after the parts still running have ended, so no
 * unfinished upload (which S3 bills and keeps) is left behind.
 */
final class S3Multipart {

    /** S3 allows at most 10,000 parts. */
    static final int MAX_PARTS = 10_000;

    private final S3Store store;
    private final String key;
    private final int parallel;
    private final Semaphore slots;
    private final List<Future<CompletedPart>> parts = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private String uploadId;

    S3Multipart(S3Store store, String key) {
        this.store = store;
        this.key = key;
        this.parallel = store.conn.config.parallel;
        this.slots = new Semaphore(parallel);
    }

    /** The part size: at least {@code preferred}, large enough to stay within 10,000 parts. */
    static long partSize(long preferred, long size) {
        long min = (size + MAX_PARTS - 1) / MAX_PARTS;
        return Math.min(S3Config.MAX_SINGLE, Math.max(preferred, min));
    }

    String uploadId() {
        return uploadId;
    }

    /**
     * Starts the upload.
     *
     * @param fullObjectCrc32c ask for a CRC32C of the whole object (not of part checksums), which
     *                         {@link S3Store#nativeCrc32c} can then compare with a local CRC
     */
    void start(boolean fullObjectCrc32c) {
        CreateMultipartUploadRequest.Builder req = CreateMultipartUploadRequest.builder().bucket(store.bucket()).key(key);
        if (fullObjectCrc32c) {
            req.checksumAlgorithm(ChecksumAlgorithm.CRC32_C).checksumType(ChecksumType.FULL_OBJECT);
        }
        try {
            uploadId = store.client().createMultipartUpload(req.build()).uploadId();
        } catch (SdkException e) {
            throw store.fail("cannot write", key, e);
        }
    }

    /** Waits for a free slot; fails fast when a part already failed. */
    void acquire() throws InterruptedException {
        while (!slots.tryAcquire(100, TimeUnit.MILLISECONDS)) {
            rethrowFailure();
        }
        try {
            rethrowFailure();
        } catch (RuntimeException e) {
            slots.release();
            throw e;
        }
    }

    /** Gives back a slot taken by {@link #acquire} when no part is submitted for it. */
    void release() {
        slots.release();
    }

    /** Runs a part on the store's pool; the slot taken by {@link #acquire} is freed when it ends. */
    void submit(Callable<CompletedPart> part, Runnable whenDone) {
        parts.add(store.pool().submit(() -> {
            try {
                if (failure.get() != null) {
                    throw new CancellationException("an earlier part failed");
                }
                return part.call();
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
                throw t;
            } finally {
                whenDone.run();
                slots.release();
            }
        }));
    }

    private void rethrowFailure() {
        Throwable t = failure.get();
        if (t != null) {
            throw store.fail("cannot write", key, t);
        }
    }

    /** Completes the upload once every part is done. */
    void complete(long size, String wholeCrc32c) throws InterruptedException {
        List<CompletedPart> done = new ArrayList<>();
        for (Future<CompletedPart> f : parts) {
            try {
                done.add(f.get());
            } catch (ExecutionException e) {
                throw store.fail("cannot write", key, e.getCause());
            }
        }
        done.sort(Comparator.comparingInt(CompletedPart::partNumber));
        CompleteMultipartUploadRequest.Builder req = CompleteMultipartUploadRequest.builder()
                .bucket(store.bucket()).key(key).uploadId(uploadId)
                .multipartUpload(m -> m.parts(done))
                // S3 checks the total size against this (x-amz-mp-object-size); servers that do not
                // know the header need stripHeaders: x-amz-mp-object-size
                .mpuObjectSize(size);
        if (wholeCrc32c != null) {
            req.checksumCRC32C(wholeCrc32c).checksumType(ChecksumType.FULL_OBJECT);
        }
        try {
            store.client().completeMultipartUpload(req.build());
        } catch (SdkException e) {
            throw store.fail("cannot write", key, e);
        }
    }

    /**
     * Stops the parts not yet begun, waits for the running ones, then aborts the upload. Errors
     * of the abort itself are attached to {@code cause}: the first failure is what the user sees.
     */
    void abort(Throwable cause) {
        // parts not yet begun see the failure and end at once (the pool never queues: it grows)
        failure.compareAndSet(null, cause);
        boolean interrupted = false;
        while (true) {
            try {
                slots.acquire(parallel); // every slot free: no part is running
                slots.release(parallel);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (uploadId != null) {
            try {
                store.client().abortMultipartUpload(b -> b.bucket(store.bucket()).key(key).uploadId(uploadId));
            } catch (SdkException e) {
                cause.addSuppressed(e);
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
