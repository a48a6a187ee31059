package io.ib3.store.azure;

import com.azure.core.util.Context;
import com.azure.storage.blob.models.BlobHttpHeaders;
import com.azure.storage.blob.options.BlockBlobCommitBlockListOptions;
import com.azure.storage.blob.specialized.BlockBlobClient;
import io.ib3.store.SizedBody;
import io.ib3.store.StoreException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A large blob written from a stream as staged blocks: the caller's thread reads blocks into at
 * most {@code parallel} buffers (memory stays constant whatever the size), blocks are staged in
 * parallel with their Content-MD5 (checked by the service), and the block list is committed only
 * when every block arrived, with the MD5 of the whole blob. Until the commit nothing is visible;
 * blocks of a failed upload are never committed and the service drops them (after a week).
 */
final class AzureUpload {

    private final AzureStore store;
    private final String key;
    private final long size;
    private final int blockSize;
    private final ConcurrentLinkedQueue<byte[]> freeBuffers = new ConcurrentLinkedQueue<>();

    AzureUpload(AzureStore store, String key, long size) {
        this.store = store;
        this.key = key;
        this.size = size;
        long bs = blockSize(store.conn.config.blockSize, size);
        if (bs > Integer.MAX_VALUE - 16) {
            throw new StoreException("cannot write " + store.location(key) + ": " + size
                    + " bytes would need blocks larger than 2 GiB", null);
        }
        this.blockSize = (int) bs;
    }

    /** The block size: at least {@code preferred}, large enough to stay within 50,000 blocks. */
    static long blockSize(long preferred, long size) {
        return Math.max(preferred, (size + AzureConfig.MAX_BLOCKS - 1) / AzureConfig.MAX_BLOCKS);
    }

    /** Block ids of one upload: equal length (a service rule), unique per upload. */
    static List<String> blockIds(int count) {
        String upload = UUID.randomUUID().toString().substring(0, 8);
        List<String> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(Base64.getEncoder().encodeToString(String.format("ib3-%s-%06d", upload, i).getBytes(StandardCharsets.US_ASCII)));
        }
        return ids;
    }

    void run(InputStream in) {
        BlockBlobClient blob = store.blob(key).getBlockBlobClient();
        int count = (int) ((size + blockSize - 1) / blockSize);
        List<String> ids = blockIds(count);
        Parallel work = new Parallel(store, store.conn.config.parallel);
        MessageDigest whole = AzureStore.md5();
        try {
            long remaining = size;
            for (int i = 0; i < count; i++) {
                int len = (int) Math.min(blockSize, remaining);
                work.acquire();
                byte[] buf = freeBuffers.poll();
                if (buf == null) {
                    buf = new byte[blockSize];
                }
                int n;
                try {
                    n = in.readNBytes(buf, 0, len);
                } catch (IOException | RuntimeException e) {
                    freeBuffers.add(buf);
                    work.release();
                    throw e;
                }
                if (n < len) {
                    freeBuffers.add(buf);
                    work.release();
                    throw SizedBody.sizeMismatch(store.location(key), size, size - remaining + n);
                }
                whole.update(buf, 0, len);
                byte[] block = buf;
                String id = ids.get(i);
                work.submit(() -> stage(blob, id, block, len), () -> freeBuffers.add(block));
                remaining -= len;
            }
            if (in.read() >= 0) {
                throw SizedBody.sizeMismatch(store.location(key), size, size + 1);
            }
            work.awaitAll(e -> store.fail("cannot write", key, e));
            byte[] md5 = whole.digest();
            blob.commitBlockListWithResponse(new BlockBlobCommitBlockListOptions(ids)
                    .setHeaders(new BlobHttpHeaders().setContentMd5(md5)), null, Context.NONE);
        } catch (IOException e) {
            work.cancel();
            throw new StoreException("cannot write " + store.location(key) + ": reading the source failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            work.cancel();
            Thread.currentThread().interrupt();
            throw new StoreException("cannot write " + store.location(key) + ": interrupted", e);
        } catch (StoreException e) {
            work.cancel();
            throw e;
        } catch (RuntimeException e) {
            work.cancel();
            throw store.fail("cannot write", key, e);
        }
    }

    private void stage(BlockBlobClient blob, String id, byte[] buf, int len) {
        byte[] md5 = AzureStore.md5().digest(java.util.Arrays.copyOf(buf, len));
        // resettable, so a retried block re-sends from the same buffer
        blob.stageBlockWithResponse(id, new ByteArrayInputStream(buf, 0, len), len, md5, null, null, Context.NONE);
    }
}
