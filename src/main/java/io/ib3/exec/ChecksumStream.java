package io.ib3.exec;

import io.ib3.manifest.Crc32c;
import io.ib3.report.ProgressListener;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.zip.CRC32C;

/**
 * Passes a source stream through to the target while computing its CRC32C and counting bytes.
 * Checks for cancellation on every read so a large copy stops promptly. A target that pulls
 * through {@link #transferTo} gets one buffer of at most {@link #MAX_BUFFER} bytes per copy, so
 * memory stays constant whatever the object's size.
 */
final class ChecksumStream extends FilterInputStream {

    /**
     * Largest copy buffer. Each read of a file is a system call; at the JDK's 8 KiB a 64 MiB Parquet
     * file takes 8,192 reads and as many writes, at 1 MiB it takes 64 (JMH: ChecksumCopyBench).
     */
    static final int MAX_BUFFER = 1 << 20;

    private final CRC32C crc = new CRC32C();
    private final CancelToken cancel;
    private final ProgressListener listener;
    private final int bufferSize;
    private long count;
    private boolean eof;

    ChecksumStream(InputStream in, CancelToken cancel, ProgressListener listener) {
        this(in, cancel, listener, 8192);
    }

    /**
     * @param expectedSize the object's size: small objects get a buffer just large enough, so a
     *                     copy of thousands of small WAL files does not clear a megabyte each
     */
    ChecksumStream(InputStream in, CancelToken cancel, ProgressListener listener, long expectedSize) {
        super(in);
        this.cancel = cancel;
        this.listener = listener;
        this.bufferSize = (int) Math.max(8192, Math.min(MAX_BUFFER, expectedSize + 1));
    }

    private void checkCancel() throws InterruptedIOException {
        if (cancel.isCancelled() || Thread.currentThread().isInterrupted()) {
            throw new InterruptedIOException("cancelled");
        }
    }

    @Override
    public int read() throws IOException {
        checkCancel();
        int b = in.read();
        if (b < 0) {
            eof = true;
        } else {
            crc.update(b);
            count++;
            listener.bytes(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        checkCancel();
        int n = in.read(buf, off, len);
        if (n < 0) {
            eof = true;
        } else if (n > 0) {
            crc.update(buf, off, n);
            count += n;
            listener.bytes(n);
        }
        return n;
    }

    /**
     * One copy buffer per copying thread, grown to the largest size it was asked for: a backup of
     * thousands of objects otherwise allocates (and the JVM clears) a buffer per object, and G1
     * takes one of half a megabyte or more as a "humongous" object, outside its fast path.
     */
    private static final ThreadLocal<byte[]> BUFFER = ThreadLocal.withInitial(() -> new byte[0]);

    private static byte[] buffer(int size) {
        byte[] b = BUFFER.get();
        if (b.length < size) {
            b = new byte[size];
            BUFFER.set(b);
        }
        return b;
    }

    @Override
    public long transferTo(OutputStream out) throws IOException {
        byte[] buf = buffer(bufferSize);
        int len = bufferSize;
        long total = 0;
        int n;
        while ((n = read(buf, 0, len)) >= 0) {
            out.write(buf, 0, n);
            total += n;
        }
        return total;
    }

    /** Skipping would leave bytes out of the checksum: skip by reading. */
    @Override
    public long skip(long n) throws IOException {
        byte[] buf = new byte[(int) Math.min(8192, Math.max(0, n))];
        long done = 0;
        while (done < n) {
            int r = read(buf, 0, (int) Math.min(buf.length, n - done));
            if (r < 0) {
                break;
            }
            done += r;
        }
        return done;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    long count() {
        return count;
    }

    boolean reachedEnd() {
        return eof;
    }

    String crc32c() {
        return Crc32c.hex(crc.getValue());
    }
}
