package io.ib3.store.object;

import io.ib3.error.Ib3Exception;
import io.ib3.store.StoreException;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;

/**
 * The one engine of parted writes, for every vendor: an upload from a stream (the caller's thread
 * reads parts into at most {@code parallel} buffers, so memory stays constant whatever the object
 * size; parts go up in parallel) and a server-side copy in parallel ranges. The upload is committed
 * only when every part arrived, with the whole object's digest, and aborted on any failure after
 * the parts still running have ended, so no half-written upload is left to be billed.
 */
public final class PartedWrite {

    private PartedWrite() {
    }

    /**
     * Writes {@code size} bytes of {@code in} through {@code upload}.
     *
     * @param location names the object in errors
     * @param fail     turns a vendor exception into the user's one-line error
     */
    public static <R> void upload(PartedUpload<R> upload, InputStream in, long size, long partSize, Digest digest,
                                  ExecutorService pool, int parallel, String location,
                                  Function<Throwable, RuntimeException> fail) {
        if (partSize > Integer.MAX_VALUE - 16) {
            abort(upload, null);
            throw new StoreException("cannot write " + location + ": " + size + " bytes would need parts larger than 2 GiB", null);
        }
        int part = (int) partSize;
        Parts<R> parts = new Parts<>(pool, parallel);
        ConcurrentLinkedQueue<byte[]> free = new ConcurrentLinkedQueue<>();
        Digest.Running whole = digest.start();
        guarded(upload, parts, location, fail, () -> {
            long remaining = size;
            int number = 1;
            while (remaining > 0) {
                int len = (int) Math.min(part, remaining);
                parts.acquire();
                byte[] buf = free.poll();
                if (buf == null) {
                    buf = new byte[part];
                }
                int n;
                try {
                    n = in.readNBytes(buf, 0, len);
                } catch (IOException | RuntimeException e) {
                    free.add(buf);
                    parts.release();
                    throw e;
                }
                if (n < len) {
                    free.add(buf);
                    parts.release();
                    throw SizedBody.sizeMismatch(location, size, size - remaining + n);
                }
                whole.update(buf, 0, len);
                byte[] b = buf;
                int no = number;
                parts.submit(() -> upload.part(no, b, len), () -> free.add(b));
                remaining -= len;
                number++;
            }
            if (in.read() >= 0) {
                throw SizedBody.sizeMismatch(location, size, size + 1);
            }
            upload.commit(parts.awaitAll(), size, whole.finish());
        });
    }

    /**
     * Copies {@code size} bytes on the server side through {@code upload} (begun for a copy), in
     * ranges of {@code partSize}, at most {@code parallel} at once.
     *
     * @param location names the new object in errors
     */
    public static <R> void copy(PartedUpload<R> upload, long size, long partSize, ExecutorService pool, int parallel,
                                String location, Function<Throwable, RuntimeException> fail) {
        Parts<R> parts = new Parts<>(pool, parallel);
        guarded(upload, parts, location, fail, () -> {
            int number = 1;
            for (long from = 0; from < size; from += partSize) {
                long length = Math.min(partSize, size - from);
                int no = number++;
                long start = from;
                parts.acquire();
                parts.submit(() -> upload.copyPart(no, start, length), () -> { });
            }
            upload.commit(parts.awaitAll(), size, new byte[0]);
        });
    }

    /** The steps of a parted write, which may fail in any way. */
    private interface Steps {
        void run() throws Exception;
    }

    /** Runs the steps; on any failure waits for the running parts, aborts, and throws the user's error. */
    private static void guarded(PartedUpload<?> upload, Parts<?> parts, String location,
                                Function<Throwable, RuntimeException> fail, Steps steps) {
        try {
            steps.run();
        } catch (IOException e) {
            throw failed(upload, parts, new StoreException("cannot write " + location + ": reading the source failed: "
                    + e.getMessage(), e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed(upload, parts, new StoreException("cannot write " + location + ": interrupted", e));
        } catch (Ib3Exception e) {
            throw failed(upload, parts, e);
        } catch (Parts.Failed e) {
            throw failed(upload, parts, fail.apply(e.getCause()));
        } catch (Error e) {
            throw failed(upload, parts, e);
        } catch (Exception e) {
            throw failed(upload, parts, fail.apply(e));
        }
    }

    /** Waits for the running parts, aborts, and returns {@code cause} with the abort's own failure attached. */
    private static <T extends Throwable> T failed(PartedUpload<?> upload, Parts<?> parts, T cause) {
        parts.cancel();
        abort(upload, cause);
        return cause;
    }

    private static void abort(PartedUpload<?> upload, Throwable cause) {
        try {
            upload.abort();
        } catch (Exception e) {
            if (cause != null) {
                cause.addSuppressed(e);
            }
        }
    }
}
