package io.ib3.store.azure;

import io.ib3.store.object.Digest;
import io.ib3.store.object.ObjectStore;
import io.ib3.error.ExitCode;
import io.ib3.error.Ib3Exception;
import io.ib3.exec.BackupJob;
import io.ib3.exec.RestoreJob;
import io.ib3.exec.VerifyJob;
import io.ib3.report.ProgressListener;
import io.ib3.sample.SampleTrees;
import io.ib3.store.Entry;
import io.ib3.store.GeneratedStream;
import io.ib3.store.NioStore;
import io.ib3.store.ObjectNotFoundException;
import io.ib3.store.Store;
import io.ib3.store.StoreFactory;
import io.ib3.store.vfs.VfsStores;
import io.ib3.store.s3.S3ServerExtension;
import io.ib3.store.s3.S3Stores;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Azure specifics on Azurite: server-side copy paths, stored MD5, errors, VFS, and whole backups. */
class AzureStoreTest {

    @RegisterExtension
    static final AzuriteExtension AZ = new AzuriteExtension();
    @RegisterExtension
    static final S3ServerExtension S3 = S3ServerExtension.s3proxy();

    private static String container;
    private static int n;

    @BeforeAll
    static void container() {
        container = AZ.newContainer();
    }

    private static ObjectStore<AzureContainer> store(AzureConfig.Builder config) {
        return new ObjectStore<>(new AzureContainer(config.build(), AzuriteExtension.ACCOUNT, container), "t" + (++n));
    }

    private static void put(Store s, String key, byte[] b) {
        s.write(key, new ByteArrayInputStream(b), b.length);
    }

    private static String md5Hex(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
    }

    @Test
    void smallCopyUsesCopyFromUrlAndLargeFallsBackToAsyncCopyOn501() throws Exception {
        // copyThreshold 1 MiB: the 3 MiB blob takes the block path, which Azurite answers with 501
        try (ObjectStore<AzureContainer> s = store(AZ.config().copyThreshold(1024 * 1024).copyBlockSize(1024 * 1024))) {
            byte[] small = "small blob".getBytes(StandardCharsets.UTF_8);
            put(s, "src/small", small);
            s.write("src/large", new GeneratedStream(3 * 1024 * 1024, 5), 3 * 1024 * 1024);
            Store other = new ObjectStore<>(new AzureContainer(AZ.config().build(), AzuriteExtension.ACCOUNT, container), "elsewhere" + n);
            assertTrue(other.canCopyServerSide(s.at("src")), "same account and credential reference");

            other.copyServerSide(s.at("src"), "small", "copy/small", small.length);
            s.copyServerSide(s, "src/large", "copy/large", 3 * 1024 * 1024);

            assertEquals(1, ((ObjectStore<AzureContainer>) other).client().copies(AzureContainer.CopyMethod.COPY_FROM_URL));
            assertEquals(1, s.client().copies(AzureContainer.CopyMethod.ASYNC_COPY));
            assertEquals(0, s.client().copies(AzureContainer.CopyMethod.BLOCKS_FROM_URL));
            try (InputStream in = other.open("copy/small")) {
                assertArrayEquals(small, in.readAllBytes());
            }
            try (InputStream in = s.open("copy/large")) {
                assertEquals(GeneratedStream.crc32c(new GeneratedStream(3 * 1024 * 1024, 5)), GeneratedStream.crc32c(in));
            }
        }
    }

    @Test
    void noServerSideCopyAcrossCredentialReferencesOrStores() {
        ObjectStore<AzureContainer> a = store(AZ.config());
        ObjectStore<AzureContainer> b = new ObjectStore<>(new AzureContainer(AZ.config().accountKeyEnv(null).connectionStringEnv(AzuriteExtension.CONNECTION_ENV).build(), AzuriteExtension.ACCOUNT, container), "x");
        assertFalse(a.canCopyServerSide(b));
        assertFalse(a.canCopyServerSide(NioStore.local(Path.of("/tmp"))));
    }

    @Test
    void contentMd5IsStoredForSingleAndBlockUploads() throws Exception {
        try (ObjectStore<AzureContainer> s = store(AZ.config())) {
            byte[] small = "checksummed".getBytes(StandardCharsets.UTF_8);
            put(s, "md5/small", small);
            assertEquals(md5Hex(small), s.client().contentMd5(s.objectKey("md5/small")).orElseThrow());

            long size = 9 * 1024 * 1024; // three 4 MiB blocks
            s.write("md5/large", new GeneratedStream(size, 11), size);
            byte[] all = new GeneratedStream(size, 11).readAllBytes();
            assertEquals(md5Hex(all), s.client().contentMd5(s.objectKey("md5/large")).orElseThrow(), "the block list carries the whole MD5");
            assertThrows(ObjectNotFoundException.class, () -> s.client().contentMd5(s.objectKey("md5/none")));
        }
    }

    @Test
    void mountedInVfsItBrowsesFoldersAndBlobs() throws Exception {
        try (ObjectStore<AzureContainer> s = store(AZ.config())) {
            put(s, "v/a.txt", "aaa".getBytes(StandardCharsets.UTF_8));
            put(s, "v/sub/b.txt", "b".getBytes(StandardCharsets.UTF_8));
            try (Store view = VfsStores.browse(s)) {
                Map<String, Boolean> kids = view.children("v").stream().collect(Collectors.toMap(Entry::name, Entry::folder));
                assertEquals(Map.of("a.txt", false, "sub", true), kids);
                assertEquals(3, view.stat("v/a.txt").orElseThrow().size());
                assertTrue(view.stat("v/sub").orElseThrow().folder());
                try (InputStream in = view.open("v/a.txt")) {
                    assertEquals("aaa", new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
                assertTrue(view.stat("v/none").isEmpty());
            }
        }
    }

    // ---------------------------------------------------------------- errors

    private static void assertOneLineNoSecret(Ib3Exception e, String... secrets) {
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertFalse(e.hints().isEmpty(), "a hint says what to do: " + e.getMessage());
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        StringBuilder all = new StringBuilder(trace.toString());
        e.hints().forEach(all::append);
        for (String secret : secrets) {
            assertFalse(all.toString().contains(secret), "secret leaked: " + all);
        }
    }

    @Test
    void missingContainerIsAUsageErrorNamingAccountAndContainer() {
        ObjectStore<AzureContainer> s = new ObjectStore<>(new AzureContainer(AZ.config().build(), AzuriteExtension.ACCOUNT, "no-such-container"), "p");
        Ib3Exception e = assertThrows(Ib3Exception.class, () -> s.stat(""));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("azblob://devstoreaccount1/no-such-container"), e.getMessage());
        assertOneLineNoSecret(e, AzuriteExtension.KEY);
        Ib3Exception onList = assertThrows(Ib3Exception.class, () -> s.list("x").count());
        assertEquals(ExitCode.USAGE, onList.exitCode());
        Ib3Exception onWrite = assertThrows(Ib3Exception.class, () -> put(s, "k", new byte[] {1}));
        assertTrue(onWrite.getMessage().contains("no-such-container"), onWrite.getMessage());
    }

    @Test
    void wrongKeyIsRejectedWithAHintAndNoSecret() {
        String wrong = java.util.Base64.getEncoder().encodeToString("not the azurite key, 64 bytes long........................".getBytes(StandardCharsets.US_ASCII));
        Map<String, String> env = new HashMap<>();
        env.put("WRONG_KEY", wrong);
        ObjectStore<AzureContainer> s = new ObjectStore<>(new AzureContainer(AzureConfig.builder().env(env::get).endpoint(AZ.endpoint().toString())
                .accountKeyEnv("WRONG_KEY").build(), AzuriteExtension.ACCOUNT, container), "p");
        Ib3Exception e = assertThrows(Ib3Exception.class, () -> s.open("some/key").close());
        assertTrue(e.getMessage().contains("azblob://devstoreaccount1/" + container + "/p/some/key"), e.getMessage());
        // Azure answers 403 AuthenticationFailed, Azurite 403 AuthorizationFailure
        assertTrue(e.getMessage().contains("credentials were rejected") || e.getMessage().contains("access denied (403"), e.getMessage());
        assertTrue(String.join(" ", e.hints()).contains("$WRONG_KEY"), e.hints().toString());
        assertOneLineNoSecret(e, wrong);
    }

    @Test
    void credentialReferencesAreCheckedWithoutPrintingValues() {
        ObjectStore<AzureContainer> unset = new ObjectStore<>(new AzureContainer(AzureConfig.builder().env(k -> null).endpoint(AZ.endpoint().toString())
                .accountKeyEnv("IB3_UNSET_KEY").build(), AzuriteExtension.ACCOUNT, container), "p");
        Ib3Exception e = assertThrows(Ib3Exception.class, () -> unset.stat("x"));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("IB3_UNSET_KEY"), e.getMessage());

        ObjectStore<AzureContainer> none = new ObjectStore<>(new AzureContainer(AzureConfig.builder().env(k -> null).build(), "acct", "c"), "");
        Ib3Exception noCreds = assertThrows(Ib3Exception.class, () -> none.stat("x"));
        assertTrue(noCreds.getMessage().contains("no Azure credentials"), noCreds.getMessage());

        String badCs = "AccountName=x;AccountKey=SECRETVALUE;nonsense";
        ObjectStore<AzureContainer> bad = new ObjectStore<>(new AzureContainer(AzureConfig.builder().env(Map.of("CS", badCs)::get).connectionStringEnv("CS").build(), "acct", "c"), "");
        Ib3Exception badE = assertThrows(Ib3Exception.class, () -> bad.stat("x"));
        assertOneLineNoSecret(badE, "SECRETVALUE");

        Ib3Exception unknown = assertThrows(Ib3Exception.class, () -> AzureConfig.fromOptions(Map.of("acountKey", "x"), k -> null));
        assertTrue(unknown.getMessage().contains("acountKey"));
        assertThrows(Ib3Exception.class, () -> AzureConfig.fromOptions(Map.of("accountKeyEnv", "A", "sasTokenEnv", "B"), k -> null));
        assertEquals(AzureConfig.fromOptions(Map.of("accountKeyEnv", "A"), k -> null).credentialReference(),
                AzureConfig.fromOptions(Map.of("credentials.env.accountKey", "A"), k -> null).credentialReference());
    }

    @Test
    void factoryOpensAzblobLocationsWithConnectionString() throws IOException {
        StoreFactory f = AzureStores.register(new StoreFactory(), AZ.env());
        try (Store s = f.open("azblob://" + AzuriteExtension.ACCOUNT + "/" + container + "/factory",
                Map.of("credentials.env.connectionString", AzuriteExtension.CONNECTION_ENV))) {
            put(s, "k", "v".getBytes(StandardCharsets.UTF_8));
            assertEquals("azblob://devstoreaccount1/" + container + "/factory", s.location());
            assertEquals(List.of("k"), s.children("").stream().map(Entry::key).toList());
        }
        assertThrows(Ib3Exception.class, () -> f.open("azblob://acct", Map.of()));
    }

    // ---------------------------------------------------------------- whole backups

    @Test
    void backupFileToAzureVerifyDeepAndRestoreIdentical(@TempDir Path src, @TempDir Path restored) throws IOException {
        Store source = NioStore.local(src);
        SampleTrees.core("node0").snapshots(3).walAfterSnapshot(2).writeTo(source, "");
        try (ObjectStore<AzureContainer> target = store(AZ.config())) {
            BackupJob.Outcome b = BackupJob.run(source, "", target, BackupJob.Options.defaults().withName("b1"), ProgressListener.NONE);
            assertTrue(b.consistency().ok(), b.consistency().problems().toString());
            Store backup = target.at("b1");
            VerifyJob.Outcome v = VerifyJob.verify(backup, true, 4, ProgressListener.NONE);
            assertTrue(v.ok(), v.report().problems().toString());
            assertTrue(v.report().deepChecked() > 0);

            restoreAndCompare(backup, src, restored);
        }
    }

    @Test
    void crossStoreBackupS3ToAzureRestoresToFilesIdentical(@TempDir Path local, @TempDir Path restored) throws IOException {
        Store files = NioStore.local(local);
        SampleTrees.core("node0").snapshots(2).walAfterSnapshot(3).writeTo(files, "");
        String bucket = S3.newBucket();
        StoreFactory f = S3Stores.register(AzureStores.register(new StoreFactory(), AZ.env()), S3.env());
        try (Store s3 = f.open("s3://" + bucket + "/influx", S3.options());
             Store az = f.open("azblob://" + AzuriteExtension.ACCOUNT + "/" + container + "/cross" + (++n), AZ.options())) {
            try (Stream<Entry> all = files.list("")) {
                for (Entry e : (Iterable<Entry>) all::iterator) {
                    try (InputStream in = files.open(e.key())) {
                        s3.write(e.key(), in, e.size());
                    }
                }
            }
            assertFalse(az.canCopyServerSide(s3));
            BackupJob.Outcome b = BackupJob.run(s3, "", az, BackupJob.Options.defaults().withName("x1"), ProgressListener.NONE);
            assertEquals(0, b.serverSide(), "S3 to Azure streams through ib3");
            Store backup = az.at("x1");
            VerifyJob.Outcome v = VerifyJob.verify(backup, true, 4, ProgressListener.NONE);
            assertTrue(v.ok(), v.report().problems().toString());
            restoreAndCompare(backup, local, restored);
        }
    }

    private static void restoreAndCompare(Store backup, Path original, Path restored) throws IOException {
        Store target = NioStore.local(restored);
        RestoreJob.Options opts = new RestoreJob.Options(false, true, 4, Duration.ZERO, null);
        RestoreJob.Preview p = RestoreJob.preview(backup, target, opts, ProgressListener.NONE);
        RestoreJob.run(p, backup, target, opts, ProgressListener.NONE);
        Set<String> want;
        try (Stream<Path> s = Files.walk(original)) {
            want = s.filter(Files::isRegularFile).map(x -> original.relativize(x).toString()).collect(Collectors.toSet());
        }
        int compared = 0;
        for (String k : p.manifest().entries().stream().map(e -> e.key()).toList()) {
            assertTrue(want.contains(k), "restored object came from the source: " + k);
            assertEquals(-1L, Files.mismatch(original.resolve(k), restored.resolve(k)), k);
            compared++;
        }
        assertTrue(compared > 10, "a real tree: " + compared);
    }
}
