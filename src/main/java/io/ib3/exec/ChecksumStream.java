package io.ib3.exec;

import io.ib3.manifest.Crc32c;
import io.ib3.report.ProgressListener;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.zip.CRC32C;

/**
 * Passes a source stream through to the target while computing its CRC32C and counting bytes.
 * Holds no buffer of its own: memory stays what the target's read buffer is. Checks for
 * cancellation on every read so a large copy stops promptly.
 */
final class ChecksumStream extends FilterInputStream {

    private final CRC32C crc = new CRC32C();
    private final CancelToken cancel;
    private final ProgressListener listener;
    private long count;
    private boolean eof;

    ChecksumStream(InputStream in, CancelToken cancel, ProgressListener listener) {
        super(in);
        this.cancel = cancel;
        this.listener = listener;
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
