package io.ib3.store.s3;

import io.ib3.store.object.Digest;
import io.ib3.store.object.ObjectStore;
import io.ib3.error.ExitCode;
import io.ib3.store.Entry;
import io.ib3.store.GeneratedStream;
import io.ib3.store.NioStore;
import io.ib3.store.Store;
import io.ib3.store.StoreException;
import io.ib3.store.StoreFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** S3-specific behaviour of {@link ObjectStore<S3Bucket>}, against S3Proxy. */
class S3StoreTest {

    @RegisterExtension
    static final S3ServerExtension S3 = S3ServerExtension.s3proxy();

    private static final long MIB = 1024 * 1024;
    private static final AtomicInteger N = new AtomicInteger();
    private static String bucket;

    private final RequestLog log = new RequestLog();
    private final List<Store> opened = new ArrayList<>();

    @BeforeAll
    static void bucket() {
        bucket = S3.newBucket();
    }

    @AfterEach
    void close() {
        opened.forEach(Store::close);
    }

    private ObjectStore<S3Bucket> store(S3Config.Builder config) {
        ObjectStore<S3Bucket> s = new ObjectStore<>(new S3Bucket(config.interceptor(log).build(), bucket), "t" + N.incrementAndGet(), 7);
        opened.add(s);
        return s;
    }

    private ObjectStore<S3Bucket> store() {
        return store(S3.config());
    }

    private static void put(Store s, String key, byte[] data) {
        s.write(key, new ByteArrayInputStream(data), data.length);
    }

    private static String crc32cBase64(byte[] data, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(data, off, len);
        return Digest.base64(c);
    }

    private static String crcHex(byte[] data) {
        CRC32C c = new CRC32C();
        c.update(data);
        return String.format("%08x", c.getValue());
    }

    private static byte[] bytes(long size, long seed) throws IOException {
        return new GeneratedStream(size, seed).readAllBytes();
    }

    // ---------------------------------------------------------------- listing

    @Test
    void aPrefixOnOnePageIsListedWithOneRequest() {
        ObjectStore<S3Bucket> s = store();
        for (int i = 0; i < 5; i++) {
            put(s, "q/" + i, new byte[] {(byte) i});
        }
        log.clear();
        List<Entry> listed;
        try (Stream<Entry> entries = s.list("q")) {
            listed = entries.toList();
        }
        assertEquals(5, listed.size());
        assertNotNull(listed.get(0).etag(), "listing carries the etag: a re-run needs no HEAD");
        assertEquals(1, log.count("ListObjectsV2"));
        assertEquals(0, log.count("HeadObject"));
    }

    @Test
    void aLargePrefixIsListedBySubFolderAndEveryKeyOnce() {
        ObjectStore<S3Bucket> s = store();
        for (String folder : new String[] {"a", "b", "c"}) {
            for (int i = 0; i < 8; i++) {
                put(s, "p/" + folder + "/" + i, new byte[] {(byte) i});
            }
        }
        put(s, "p/top", new byte[1]);
        log.clear();
        List<String> keys;
        try (Stream<Entry> entries = s.list("p")) {
            keys = entries.map(Entry::key).toList();
        }
        assertEquals(25, keys.size(), () -> "each key once: " + keys);
        assertEquals(25, new java.util.HashSet<>(keys).size());
        List<String> prefixes = log.sent.stream().map(r -> r.http().rawQueryParameters().get("prefix"))
                .filter(java.util.Objects::nonNull).map(l -> l.get(0)).toList();
        // pages of 7: the first flat page holds p/a/0..6; p/b/ and p/c/ are then listed on their own
        assertTrue(prefixes.stream().anyMatch(x -> x.endsWith("/p/b/")) && prefixes.stream().anyMatch(x -> x.endsWith("/p/c/")),
                () -> "listed by folder: " + prefixes);
        assertEquals(0, log.count("HeadObject"));
    }

    @Test
    void childrenIsOneDelimitedListing() {
        ObjectStore<S3Bucket> s = store();
        put(s, "c/a", new byte[1]);
        put(s, "c/d1/x", new byte[2]);
        put(s, "c/d2/y/z", new byte[3]);
        log.clear();
        List<Entry> kids = s.children("c");
        assertEquals(List.of("c/a", "c/d1", "c/d2"), kids.stream().map(Entry::key).toList());
        assertEquals(1, log.count("ListObjectsV2"));
        assertEquals(List.of("/"), log.sent.get(0).http().rawQueryParameters().get("delimiter"));
        assertEquals(0, log.count("HeadObject"));
    }

    // ---------------------------------------------------------------- uploads and checksums

    @Test
    void smallPutSendsTheCrc32cAsAHeader() throws IOException {
        ObjectStore<S3Bucket> s = store();
        byte[] data = bytes(100_000, 1);
        put(s, "small", data);
        RequestLog.Sent put = log.of("PutObject").get(0);
        assertEquals(crc32cBase64(data, 0, data.length), put.header("x-amz-checksum-crc32c"));
        assertFalse(put.header("Content-Encoding") != null && put.header("Content-Encoding").contains("aws-chunked"),
                "a header, not an aws-chunked trailer");
        assertEquals(crcHex(data), s.nativeCrc32c("small").orElseThrow(), "S3Proxy stores header checksums");
    }

    @Test
    void multipartUploadIsParallelPartsWithCrc32cEach() throws IOException {
        ObjectStore<S3Bucket> s = store();
        byte[] data = bytes(20 * MIB + 12345, 2);
        put(s, "mp", data);
        List<RequestLog.Sent> parts = log.of("UploadPart");
        assertEquals(3, parts.size(), "8 MiB parts");
        for (RequestLog.Sent p : parts) {
            int number = Integer.parseInt(p.http().rawQueryParameters().get("partNumber").get(0));
            int off = (int) ((number - 1) * 8 * MIB);
            int len = (int) Math.min(8 * MIB, data.length - off);
            assertEquals(crc32cBase64(data, off, len), p.header("x-amz-checksum-crc32c"), "part " + number);
        }
        RequestLog.Sent complete = log.of("CompleteMultipartUpload").get(0);
        assertEquals(crc32cBase64(data, 0, data.length), complete.header("x-amz-checksum-crc32c"));
        assertFalse(complete.has("x-amz-mp-object-size"), "stripped by the profile option");
        try (InputStream in = s.open("mp")) {
            assertEquals(crcHex(data), GeneratedStream.crc32c(in));
        }
        assertTrue(S3.client().listMultipartUploads(b -> b.bucket(bucket)).uploads().isEmpty());
    }

    @Test
    void whenRequiredSendsNoChecksums() throws IOException {
        ObjectStore<S3Bucket> s = store(S3.config().checksums(S3Config.ChecksumMode.WHEN_REQUIRED));
        put(s, "plain", bytes(1000, 3));
        put(s, "plain-mp", bytes(9 * MIB, 3));
        for (RequestLog.Sent r : log.sent) {
            r.http().headers().keySet().forEach(h -> assertFalse(h.toLowerCase().startsWith("x-amz-checksum")
                    || h.toLowerCase().startsWith("x-amz-sdk-checksum"), r.operation() + " sent " + h));
        }
        assertEquals(9 * MIB, s.stat("plain-mp").orElseThrow().size());
    }

    @Test
    void withoutStripHeadersS3ProxyRejectsTheCompletionAndTheUploadIsAborted() throws IOException {
        ObjectStore<S3Bucket> s = store(S3.config().stripHeaders(List.of()));
        byte[] data = bytes(9 * MIB, 4);
        StoreException e = assertThrows(StoreException.class, () -> put(s, "rejected", data));
        assertTrue(e.getMessage().contains("s3://" + bucket + "/" + s.prefix() + "/rejected"), e.getMessage());
        assertTrue(e.getMessage().contains("501"), e.getMessage());
        assertTrue(log.of("CompleteMultipartUpload").get(0).has("x-amz-mp-object-size"));
        assertEquals(1, log.count("AbortMultipartUpload"));
        assertTrue(s.stat("rejected").isEmpty());
        assertTrue(S3.client().listMultipartUploads(b -> b.bucket(bucket)).uploads().isEmpty());
    }

    @Test
    void failingSourceAbortsTheMultipartUpload() {
        ObjectStore<S3Bucket> s = store();
        long size = 40 * MIB;
        InputStream failing = new InputStream() {
            private final InputStream data = new GeneratedStream(size, 5);
            private long read;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (read > 20 * MIB) {
                    throw new IOException("disk gone");
                }
                int n = data.read(b, off, len);
                read += Math.max(n, 0);
                return n;
            }
        };
        StoreException e = assertThrows(StoreException.class, () -> s.write("fails", failing, size));
        assertTrue(e.getMessage().contains("disk gone") && e.getMessage().contains("/fails"), e.getMessage());
        assertTrue(log.count("UploadPart") >= 2, "parts were sent before the failure");
        assertEquals(1, log.count("AbortMultipartUpload"));
        assertTrue(S3.client().listMultipartUploads(b -> b.bucket(bucket)).uploads().isEmpty());
        assertTrue(s.stat("fails").isEmpty());
    }

    // ---------------------------------------------------------------- server-side copy

    @Test
    void serverSideCopyMovesNoBytesThroughTheClient() throws IOException {
        ObjectStore<S3Bucket> source = store();
        byte[] small = bytes(300_000, 6);
        byte[] large = bytes(13 * MIB, 7);
        put(source, "src/small", small);
        put(source, "src/large", large);
        // another store (other prefix) on the same endpoint and credentials, copying in 5 MiB parts above 5 MiB
        ObjectStore<S3Bucket> target = store(S3.config().copyThreshold(5 * MIB).copyPartSize(5 * MIB));
        assertTrue(target.canCopyServerSide(source));
        log.clear();
        target.copyServerSide(source, "src/small", "dst/small", small.length);
        target.copyServerSide(source, "src/large", "dst/large", large.length);
        assertEquals(1, log.count("CopyObject"));
        assertEquals(3, log.count("UploadPartCopy"));
        assertEquals(0, log.count("GetObject") + log.count("PutObject") + log.count("UploadPart"));
        assertEquals(0, log.bytesUp.get(), "no object bytes sent");
        assertEquals(0, log.bytesDown.get(), "no object bytes received");
        try (InputStream a = target.open("dst/small"); InputStream b = target.open("dst/large")) {
            assertEquals(crcHex(small), GeneratedStream.crc32c(a));
            assertEquals(crcHex(large), GeneratedStream.crc32c(b));
        }
        assertTrue(S3.client().listMultipartUploads(b -> b.bucket(bucket)).uploads().isEmpty());
    }

    @Test
    void serverSideCopyOnlyBetweenStoresOfTheSameEndpointAndCredentials(@TempDir Path dir) {
        ObjectStore<S3Bucket> a = store();
        ObjectStore<S3Bucket> sameServer = store();
        ObjectStore<S3Bucket> otherCredentials = store(S3.config().accessKeyEnv("OTHER_ACCESS").secretKeyEnv("OTHER_SECRET"));
        assertTrue(a.canCopyServerSide(sameServer));
        assertTrue(a.at("x").canCopyServerSide(sameServer.at("y")));
        assertFalse(a.canCopyServerSide(otherCredentials));
        assertFalse(a.canCopyServerSide(NioStore.local(dir)));
        assertTrue(a.has(io.ib3.store.Capability.SERVER_SIDE_COPY));
    }

    @Test
    void moveIsAServerSideCopyAndDelete() throws IOException {
        ObjectStore<S3Bucket> s = store();
        put(s, "m/a", "moved".getBytes(StandardCharsets.UTF_8));
        log.clear();
        s.move("m/a", "m/b");
        assertEquals(1, log.count("CopyObject"));
        assertEquals(1, log.count("DeleteObject"));
        assertEquals(0, log.bytesUp.get() + log.bytesDown.get());
        try (InputStream in = s.open("m/b")) {
            assertEquals("moved", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    // ---------------------------------------------------------------- configuration

    @Test
    void pathStyleIsAutomaticForIpAddressesAndLocalhost() {
        ObjectStore<S3Bucket> s = store();
        s.stat("anything");
        RequestLog.Sent head = log.sent.get(0);
        assertEquals("127.0.0.1", head.http().host());
        assertTrue(head.http().encodedPath().startsWith("/" + bucket + "/"), head.http().encodedPath());

        assertTrue(S3Config.builder().endpoint("http://localhost:9000").build().pathStyleAccess());
        assertTrue(S3Config.builder().endpoint("http://[::1]:9000").build().pathStyleAccess());
        assertFalse(S3Config.builder().endpoint("https://minio.example.com").build().pathStyleAccess());
        assertFalse(S3Config.builder().env(k -> null).build().pathStyleAccess());
        assertTrue(S3Config.builder().endpoint("https://minio.example.com").pathStyle(S3Config.PathStyle.TRUE)
                .build().pathStyleAccess());
    }

    @Test
    void endpointComesFromTheStandardEnvironment() {
        Map<String, String> env = Map.of("AWS_ENDPOINT_URL", "http://10.0.0.1:9000",
                "AWS_ENDPOINT_URL_S3", "http://127.0.0.1:7000");
        assertEquals("http://127.0.0.1:7000", S3Config.fromOptions(Map.of(), env::get).endpoint().toString());
        assertEquals("http://10.0.0.1:9000",
                S3Config.fromOptions(Map.of(), Map.of("AWS_ENDPOINT_URL", "http://10.0.0.1:9000")::get).endpoint().toString());
        assertEquals("http://h:1", S3Config.fromOptions(Map.of("endpoint", "http://h:1/"), env::get).endpoint().toString());
    }

    @Test
    void factoryOpensS3LocationsWithProfileOptions() throws IOException {
        StoreFactory f = S3Stores.register(new StoreFactory(), S3.env());
        Map<String, String> options = new HashMap<>(S3.options());
        try (Store s = f.open("s3://" + bucket + "/factory/root", options)) {
            assertInstanceOf(ObjectStore.class, s);
            assertEquals("s3://" + bucket + "/factory/root", s.location());
            put(s, "k", "via factory".getBytes(StandardCharsets.UTF_8));
            try (InputStream in = S3.client().getObject(b -> b.bucket(bucket).key("factory/root/k"))) {
                assertEquals("via factory", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        options.put("parallell", "4");
        io.ib3.error.Ib3Exception e = assertThrows(io.ib3.error.Ib3Exception.class,
                () -> f.open("s3://" + bucket + "/x", options));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("parallell"));
    }

    @Test
    void credentialsFromACommandInBothFormats() {
        Map<String, String> options = new HashMap<>(S3.options());
        options.remove("accessKeyEnv");
        options.remove("secretKeyEnv");
        options.put("credentialsCommand", "echo ib3-test-access " + S3.secretKey());
        try (ObjectStore<S3Bucket> s = S3Stores.open(java.net.URI.create("s3://" + bucket + "/cmd"), options, k -> null)) {
            assertTrue(s.stat("").isPresent());
        }
        options.put("credentialsCommand", "printf '{\"Version\":1,\"AccessKeyId\":\"ib3-test-access\",\"SecretAccessKey\":\"%s\"}' "
                + S3.secretKey());
        try (ObjectStore<S3Bucket> s = S3Stores.open(java.net.URI.create("s3://" + bucket + "/cmd"), options, k -> null)) {
            assertTrue(s.stat("").isPresent());
        }
        options.put("credentialsCommand", "echo only-one-word-" + S3.secretKey() + " two three four");
        try (ObjectStore<S3Bucket> s = S3Stores.open(java.net.URI.create("s3://" + bucket + "/cmd"), options, k -> null)) {
            io.ib3.error.Ib3Exception e = assertThrows(io.ib3.error.Ib3Exception.class, () -> s.stat(""));
            assertTrue(e.getMessage().contains("credentialsCommand"), e.getMessage());
            assertFalse(e.getMessage().contains(S3.secretKey()));
        }
    }
}
