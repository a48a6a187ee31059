package io.ib3.store.object;

import io.ib3.work.RetryPolicy;

import io.ib3.store.Entry;
import io.ib3.store.ObjectNotFoundException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The one resuming read every object store uses (S3, Azure, GCS): a body cut in the middle goes
 * on from its byte, pinned to the version the read started with; a replaced object fails the
 * read; resumes are bounded; without a version only a read that delivered nothing starts again.
 */
class ResumingReadStreamTest {

    /** One object in memory whose bodies can be cut after a number of bytes. */
    static final class CuttingClient implements ObjectClient {
        byte[] data;
        String version;
        final List<Long> cutsAt = new ArrayList<>();
        final List<String> gets = new ArrayList<>();

        CuttingClient(byte[] data, String version) {
            this.data = data;
            this.version = version;
        }

        @Override
        public Body get(String key, long offset, String pinned) {
            gets.add(offset + "@" + pinned);
            if (pinned != null && !pinned.equals(version)) {
                throw new KnownFailure(Failure.of(Failure.Kind.CHANGED, "412 ConditionNotMet"), null);
            }
            long cut = cutsAt.isEmpty() ? Long.MAX_VALUE : cutsAt.remove(0);
            InputStream bytes = new ByteArrayInputStream(data, (int) offset, data.length - (int) offset);
            return new Body(new InputStream() {
                long sent;

                @Override
                public int read() throws IOException {
                    if (offset + sent >= cut) {
                        throw new IOException("connection reset");
                    }
                    int b = bytes.read();
                    sent += b < 0 ? 0 : 1;
                    return b;
                }
            }, version);
        }

        @Override
        public ObjectSettings settings() {
            return new ObjectSettings(Set.of(), new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(1)),
                    1000, 1024, 1024, 10, 1024, 1, Digest.NONE);
        }

        @Override
        public String containerUrl() {
            return "mem://bucket";
        }

        @Override
        public String endpointName() {
            return "memory";
        }

        @Override
        public String identity() {
            return "memory";
        }

        @Override
        public ListPage list(String prefix, boolean delimited, String token, int pageSize) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<Entry> head(String key) {
            return Optional.empty();
        }

        @Override
        public void checkContainer() {
        }

        @Override
        public Optional<String> crc32c(String key) {
            throw new ObjectNotFoundException(containerUrl(), key);
        }

        @Override
        public void put(String key, byte[] data) {
            throw new UnsupportedOperationException();
        }

        @Override
        public PartedUpload<?> beginUpload(String key, long size) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<String> copy(ObjectClient source, String sourceKey, String key, long size, ExecutorService pool) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void delete(String key) {
        }

        @Override
        public int removeUnfinished(String prefix) {
            return 0;
        }

        @Override
        public Failure classify(Throwable e) {
            return null;
        }

        @Override
        public List<String> hints(Failure.Kind kind) {
            return List.of();
        }

        @Override
        public void close() {
        }
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }

    private static InputStream open(CuttingClient c, long offset) {
        return new ResumingReadStream(c, "k", offset, c.get("k", offset, null));
    }

    @Test
    void aBodyCutTwiceGoesOnFromItsBytePinnedToTheVersion() throws IOException {
        CuttingClient c = new CuttingClient(bytes(10_000), "v1");
        c.cutsAt.addAll(List.of(1234L, 7777L));
        try (InputStream in = open(c, 0)) {
            assertArrayEquals(bytes(10_000), in.readAllBytes());
        }
        assertEquals(List.of("0@null", "1234@v1", "7777@v1"), c.gets);
    }

    @Test
    void aReadFromAnOffsetResumesFromItsOwnPosition() throws IOException {
        CuttingClient c = new CuttingClient(bytes(5_000), "v1");
        c.cutsAt.add(3000L);
        try (InputStream in = open(c, 2000)) {
            byte[] want = new byte[3000];
            System.arraycopy(bytes(5_000), 2000, want, 0, 3000);
            assertArrayEquals(want, in.readAllBytes());
        }
        assertEquals(List.of("2000@null", "3000@v1"), c.gets);
    }

    @Test
    void anObjectReplacedMeanwhileFailsTheReadInsteadOfMixingVersions() throws IOException {
        CuttingClient c = new CuttingClient(bytes(10_000), "v1");
        c.cutsAt.add(500L);
        try (InputStream in = open(c, 0)) {
            c.version = "v2";
            c.data = bytes(20_000);
            IOException e = assertThrows(IOException.class, in::readAllBytes);
            assertTrue(e.getMessage().contains("at byte 500") && e.getMessage().contains("changed while it was read"), e.getMessage());
        }
    }

    @Test
    void resumesAreBounded() throws IOException {
        CuttingClient c = new CuttingClient(bytes(10_000), "v1");
        c.cutsAt.addAll(List.of(100L, 200L, 300L, 400L, 500L));
        try (InputStream in = open(c, 0)) {
            assertThrows(IOException.class, in::readAllBytes);
        }
        assertEquals(1 + ResumingReadStream.MAX_RESUMES, c.gets.size());
    }

    @Test
    void withoutAVersionOnlyAReadThatDeliveredNothingStartsAgain() throws IOException {
        CuttingClient c = new CuttingClient(bytes(1_000), null);
        c.cutsAt.add(0L);
        try (InputStream in = open(c, 0)) {
            assertArrayEquals(bytes(1_000), in.readAllBytes(), "nothing was delivered before the cut");
        }
        c.cutsAt.add(10L);
        try (InputStream in = open(c, 0)) {
            assertThrows(IOException.class, in::readAllBytes, "bytes of an unknown version were delivered");
        }
    }
}
