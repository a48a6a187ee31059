package io.ib3.store.gcs;

import io.ib3.store.object.Digest;
import io.ib3.store.object.ObjectStore;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import io.ib3.error.ExitCode;
import io.ib3.error.Ib3Exception;
import io.ib3.store.Entry;
import io.ib3.store.GeneratedStream;
import io.ib3.store.Store;
import io.ib3.store.StoreFactory;
import io.ib3.store.s3.S3ServerExtension;
import io.ib3.store.s3.S3Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GCS specifics: native CRC32C, rewrite, credential references, and the S3-interoperability settings. */
class GcsStoreTest {

    @RegisterExtension
    static final S3ServerExtension S3 = S3ServerExtension.s3proxy();

    private static ObjectStore<GcsBucket> fake(Storage storage, String prefix) {
        return new ObjectStore<>(new GcsBucket(GcsConfig.builder().chunkSize(1024 * 1024).build(), storage, "bucket"), prefix);
    }

    @Test
    void nativeCrc32cIsGcsOwnValueAsHex() throws IOException {
        Storage storage = LocalStorageHelper.customOptions(false).getService();
        ObjectStore<GcsBucket> s = fake(storage, "crc");
        byte[] b = "influx".getBytes(StandardCharsets.UTF_8);
        s.write("a", new ByteArrayInputStream(b), b.length);
        CRC32C crc = new CRC32C();
        crc.update(b);
        assertEquals(String.format("%08x", crc.getValue()), s.nativeCrc32c("a").orElseThrow());
        // GCS's field: base64 of the big-endian bytes
        assertEquals(Base64.getEncoder().encodeToString(new byte[] {(byte) (crc.getValue() >>> 24), (byte) (crc.getValue() >>> 16),
                (byte) (crc.getValue() >>> 8), (byte) crc.getValue()}), storage.get("bucket", "crc/a").getCrc32c());
        assertEquals("e3069283", Digest.hexCrc32c("4waSgw==").orElseThrow()); // CRC32C("123456789")
        assertTrue(Digest.hexCrc32c("not base64!").isEmpty());

        long size = 2 * 1024 * 1024 + 7; // resumable path
        s.write("big", new GeneratedStream(size, 9), size);
        // the fake keeps no crc32c for resumable uploads (GCS does), so only the bytes are compared here
        try (InputStream in = s.open("big")) {
            assertEquals(GeneratedStream.crc32c(new GeneratedStream(size, 9)), GeneratedStream.crc32c(in));
        }
        assertTrue(s.has(io.ib3.store.Capability.NATIVE_CRC32C));
    }

    @Test
    void serverSideRewriteBetweenViewsOfOneClient() throws IOException {
        Storage storage = LocalStorageHelper.customOptions(false).getService();
        ObjectStore<GcsBucket> a = fake(storage, "src");
        ObjectStore<GcsBucket> b = fake(storage, "dst");
        byte[] data = "rewrite me".getBytes(StandardCharsets.UTF_8);
        a.write("x/obj", new ByteArrayInputStream(data), data.length);
        assertTrue(b.canCopyServerSide(a.at("x")));
        b.copyServerSide(a.at("x"), "obj", "copied", data.length);
        try (InputStream in = b.open("copied")) {
            assertArrayEquals(data, in.readAllBytes());
        }
        assertFalse(b.canCopyServerSide(fake(LocalStorageHelper.customOptions(false).getService(), "other")),
                "another client is another identity");
        assertThrows(io.ib3.store.ObjectNotFoundException.class, () -> b.copyServerSide(a, "x/none", "n", 1));
    }

    @Test
    void credentialReferencesFailAsUsageErrorsWithoutContent(@TempDir Path dir) throws Exception {
        Ib3Exception unset = assertThrows(Ib3Exception.class, () -> GcsCredentials.resolve(GcsConfig.fromOptions(
                Map.of("credentials.env.credentialsFile", "IB3_UNSET_GCS"), k -> null), "gs://b/p"));
        assertEquals(ExitCode.USAGE, unset.exitCode());
        assertTrue(unset.getMessage().contains("IB3_UNSET_GCS"), unset.getMessage());

        Ib3Exception missing = assertThrows(Ib3Exception.class, () -> GcsCredentials.resolve(GcsConfig.fromOptions(
                Map.of("credentialsFile", dir.resolve("nope.json").toString()), k -> null), "gs://b/p"));
        assertTrue(missing.getMessage().contains("nope.json") && missing.getMessage().contains("gs://b/p"), missing.getMessage());

        Path garbage = dir.resolve("bad.json");
        Files.writeString(garbage, "{\"type\":\"service_account\",\"private_key\":\"PLANTED-SECRET\"}");
        Ib3Exception bad = assertThrows(Ib3Exception.class, () -> GcsCredentials.resolve(GcsConfig.fromOptions(
                Map.of("credentialsFileEnv", "KEYFILE"), Map.of("KEYFILE", garbage.toString())::get), "gs://b/p"));
        assertFalse(bad.getMessage().contains("PLANTED-SECRET"), bad.getMessage());
        assertFalse(bad.getMessage().contains("\n"));
        assertFalse(bad.hints().isEmpty());

        // a well-formed service-account key loads without contacting Google
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        String pem = "-----BEGIN PRIVATE KEY-----\\n" + Base64.getEncoder().encodeToString(g.generateKeyPair().getPrivate().getEncoded())
                + "\\n-----END PRIVATE KEY-----\\n";
        Path good = dir.resolve("sa.json");
        Files.writeString(good, "{\"type\":\"service_account\",\"project_id\":\"p\",\"private_key_id\":\"1\",\"private_key\":\"" + pem
                + "\",\"client_email\":\"ib3@p.iam.gserviceaccount.com\",\"client_id\":\"1\",\"token_uri\":\"https://oauth2.googleapis.com/token\"}");
        assertNotNull(GcsCredentials.resolve(GcsConfig.fromOptions(Map.of("credentialsFile", good.toString()), k -> null), "gs://b/p"));

        Ib3Exception unknown = assertThrows(Ib3Exception.class, () -> GcsConfig.fromOptions(Map.of("keyFile", "x"), k -> null));
        assertTrue(unknown.getMessage().contains("keyFile"));
        assertThrows(Ib3Exception.class, () -> GcsConfig.fromOptions(Map.of("credentialsFile", "a", "credentialsFileEnv", "B"), k -> null));
    }

    @Test
    void factoryOpensGsLocations() {
        StoreFactory f = GcsStores.register(new StoreFactory(), k -> null);
        try (Store s = f.open("gs://my-bucket/influx/core", Map.of("endpoint", "http://127.0.0.1:1"))) {
            assertEquals("gs://my-bucket/influx/core", s.location());
        }
        assertThrows(Ib3Exception.class, () -> f.open("gs:///nobucket", Map.of()));
    }

    /**
     * The documented S3-interoperability route to GCS ({@code s3://} with endpoint
     * storage.googleapis.com, HMAC keys, {@code checksums: when_required}) can only be run against an
     * S3 server here: these are the same profile options with S3Proxy's endpoint.
     */
    @Test
    void s3InteroperabilitySettingsWorkAgainstAnS3Server() throws IOException {
        String bucket = S3.newBucket();
        Map<String, String> options = new HashMap<>(S3.options());
        options.put("region", "auto");
        options.put("pathStyle", "true");
        options.put("checksums", "when_required");
        StoreFactory f = S3Stores.register(new StoreFactory(), S3.env());
        try (Store s = f.open("s3://" + bucket + "/interop", options)) {
            byte[] b = "via the XML API".getBytes(StandardCharsets.UTF_8);
            s.write("small", new ByteArrayInputStream(b), b.length);
            long size = 20L * 1024 * 1024; // a multipart upload (16 MiB parts by default)
            s.write("large", new GeneratedStream(size, 4), size);
            try (InputStream in = s.open("large")) {
                assertEquals(GeneratedStream.crc32c(new GeneratedStream(size, 4)), GeneratedStream.crc32c(in));
            }
            s.copyServerSide(s, "small", "copy", b.length);
            assertEquals(List.of("copy", "large", "small"), s.children("").stream().map(Entry::key).toList());
            assertTrue(s.nativeCrc32c("small").isEmpty(), "when_required sends no CRC32C, so none is stored");
        }
    }
}
