package io.ib3.store.azure;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongFunction;

/**
 * A blob's content that survives a failed request in the middle: the SDK's input stream fetches
 * the blob in ranged GETs and gives up on the first one that fails for good (with the JDK HTTP
 * client a retried ranged GET can even fail with "This publisher has already one subscriber").
 * This stream opens again from the byte it reached, pinned to the ETag the read started with, so
 * a resumed read never mixes two versions of a blob. Resumes are bounded: a store that keeps
 * failing is a read failure worth reporting.
 */
final class AzureReadStream extends InputStream {

    static final int MAX_RESUMES = 3;

    private final LongFunction<InputStream> opener;
    private InputStream in;
    private long position;
    private int resumes;

    /** @param opener opens the blob from a byte position (throws on failure) */
    AzureReadStream(LongFunction<InputStream> opener, long offset) {
        this.opener = opener;
        this.position = offset;
        this.in = opener.apply(offset);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        while (true) {
            try {
                int n = in.read(b, off, len);
                if (n > 0) {
                    position += n;
                }
                return n;
            } catch (IOException | RuntimeException e) {
                if (resumes >= MAX_RESUMES) {
                    throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
                }
                resumes++;
                closeQuietly();
                try {
                    in = opener.apply(position);
                } catch (RuntimeException again) {
                    IOException failed = new IOException("the read failed at byte " + position + " (" + e.getMessage()
                            + ") and reading on failed: " + again.getMessage(), again);
                    failed.addSuppressed(e);
                    throw failed;
                }
            }
        }
    }

    private void closeQuietly() {
        try {
            in.close();
        } catch (IOException | RuntimeException ignored) {
            // the broken request is discarded
        }
    }

    @Override
    public void close() {
        closeQuietly();
    }
}
