package io.ib3.store.object;

import io.ib3.work.RetryPolicy;

import io.ib3.store.Capability;

import java.util.Set;

/**
 * What a vendor's bucket allows and wants, declared once by its {@link ObjectClient}: what stores
 * on it can do, how requests are retried, and the sizes the parted-upload engine works with.
 *
 * @param capabilities   what stores on the client can do; declared, never probed
 * @param retry          the SDK's attempts and backoff, and those of resumed reads
 * @param maxPageSize    the most keys one listing request returns
 * @param singlePutLimit objects up to this size are written with one request; larger ones in parts
 * @param partSize       the preferred size of a part
 * @param maxParts       the most parts an object may have (a part grows to fit a large object)
 * @param maxPartSize    the largest part
 * @param parallel       parts of one object in flight at once (and part buffers held in memory)
 * @param wholeDigest    the digest of the whole object that a parted upload's commit carries
 */
public record ObjectSettings(Set<Capability> capabilities, RetryPolicy retry, int maxPageSize, long singlePutLimit,
                             long partSize, int maxParts, long maxPartSize, int parallel, Digest wholeDigest) {

    public ObjectSettings {
        capabilities = Set.copyOf(capabilities);
    }

    /** The size of the parts of an object of {@code size} bytes. */
    public long partSize(long size) {
        return partSize(partSize, size);
    }

    /** At least {@code preferred}, large enough to stay within {@link #maxParts}, at most {@link #maxPartSize}. */
    public long partSize(long preferred, long size) {
        long min = (size + maxParts - 1) / maxParts;
        return Math.min(maxPartSize, Math.max(preferred, min));
    }
}
