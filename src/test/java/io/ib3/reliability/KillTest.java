package io.ib3.reliability;

import io.ib3.store.s3.S3Bucket;
import io.ib3.store.object.ObjectStore;
import io.ib3.exec.BackupJob;
import io.ib3.exec.RestoreJob;
import io.ib3.exec.VerifyJob;
import io.ib3.manifest.ManifestCodec;
import io.ib3.manifest.ManifestEntry;
import io.ib3.report.ProgressListener;
import io.ib3.sample.SampleTrees;
import io.ib3.store.NioStore;
import io.ib3.store.Store;
import io.ib3.store.s3.S3ServerExtension;
import io.ib3.testing.Backends;
import io.ib3.testing.Jvm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;

import static io.ib3.testing.TreeAssert.assertSameTree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The JVM running a backup or a restore is killed (SIGKILL: no shutdown hook, no finally) at
 * seeded random points, then the same job runs again: it always ends verified and identical to an
 * uninterrupted run (keys, sizes, CRC32C), no temp file is left or taken as an object, the restore
 * journal is gone, and on S3 no multipart upload stays open.
 */
class KillTest {

    private static final long SEED = 20261121L;
    private static final int ROUNDS = 8;

    @RegisterExtension
    static final S3ServerExtension S3 = S3ServerExtension.s3proxy();

    @TempDir
    static Path shared;
    private static Path data;
    private static Map<String, String> reference;

    @TempDir
    Path tmp;

    /** A few thousand objects: a node with many WAL files after its newest snapshot. */
    @BeforeAll
    static void source() {
        data = shared.resolve("data");
        SampleTrees.core("node0").snapshots(8).walAfterSnapshot(2500).walBytes(2000).parquetBytes(20_000)
                .writeTo(NioStore.local(data), "");
        Store ref = NioStore.local(shared.resolve("ref"));
        reference = objects(BackupJob.run(NioStore.local(data), "", ref, new BackupJob.Options("b1", false, 4, 3),
                ProgressListener.NONE).manifest().entries());
    }

    private static Map<String, String> objects(List<ManifestEntry> entries) {
        Map<String, String> out = new TreeMap<>();
        entries.forEach(e -> out.put(e.key(), e.size() + " " + e.crc32c()));
        return out;
    }

    private static Process launch(Path workDir, Map<String, String> env, String... args) throws IOException {
        return Jvm.launch(workDir, env, args);
    }

    private static long killAfter(Process p, java.util.function.BooleanSupplier started, long delayMs) throws Exception {
        return Jvm.killAfter(p, started, delayMs);
    }

    private static List<Path> partials(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(f -> f.getFileName().toString().contains(NioStore.PARTIAL_SUFFIX)).toList();
        }
    }

    @Test
    void killedBackupsAndRestoresResumeToTheSameVerifiedResult() throws Exception {
        SplittableRandom random = new SplittableRandom(SEED);
        int killedMidRun = 0;
        int partialsSeen = 0;
        long started = System.nanoTime();
        for (int round = 1; round <= ROUNDS; round++) {
            Path dst = tmp.resolve("dst" + round);
            Path backupDir = dst.resolve("b1");
            Process p = launch(tmp, Map.of(), "backup", "--from", data.toString(), "--to", dst.toString(), "--name", "b1");
            // the copy has begun once the backup folder exists; then a seeded 0-300 ms more (the
            // whole copy takes about a second: later kills mostly find it finished)
            long at = killAfter(p, () -> Files.isDirectory(backupDir.resolve("node0")), random.nextLong(300));
            if (at >= 0 && !Files.exists(backupDir.resolve(ManifestCodec.FILE))) {
                killedMidRun++;
            }
            partialsSeen += Files.isDirectory(backupDir) ? partials(backupDir).size() : 0;

            Store backups = NioStore.local(dst);
            // a kill that came after the run finished leaves a complete backup, which a re-run refuses to overwrite
            List<ManifestEntry> entries = Files.exists(backupDir.resolve(ManifestCodec.FILE))
                    ? ManifestCodec.read(backups.at("b1")).entries()
                    : BackupJob.run(NioStore.local(data), "", backups, new BackupJob.Options("b1", false, 4, 3),
                            ProgressListener.NONE).manifest().entries();
            assertEquals(reference, objects(entries), "round " + round + ": same objects, sizes and CRC32C");
            Store backup = backups.at("b1");
            VerifyJob.Outcome v = VerifyJob.verify(backup, true, 4, ProgressListener.NONE);
            assertTrue(v.ok(), "round " + round + ": " + v.report().problems());
            assertEquals(List.of(), v.report().warnings(), "nothing in the backup beyond the manifest");
            assertEquals(List.of(), partials(backupDir), "round " + round + ": no temp file left");

            if (round % 2 == 0) {
                // the restore of this backup is killed too, and run again
                Path rt = tmp.resolve("rt" + round);
                Process r = launch(tmp, Map.of(), "restore", "--from", backupDir.toString(), "--to", rt.toString());
                long rat = killAfter(r, () -> Files.isDirectory(rt.resolve(RestoreJob.JOURNAL)), random.nextLong(400));
                if (rat >= 0) {
                    killedMidRun++;
                }
                Store target = NioStore.local(rt);
                RestoreJob.Options ro = new RestoreJob.Options(false, true, 4, Duration.ZERO, null);
                if (rat >= 0 || r.exitValue() != 0) {
                    // killed (or failed): the same restore again resumes it; one that finished first is done
                    RestoreJob.run(RestoreJob.preview(backup, target, ro, ProgressListener.NONE), backup, target, ro,
                            ProgressListener.NONE);
                }
                assertSameTree(Backends.contents(NioStore.local(data), ""), Backends.contents(target, ""));
                assertFalse(Files.exists(rt.resolve(RestoreJob.JOURNAL)), "the restore journal is gone");
                assertEquals(List.of(), partials(rt));
            }
        }
        // how many kills land mid-copy depends on the machine's speed; a few must, or the test proves nothing
        assertTrue(killedMidRun >= ROUNDS / 4, "kills hit a running copy: " + killedMidRun);
        Report.line("KillTest", ROUNDS + " backups and " + ROUNDS / 2 + " restores killed with SIGKILL (seed " + SEED + "), "
                + killedMidRun + " while copying, " + partialsSeen + " temp files found after kills; every re-run verified"
                + " deep and equal to the uninterrupted backup (" + reference.size() + " objects); "
                + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms");
    }

    /** A large object's multipart upload to S3 is killed half-way: the re-run completes and no upload stays open. */
    @Test
    void killedMultipartUploadLeavesNoOpenUploadAfterTheRerun() throws Exception {
        String bucket = S3.newBucket();
        Path big = tmp.resolve("big");
        SampleTrees.core("node0").snapshots(1).database("sensors", "cpu").parquetBytes(40 * 1024 * 1024).writeTo(NioStore.local(big), "");
        Path profiles = Files.createDirectories(tmp.resolve("profiles"));
        Files.writeString(profiles.resolve("s3.yaml"), String.join("\n",
                "location: s3://" + bucket,
                "options:",
                "  endpoint: " + S3.endpoint(),
                "  region: us-east-1",
                "  stripHeaders: x-amz-mp-object-size",
                "  partSize: 5MiB",
                "  multipartThreshold: 5MiB",
                "  parallel: 1",
                "credentials:",
                "  env: {accessKey: " + S3ServerExtension.ACCESS_ENV + ", secretKey: " + S3ServerExtension.SECRET_ENV + "}", ""));
        Map<String, String> env = Map.of(S3ServerExtension.ACCESS_ENV, S3.env().apply(S3ServerExtension.ACCESS_ENV),
                S3ServerExtension.SECRET_ENV, S3.env().apply(S3ServerExtension.SECRET_ENV));
        Process p = launch(tmp, env, "backup", "--from", big.toString(), "--to", "@s3", "--name", "b1", "--parallel", "1");
        // killed as soon as the server holds an open multipart upload for the Parquet file
        killAfter(p, () -> !S3.client().listMultipartUploads(r -> r.bucket(bucket)).uploads().isEmpty(), 0);
        int open = S3.client().listMultipartUploads(r -> r.bucket(bucket)).uploads().size();
        assertTrue(open >= 1, "the kill left an open multipart upload");

        ObjectStore<S3Bucket> target = new ObjectStore<>(new S3Bucket(S3.config().build(), bucket), "");
        BackupJob.run(NioStore.local(big), "", target, new BackupJob.Options("b1", false, 2, 3), ProgressListener.NONE);
        assertEquals(List.of(), S3.client().listMultipartUploads(r -> r.bucket(bucket)).uploads(), "no orphaned multipart upload");
        assertTrue(VerifyJob.verify(target.at("b1"), true, 2, ProgressListener.NONE).ok());
        Report.line("KillTest S3", "backup killed with " + open + " open multipart upload(s); the re-run aborted them,"
                + " completed and verified; ListMultipartUploads empty");
        target.close();
    }
}
