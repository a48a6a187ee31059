package io.ib3.store.object;

import io.ib3.work.RetryPolicy;

import java.io.IOException;
import java.io.InputStream;

/**
 * An object's bytes that survive a request failing in the middle. The SDKs retry a request only
 * until its response starts, so a body cut short (a reset, a proxy timeout, a truncated chunk)
 * would fail the whole read. This stream asks again from the byte it reached, pinned to the version
 * the read started with (an If-Match ETag, a GCS generation), so a resumed read never mixes two
 * versions of an object: one replaced meanwhile fails the read. Resumes are bounded: a store that
 * keeps failing is a read failure worth reporting. Each re-open is retried per the {@link RetryPolicy}.
 */
final class ResumingReadStream extends InputStream {

    /** Resumes per stream. */
    static final int MAX_RESUMES = 3;

    private final ObjectClient client;
    private final String key;
    private final long offset;
    private String version;
    private InputStream in;
    private long position;
    private int resumes;

    ResumingReadStream(ObjectClient client, String key, long offset, ObjectClient.Body first) {
        this.client = client;
        this.key = key;
        this.offset = offset;
        this.position = offset;
        this.in = first.in();
        this.version = first.version();
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
                // without a version a resumed read could mix two versions: only a read that has
                // delivered nothing yet may start again (what the SDK's own retry would do)
                if ((version == null && position != offset) || resumes >= MAX_RESUMES) {
                    throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
                }
                resumes++;
                reopen(e);
            }
        }
    }

    private void reopen(Exception cause) throws IOException {
        closeQuietly();
        try {
            ObjectClient.Body next = client.settings().retry().call(() -> client.get(key, position, version),
                    e -> ObjectErrors.kind(client, e).retryable());
            if (version == null) {
                version = next.version();
            }
            in = next.in();
        } catch (RuntimeException e) {
            IOException failed = new IOException("the connection dropped at byte " + position + " (" + cause.getMessage()
                    + ") and reading on failed: " + ObjectErrors.map(client, "cannot read", key, e).getMessage(), e);
            failed.addSuppressed(cause);
            throw failed;
        }
        if (Thread.currentThread().isInterrupted()) {
            throw new IOException("interrupted while resuming a read");
        }
    }

    private void closeQuietly() {
        try {
            in.close();
        } catch (IOException | RuntimeException ignored) {
            // the broken request is discarded
        }
    }

    /**
     * Closing discards what the caller did not read; a connection that drops while the rest is
     * drained changes nothing the caller got (every byte it read came whole), so it is not an error.
     */
    @Override
    public void close() {
        closeQuietly();
    }
}
