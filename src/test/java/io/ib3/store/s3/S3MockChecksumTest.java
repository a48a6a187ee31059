package io.ib3.store.s3;

import io.ib3.store.object.ObjectStore;
import io.ib3.store.GeneratedStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.ChecksumType;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

import java.io.ByteArrayInputStream;
import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Stored checksums read back without reading content, on Adobe S3Mock (it keeps and returns
 * CRC32C, including the whole-object CRC32C of multipart uploads). The only class using S3Mock: it
 * takes seconds to start.
 */
class S3MockChecksumTest {

    @RegisterExtension
    static final S3ServerExtension S3MOCK = S3ServerExtension.s3mock();

    private static final long MIB = 1024 * 1024;
    private static ObjectStore<S3Bucket> store;

    @BeforeAll
    static void open() {
        store = new ObjectStore<>(new S3Bucket(S3MOCK.config().build(), S3MOCK.newBucket()), "crc");
    }

    private static String localCrc(long size, long seed) throws IOException {
        return GeneratedStream.crc32c(new GeneratedStream(size, seed));
    }

    @Test
    void singlePutCrc32cReadsBackAsTheLocalCrc() throws IOException {
        store.write("small", new GeneratedStream(300_000, 11), 300_000);
        assertEquals(localCrc(300_000, 11), store.nativeCrc32c("small").orElseThrow());
    }

    @Test
    void multipartUploadStoresAWholeObjectCrc32c() throws IOException {
        long size = 17 * MIB + 5;
        store.write("large", new GeneratedStream(size, 12), size);
        HeadObjectResponse head = S3MOCK.client().headObject(b -> b.bucket(store.client().bucket()).key("crc/large")
                .checksumMode(ChecksumMode.ENABLED));
        assertTrue(!head.checksumCRC32C().contains("-") && head.checksumType() != ChecksumType.COMPOSITE,
                "a whole-object checksum, not a checksum of part checksums: " + head.checksumCRC32C());
        assertEquals(localCrc(size, 12), store.nativeCrc32c("large").orElseThrow());
    }

    @Test
    void compositeChecksumsAreNotReportedAsObjectCrcs() {
        assertTrue(S3Bucket.fullObjectCrc32c("MA1fpw==-3", null).isEmpty());
        assertTrue(S3Bucket.fullObjectCrc32c("MA1fpw==", ChecksumType.COMPOSITE).isEmpty());
        assertEquals("300d5fa7", S3Bucket.fullObjectCrc32c("MA1fpw==", ChecksumType.FULL_OBJECT).orElseThrow());
    }

    @Test
    void emptyObjectHasTheEmptyCrc() {
        store.write("empty", new ByteArrayInputStream(new byte[0]), 0);
        assertEquals("00000000", store.nativeCrc32c("empty").orElseThrow());
    }
}
