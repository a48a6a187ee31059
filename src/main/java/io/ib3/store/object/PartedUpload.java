package io.ib3.store.object;

import java.util.List;

/**
 * One object being written in parts, as a vendor does it (an S3 multipart upload, Azure staged
 * blocks, a GCS resumable session). {@link PartedWrite} drives it: parts in parallel up to the
 * client's {@link ObjectClient#parallel}, then one commit, or one abort after any failure.
 *
 * @param <R> what the service answers for a part and the commit needs (an ETag, a block id)
 */
public interface PartedUpload<R> {

    /** Sends part {@code number} (from 1) of {@code len} bytes; may run on several threads at once. */
    R part(int number, byte[] buf, int len) throws Exception;

    /**
     * Copies bytes {@code from .. from+length-1} of the copy's source as part {@code number}, on
     * the server side. Only uploads begun for a copy support it.
     */
    default R copyPart(int number, long from, long length) throws Exception {
        throw new UnsupportedOperationException("not a copy");
    }

    /**
     * Makes the object visible once every part arrived.
     *
     * @param parts       the answers of every part, in part order
     * @param wholeDigest the {@link ObjectClient#wholeDigest} of the whole object (empty when none)
     */
    void commit(List<R> parts, long size, byte[] wholeDigest) throws Exception;

    /** Discards the parts sent so far; called once no part is running any more. Best effort. */
    void abort() throws Exception;
}
