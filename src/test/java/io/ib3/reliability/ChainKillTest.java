package io.ib3.reliability;

import io.ib3.exec.BackupJob;
import io.ib3.exec.PruneJob;
import io.ib3.exec.RestoreJob;
import io.ib3.exec.VerifyJob;
import io.ib3.layout.Seqs;
import io.ib3.layout.WalHeader;
import io.ib3.manifest.BackupCatalog;
import io.ib3.manifest.BackupInfo;
import io.ib3.manifest.BackupRef;
import io.ib3.manifest.ManifestCodec;
import io.ib3.manifest.ManifestEntry;
import io.ib3.plan.Retention;
import io.ib3.report.ProgressListener;
import io.ib3.sample.SampleTree;
import io.ib3.sample.SampleTrees;
import io.ib3.store.Keys;
import io.ib3.store.NioStore;
import io.ib3.store.Store;
import io.ib3.testing.Backends;
import io.ib3.testing.Jvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static io.ib3.testing.TreeAssert.assertSameTree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The JVM running an incremental backup or a prune is killed with SIGKILL at seeded points, then
 * the same command runs again: the incremental ends verified with the same objects as an
 * uninterrupted one, and the prune ends with every kept backup verified and restorable and nothing
 * of the removed ones that no kept backup uses.
 */
class ChainKillTest {

    private static final long SEED = 20261201L;
    private static final int ROUNDS = 3;

    @TempDir
    Path tmp;

    private Path data;
    private SampleTree tree;
    private long wal;

    private void source() {
        data = tmp.resolve("data");
        tree = SampleTrees.core("node0").snapshots(6).walAfterSnapshot(300).walBytes(1000).parquetBytes(20_000)
                .writeTo(NioStore.local(data), "");
        wal = tree.node("node0").walLast();
    }

    /** What a night brings: {@code n} more WAL files. */
    private void newWrites(int n) {
        Store src = NioStore.local(data);
        for (int i = 0; i < n; i++) {
            byte[] w = WalHeader.frame(("night " + wal).getBytes(StandardCharsets.US_ASCII));
            src.write(Keys.join("node0", Seqs.walPath(++wal)), new ByteArrayInputStream(w), w.length);
        }
    }

    private static Map<String, String> objects(List<ManifestEntry> entries) {
        Map<String, String> out = new TreeMap<>();
        entries.forEach(e -> out.put(e.key(), e.size() + " " + e.crc32c()));
        return out;
    }

    private Map<String, byte[]> expected() {
        Map<String, byte[]> all = Backends.contents(NioStore.local(data), "");
        all.keySet().removeIf(k -> tree.stagingKeys().contains(k) || tree.derivedKeys().contains(k));
        return all;
    }

    private void assertRestores(Store backups, String name, Map<String, byte[]> expected) {
        BackupRef ref = new BackupRef(backups, name);
        VerifyJob.Outcome v = VerifyJob.verify(ref, true, 4, false, ProgressListener.NONE);
        assertTrue(v.ok(), name + ": " + v.report().problems());
        Store target = NioStore.local(tmp.resolve("restored-" + name + "-" + System.nanoTime()));
        RestoreJob.Options o = new RestoreJob.Options(false, false, 4, Duration.ZERO, null);
        RestoreJob.run(RestoreJob.preview(ref, target, o, ProgressListener.NONE), ref, target, o, ProgressListener.NONE);
        assertSameTree(expected, Backends.contents(target, ""));
    }

    @Test
    void killedIncrementalsAndPrunesAreFinishedByTheirReruns() throws Exception {
        source();
        SplittableRandom random = new SplittableRandom(SEED);
        int killedIncrementals = 0;
        int killedPrunes = 0;
        for (int round = 1; round <= ROUNDS; round++) {
            Path dst = tmp.resolve("dst" + round);
            Store backups = NioStore.local(dst);
            BackupJob.run(NioStore.local(data), "", backups, BackupJob.Options.defaults().withName("full"), ProgressListener.NONE);
            newWrites(800);
            Map<String, byte[]> night = expected();

            // an uninterrupted incremental into a copy of the root is the reference
            Path refRoot = tmp.resolve("ref" + round);
            copyTree(dst, refRoot);
            Map<String, String> reference = objects(BackupJob.run(NioStore.local(data), "", NioStore.local(refRoot),
                    BackupJob.Options.defaults().withName("incr").incrementalOn(null), ProgressListener.NONE).manifest().entries());

            Path incr = dst.resolve("incr");
            Process p = Jvm.launch(tmp, Map.of(), "backup", "--from", data.toString(), "--to", dst.toString(), "--name", "incr",
                    "--incremental");
            long at = Jvm.killAfter(p, () -> Files.isDirectory(incr.resolve("node0")), random.nextLong(150));
            if (at >= 0 && !Files.exists(incr.resolve(ManifestCodec.FILE))) {
                killedIncrementals++;
            }
            List<ManifestEntry> entries = Files.exists(incr.resolve(ManifestCodec.FILE))
                    ? ManifestCodec.read(backups.at("incr")).entries()
                    : BackupJob.run(NioStore.local(data), "", backups, BackupJob.Options.defaults().withName("incr").incrementalOn(null),
                            ProgressListener.NONE).manifest().entries();
            assertEquals(reference, objects(entries), "round " + round + ": the same objects, sizes and CRC32C as uninterrupted");
            assertRestores(backups, "incr", night);

            // a second full backup, then a prune that removes the first chain's full backup only
            // partly (the incremental keeps naming most of it) and is killed while it deletes
            newWrites(200);
            Map<String, byte[]> later = expected();
            BackupJob.run(NioStore.local(data), "", backups, BackupJob.Options.defaults().withName("zlatest"), ProgressListener.NONE);
            Process prune = Jvm.launch(tmp, Map.of(), "backups", "prune", dst.toString(), "--keep-last", "2", "--yes");
            long pat = Jvm.killAfter(prune, () -> Files.exists(dst.resolve("full").resolve(ManifestCodec.RETIRED)), random.nextLong(60));
            if (pat >= 0) {
                killedPrunes++;
            }
            PruneJob.prune(backups, new PruneJob.Options(new Retention.Policy(2, 0, 0, 0, 0), false, true), ProgressListener.NONE);
            assertEquals(List.of("full", "incr", "zlatest"), BackupCatalog.list(backups).backups().stream().map(BackupInfo::name).toList());
            assertEquals(BackupInfo.State.RETIRED, BackupCatalog.list(backups).backups().get(0).state());
            assertRestores(backups, "incr", night);
            assertRestores(backups, "zlatest", later);
            // and when the incremental goes too (a prune with a thousand deletes, killed while it
            // deletes), nothing of the first chain is left after the re-run
            Process last = Jvm.launch(tmp, Map.of(), "backups", "prune", dst.toString(), "--keep-last", "1", "--yes");
            long lat = Jvm.killAfter(last, () -> Files.exists(dst.resolve("incr").resolve(ManifestCodec.RETIRED)), random.nextLong(100));
            if (lat >= 0) {
                killedPrunes++;
            }
            assertRestores(backups, "zlatest", later);
            PruneJob.prune(backups, new PruneJob.Options(new Retention.Policy(1, 0, 0, 0, 0), false, true), ProgressListener.NONE);
            assertEquals(List.of("zlatest"), BackupCatalog.list(backups).backups().stream().map(BackupInfo::name).toList());
            assertRestores(backups, "zlatest", later);
        }
        assertTrue(killedIncrementals + killedPrunes >= 2, "kills hit running jobs: " + killedIncrementals + " + " + killedPrunes);
        Report.line("ChainKillTest", ROUNDS + " incrementals and " + 2 * ROUNDS + " prunes killed with SIGKILL (seed " + SEED + "), "
                + killedIncrementals + " incrementals and " + killedPrunes + " prunes while running; every re-run finished them,"
                + " kept backups verified deep and restored byte for byte");
    }

    private static void copyTree(Path from, Path to) throws java.io.IOException {
        try (var s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
    }
}
