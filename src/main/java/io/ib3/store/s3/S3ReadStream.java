package io.ib3.store.s3;

import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

import java.io.IOException;
import java.io.InputStream;

/**
 * The body of a GetObject that survives a connection dropped in the middle: the SDK retries a
 * request only until the response starts, so a body cut short (a reset, a proxy timeout, a
 * truncated chunk) would fail the whole read. This stream asks again from the byte it reached, with
 * a ranged GET pinned to the object's ETag (If-Match), so a resumed read never mixes two versions
 * of an object; an object replaced meanwhile fails the read.
 */
final class S3ReadStream extends InputStream {

    /** Resumes per stream: a connection that keeps dropping is a failure worth reporting. */
    static final int MAX_RESUMES = 3;

    private final S3Store store;
    private final String fullKey;
    private final long offset;
    private String etag;
    private InputStream in;
    private long position;
    private int resumes;

    S3ReadStream(S3Store store, String fullKey, long offset, ResponseInputStream<GetObjectResponse> first) {
        this.store = store;
        this.fullKey = fullKey;
        this.etag = first.response().eTag();
        this.in = first;
        this.offset = offset;
        this.position = offset;
    }

    /** Resumes made so far (tests count them). */
    int resumes() {
        return resumes;
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
            } catch (IOException e) {
                // without an ETag a resumed read could mix two versions: only a read that has
                // delivered nothing yet may start again (what the SDK's own retry would do)
                if ((etag == null && position != offset) || resumes >= MAX_RESUMES) {
                    throw e;
                }
                resumes++;
                reopen(e);
            }
        }
    }

    private void reopen(IOException cause) throws IOException {
        try {
            in.close();
        } catch (IOException | RuntimeException ignored) {
            // the broken connection is discarded
        }
        GetObjectRequest.Builder req = GetObjectRequest.builder().bucket(store.bucket()).key(fullKey);
        if (position > 0) {
            req.range("bytes=" + position + "-");
        }
        if (etag != null) {
            req.ifMatch(etag);
        }
        try {
            ResponseInputStream<GetObjectResponse> next = store.client().getObject(req.build());
            if (etag == null) {
                etag = next.response().eTag();
            }
            in = next;
        } catch (SdkException e) {
            IOException failed = new IOException("the connection dropped at byte " + position + " ("
                    + cause.getMessage() + ") and reading on failed: "
                    + S3Errors.map(store.conn, "cannot read", fullKey, e).getMessage(), e);
            failed.addSuppressed(cause);
            throw failed;
        }
    }

    /**
     * Closing discards what the caller did not read; a connection that drops while the rest is
     * drained changes nothing the caller got (every byte it read came whole), so it is not an error.
     */
    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException | RuntimeException ignored) {
            // see above
        }
    }
}
