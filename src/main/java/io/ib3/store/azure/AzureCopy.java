package io.ib3.store.azure;

import com.azure.core.util.polling.LongRunningOperationStatus;
import com.azure.core.util.polling.PollResponse;
import com.azure.core.util.polling.SyncPoller;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.models.BlobCopyInfo;
import com.azure.storage.blob.models.BlobRange;
import com.azure.storage.blob.models.CopyStatusType;
import com.azure.storage.blob.sas.BlobSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;
import com.azure.storage.blob.specialized.BlockBlobClient;
import io.ib3.store.StoreException;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * A server-side copy within one account: Copy Blob From URL up to the copy threshold (256 MiB
 * at most, an Azure limit), above it parallel Put Block From URL ranges and a block list. A
 * service that does not implement these (501, as Azurite for Put Block From URL) gets the
 * asynchronous Copy Blob, polled until done. No blob bytes pass through ib3 on any path.
 */
final class AzureCopy {

    /** How a copy was made (tests check that each path runs). */
    enum Method { COPY_FROM_URL, BLOCKS_FROM_URL, ASYNC_COPY }

    private final AzureStore target;
    private final AzureStore source;
    private final String sourceKey;
    private final String key;
    private final long size;

    AzureCopy(AzureStore target, AzureStore source, String sourceKey, String key, long size) {
        this.target = target;
        this.source = source;
        this.sourceKey = sourceKey;
        this.key = key;
        this.size = size;
    }

    Method run() {
        String what = "cannot copy " + source.location(sourceKey) + " to";
        String url = sourceUrl();
        BlobClient to = target.blob(key);
        try {
            if (size <= target.conn.config.copyThreshold) {
                to.copyFromUrl(url);
                return target.copied(Method.COPY_FROM_URL);
            }
            copyBlocks(to.getBlockBlobClient(), url);
            return target.copied(Method.BLOCKS_FROM_URL);
        } catch (NotImplemented e) {
            asyncCopy(to, url, what);
            return target.copied(Method.ASYNC_COPY);
        } catch (RuntimeException e) {
            if (AzureErrors.status(e) == 501) {
                asyncCopy(to, url, what);
                return target.copied(Method.ASYNC_COPY);
            }
            throw target.fail(what, key, e);
        }
    }

    /**
     * The source blob's URL with what authorises reading it: a short read-only SAS for one blob
     * signed with the account key, or the SAS the account is reached with. Never printed.
     */
    private String sourceUrl() {
        BlobClient from = source.blob(sourceKey);
        if (source.conn.auth() == AzureConnection.Auth.SHARED_KEY) {
            // long enough for the asynchronous copy of a large blob
            return from.getBlobUrl() + "?" + from.generateSas(new BlobServiceSasSignatureValues(
                    OffsetDateTime.now().plusHours(12), new BlobSasPermission().setReadPermission(true)));
        }
        String sas = source.conn.sasToken();
        return sas == null ? from.getBlobUrl() : from.getBlobUrl() + "?" + sas;
    }

    private void copyBlocks(BlockBlobClient to, String url) {
        long blockSize = AzureUpload.blockSize(target.conn.config.copyBlockSize, size);
        int count = (int) ((size + blockSize - 1) / blockSize);
        List<String> ids = AzureUpload.blockIds(count);
        Parallel work = new Parallel(target, target.conn.config.parallel);
        try {
            for (int i = 0; i < count; i++) {
                long from = i * blockSize;
                BlobRange range = new BlobRange(from, Math.min(blockSize, size - from));
                String id = ids.get(i);
                work.acquire();
                work.submit(() -> to.stageBlockFromUrl(id, url, range), () -> { });
            }
            work.awaitAll(e -> AzureErrors.status(e) == 501 ? new NotImplemented() : target.fail("cannot copy to", key, e));
            to.commitBlockList(ids, true);
        } catch (InterruptedException e) {
            work.cancel();
            Thread.currentThread().interrupt();
            throw new StoreException("cannot copy to " + target.location(key) + ": interrupted", e);
        } catch (RuntimeException e) {
            work.cancel();
            if (AzureErrors.status(e) == 501) {
                throw new NotImplemented();
            }
            throw e;
        }
    }

    private void asyncCopy(BlobClient to, String url, String what) {
        try {
            SyncPoller<BlobCopyInfo, Void> poller = to.beginCopy(url, Duration.ofMillis(500));
            PollResponse<BlobCopyInfo> last = poller.waitForCompletion();
            CopyStatusType status = last.getValue() == null ? null : last.getValue().getCopyStatus();
            if (last.getStatus() != LongRunningOperationStatus.SUCCESSFULLY_COMPLETED || status != CopyStatusType.SUCCESS) {
                throw new StoreException(what + " " + target.location(key) + ": the service's copy ended with "
                        + (status == null ? last.getStatus() : status), null, "run the command again; the copy is retried");
            }
        } catch (StoreException e) {
            throw e;
        } catch (RuntimeException e) {
            throw target.fail(what, key, e);
        }
    }

    /** The service answered 501 for a copy API. */
    private static final class NotImplemented extends RuntimeException {
        NotImplemented() {
            super(null, null, false, false);
        }
    }
}
