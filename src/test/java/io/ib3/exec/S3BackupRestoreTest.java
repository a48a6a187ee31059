package io.ib3.exec;

import io.ib3.store.s3.S3Stores;
import io.ib3.store.s3.S3Bucket;
import io.ib3.store.object.ObjectStore;
import io.ib3.layout.CatalogGeneration;
import io.ib3.report.ProgressListener;
import io.ib3.sample.SampleTree;
import io.ib3.sample.SampleTrees;
import io.ib3.store.Entry;
import io.ib3.store.NioStore;
import io.ib3.store.Store;
import io.ib3.store.s3.S3ServerExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 4's end-to-end proof on a real S3 server (S3Proxy, shared by the run): a Core node (v3
 * catalog with stale generations, staging and derived files) and an Enterprise cluster (two nodes
 * and a compactor) backed up, verified and restored in every direction between a local disk and S3;
 * what comes back is the source, byte for byte, less what a backup leaves out by design (staging
 * and derived files).
 */
class S3BackupRestoreTest {

    @RegisterExtension
    static final S3ServerExtension S3 = S3ServerExtension.s3proxy();

    private static final AtomicInteger N = new AtomicInteger();
    private static final List<Store> OPENED = new ArrayList<>();

    @TempDir
    static Path tmp;

    private static String sourceBucket;
    private static String backupBucket;
    private static Map<String, Source> sources;

    /** One tree, written twice with the same seed: on the local disk and in the source bucket. */
    record Source(SampleTree tree, Store file, Store s3) {

        /** The objects a backup keeps: everything but staging and derived files. */
        Map<String, byte[]> expected() {
            Set<String> left = new HashSet<>(tree.stagingKeys());
            left.addAll(tree.derivedKeys());
            Map<String, byte[]> all = contents(file);
            all.keySet().removeAll(left);
            return all;
        }
    }

    @BeforeAll
    static void trees() throws IOException {
        sourceBucket = S3.newBucket();
        backupBucket = S3.newBucket();
        Source core = source("core", SampleTrees.core("node0").catalog(CatalogGeneration.V3).staleCatalogs(true)
                .staging(true).derived(true).retention(true));
        Source enterprise = source("enterprise", SampleTrees.enterprise("cluster0").nodes("ingest1", "ingest2")
                .compactor("compactor0").staging(true).derived(true));
        sources = Map.of("core", core, "enterprise", enterprise);
        assertTrue(core.tree().stagingKeys().size() > 0 && core.tree().derivedKeys().size() > 0, "the tree has what must be left out");
        assertTrue(core.tree().staleGenerations().size() > 0, "stale catalog generations");
        assertEquals(3, enterprise.tree().nodes().size());
    }

    private static Source source(String kind, io.ib3.sample.SampleTreeBuilder builder) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("src-" + kind));
        Store file = NioStore.local(dir);
        SampleTree tree = builder.writeTo(file, "");
        Store s3 = s3(sourceBucket, kind);
        SampleTree again = builder.writeTo(s3, "");
        assertEquals(tree.keys(), again.keys());
        assertSameTree(contents(file), s3);
        return new Source(tree, file, s3);
    }

    @AfterAll
    static void close() {
        OPENED.forEach(Store::close);
    }

    private static ObjectStore<S3Bucket> s3(String bucket, String prefix) {
        ObjectStore<S3Bucket> s = S3Stores.open(java.net.URI.create("s3://" + bucket + "/" + prefix), S3.options(), S3.env());
        OPENED.add(s);
        return s;
    }

    private static Store localDir(String name) {
        try {
            return NioStore.local(Files.createDirectories(tmp.resolve(name + "-" + N.incrementAndGet())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every object of a store by key, with its bytes. */
    static Map<String, byte[]> contents(Store store) {
        Map<String, byte[]> out = new TreeMap<>();
        List<String> keys;
        try (Stream<Entry> s = store.list("")) {
            keys = s.map(Entry::key).toList();
        }
        for (String k : keys) {
            try (InputStream in = store.open(k)) {
                out.put(k, in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    private static void assertSameTree(Map<String, byte[]> expected, Store actual) {
        Map<String, byte[]> got = contents(actual);
        assertEquals(expected.keySet(), got.keySet());
        expected.forEach((k, v) -> assertArrayEquals(v, got.get(k), k));
    }

    private static BackupJob.Outcome backup(Store source, Store targetRoot, String name) {
        BackupJob.Outcome o = BackupJob.run(source, "", targetRoot, BackupJob.Options.defaults().withName(name), ProgressListener.NONE);
        assertEquals(1, o.rounds());
        assertTrue(o.consistency().ok(), o.consistency().problems().toString());
        return o;
    }

    private static void verify(Store backup, int objects) {
        for (boolean deep : new boolean[] {false, true}) {
            VerifyJob.Outcome v = VerifyJob.verify(backup, deep, 8, ProgressListener.NONE);
            assertTrue(v.ok(), (deep ? "deep: " : "") + v.report().problems());
            assertEquals(objects, v.manifest().entries().size());
            if (deep) {
                assertEquals(objects, v.report().deepChecked(), "deep reads every object");
            }
        }
    }

    private static RestoreJob.Outcome restore(Store backup, Store target) {
        RestoreJob.Options options = new RestoreJob.Options(false, true, 0, Duration.ZERO, null);
        RestoreJob.Preview preview = RestoreJob.preview(backup, target, options, ProgressListener.NONE);
        assertEquals(0, preview.existing());
        RestoreJob.Outcome o = RestoreJob.run(preview, backup, target, options, ProgressListener.NONE);
        assertTrue(o.verified().ok(), o.verified().problems().toString());
        return o;
    }

    @ParameterizedTest
    @ValueSource(strings = {"core", "enterprise"})
    void fileToS3ThenRestoreToFile(String kind) {
        Source src = sources.get(kind);
        Map<String, byte[]> expected = src.expected();
        Store backups = s3(backupBucket, "from-file-" + kind);

        BackupJob.Outcome b = backup(src.file(), backups, "b1");
        assertEquals(expected.size(), b.copied());
        assertEquals(0, b.serverSide(), "disk to S3 streams");
        assertEquals(expected.values().stream().mapToLong(v -> v.length).sum(), b.clientBytes());
        Store backup = backups.at("b1");
        verify(backup, expected.size());

        Store restored = localDir("restored-" + kind);
        RestoreJob.Outcome r = restore(backup, restored);
        assertEquals(expected.size(), r.copied());
        assertEquals(0, r.serverSide());
        assertSameTree(expected, restored);
    }

    @ParameterizedTest
    @ValueSource(strings = {"core", "enterprise"})
    void s3ToS3IsServerSideBothWays(String kind) {
        Source src = sources.get(kind);
        Map<String, byte[]> expected = src.expected();
        Store backups = s3(backupBucket, "from-s3-" + kind);

        BackupJob.Outcome b = backup(src.s3(), backups, "b1");
        assertEquals(expected.size(), b.copied());
        assertEquals(expected.size(), b.serverSide(), "every object copied by the server");
        assertEquals(0, b.clientBytes(), "no object byte passed through ib3");
        assertTrue(b.manifest().entries().stream().allMatch(e -> e.crc32c() != null),
                "server-side copies take the CRC32C S3 keeps for the source");
        Store backup = backups.at("b1");
        verify(backup, expected.size());

        // restore into another bucket prefix on the same server: server-side again
        Store s3Target = s3(sourceBucket, "restored-" + kind + "-" + N.incrementAndGet());
        RestoreJob.Outcome r = restore(backup, s3Target);
        assertEquals(expected.size(), r.serverSide());
        assertEquals(0, r.clientBytes());
        assertSameTree(expected, s3Target);

        Store fileTarget = localDir("restored-" + kind);
        RestoreJob.Outcome f = restore(backup, fileTarget);
        assertEquals(0, f.serverSide());
        assertSameTree(expected, fileTarget);
    }

    @ParameterizedTest
    @ValueSource(strings = {"core", "enterprise"})
    void s3ToFileThenRestoreToS3(String kind) {
        Source src = sources.get(kind);
        Map<String, byte[]> expected = src.expected();
        Store backups = localDir("backups-" + kind);

        BackupJob.Outcome b = backup(src.s3(), backups, "b1");
        assertEquals(expected.size(), b.copied());
        assertEquals(0, b.serverSide());
        Store backup = backups.at("b1");
        verify(backup, expected.size());
        assertTrue(contents(backup).keySet().containsAll(expected.keySet()), "same keys as the source");

        Store s3Target = s3(backupBucket, "restored-" + kind + "-" + N.incrementAndGet());
        RestoreJob.Outcome r = restore(backup, s3Target);
        assertEquals(expected.size(), r.copied());
        assertEquals(0, r.serverSide(), "disk to S3 streams");
        assertSameTree(expected, s3Target);
    }
}
