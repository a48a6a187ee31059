package io.ib3.exec;

import io.ib3.error.ExitCode;
import io.ib3.error.Ib3Exception;
import io.ib3.layout.PathClassifier;
import io.ib3.layout.Seqs;
import io.ib3.layout.WalHeader;
import io.ib3.manifest.BackupRef;
import io.ib3.manifest.Manifest;
import io.ib3.manifest.ManifestCodec;
import io.ib3.manifest.ManifestEntry;
import io.ib3.report.ProgressListener;
import io.ib3.sample.SampleTree;
import io.ib3.sample.SampleTrees;
import io.ib3.store.Keys;
import io.ib3.store.Store;
import io.ib3.testing.Backends;
import io.ib3.testing.HookedStore;
import io.ib3.testing.LiveNode;
import io.ib3.testing.SnapshotAudit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.ib3.testing.TreeAssert.assertSameTree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Incremental backups: an object whose key, size and source fingerprint match what the parent's
 * chain holds, and whose kind the server never rewrites, is referred to instead of copied; the
 * manifest still lists every object of the cut with its CRC32C and the folder that holds it, and
 * verify and restore read each object where it is.
 */
class IncrementalBackupTest {

    @TempDir
    Path tmp;

    private static BackupJob.Outcome full(Store source, Store backups, String name) {
        return BackupJob.run(source, "", backups, BackupJob.Options.defaults().withName(name), ProgressListener.NONE);
    }

    private static BackupJob.Outcome incremental(Store source, Store backups, String name) {
        return BackupJob.run(source, "", backups, BackupJob.Options.defaults().withName(name).incrementalOn(null), ProgressListener.NONE);
    }

    /** Objects the server overwrites in place: always copied again. */
    private static boolean mutable(String key) {
        return PathClassifier.kind(key.substring(key.indexOf('/') + 1)).isCatalogSnapshot();
    }

    private static Map<String, byte[]> restore(BackupRef ref, Store target) {
        RestoreJob.Options options = new RestoreJob.Options(false, true, 2, Duration.ZERO, null, true);
        RestoreJob.run(RestoreJob.preview(ref, target, options, ProgressListener.NONE), ref, target, options, ProgressListener.NONE);
        return Backends.contents(target, "");
    }

    private static void addWal(Store source, String node, long seq) {
        byte[] wal = WalHeader.frame(("new writes " + seq).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        source.write(Keys.join(node, Seqs.walPath(seq)), new ByteArrayInputStream(wal), wal.length);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Backends.class)
    void anIncrementalAfterASmallChangeCopiesOnlyWhatIsNew(Backends backend) {
        Store source = backend.open(tmp, "src");
        SampleTree tree = SampleTrees.core("node0").writeTo(source, "");
        Store backups = backend.open(tmp, "backups");
        BackupJob.Outcome b1 = full(source, backups, "b1");
        addWal(source, "node0", tree.node("node0").walLast() + 1);

        BackupJob.Outcome b2 = incremental(source, backups, "b2");
        long mutable = b1.manifest().entries().stream().filter(e -> mutable(e.key())).count();
        assertEquals(1 + mutable, b2.copied(), "the new WAL file and the catalog checkpoints, nothing else");
        assertEquals(b1.manifest().entries().size() - mutable, b2.reused());
        Manifest m = b2.manifest();
        assertEquals(Manifest.Lineage.incremental("b1"), m.lineage());
        assertEquals(b1.manifest().entries().size() + 1, m.entries().size(), "the manifest lists the whole cut");
        assertTrue(m.entries().stream().allMatch(e -> e.crc32c() != null));
        assertTrue(m.entries().stream().filter(e -> !e.ownBytes()).allMatch(e -> e.holder().equals("b1")));
        assertTrue(m.totals().ownBytes() < m.totals().bytes() / 10, "the incremental holds little itself");
        assertEquals(tree.node("node0").walLast() + 1, m.recoveryPoint().get(0).walLast());

        BackupRef ref = new BackupRef(backups, "b2");
        VerifyJob.Outcome v = VerifyJob.verify(ref, true, 2, false, ProgressListener.NONE);
        assertTrue(v.ok(), v.report().problems().toString());
        assertEquals(m.entries().size(), v.report().deepChecked(), "every object read where it is held");
        Map<String, byte[]> expected = Backends.contents(source, "");
        expected.keySet().removeIf(k -> tree.stagingKeys().contains(k) || tree.derivedKeys().contains(k));
        assertSameTree(expected, restore(ref, backend.open(tmp, "target")));

        // the next one builds on b2, and still names b1 for what b1 holds: no chain walking
        addWal(source, "node0", tree.node("node0").walLast() + 2);
        Manifest m3 = incremental(source, backups, "b3").manifest();
        assertEquals("b2", m3.lineage().parent());
        assertEquals(List.of("b1", "b2"), List.copyOf(m3.holders()));
        assertTrue(VerifyJob.verify(new BackupRef(backups, "b3"), true, 2, false, ProgressListener.NONE).ok());
    }

    /**
     * A node that keeps writing, snapshotting and removing Parquet files by retention: full, then
     * incremental, then incremental, each taken while the node is held still; each restores the
     * node exactly as it was at its point, and an independent audit finds every referenced file.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Backends.class)
    void aChainOverALiveNodeRestoresEachPointExactly(Backends backend) throws Exception {
        Store source = backend.open(tmp, "src");
        Store backups = backend.open(tmp, "backups");
        List<Map<String, byte[]>> points = new ArrayList<>();
        List<String> names = List.of("full", "incr1", "incr2");
        LiveNode node = new LiveNode(source, "node0", 31, LiveNode.Speed.MEDIUM, 100_000).bootstrap(4);
        try (node) {
            node.start();
            for (String name : names) {
                long snapshot = node.newestSnapshot();
                while (node.newestSnapshot() < snapshot + 3) {
                    Thread.sleep(2);
                }
                node.pause();
                points.add(Backends.contents(source, ""));
                BackupJob.Options options = new BackupJob.Options(name, false, 2, 3, true, !name.equals("full"), null);
                BackupJob.Outcome o = BackupJob.run(source, "", backups, options, ProgressListener.NONE);
                if (!name.equals("full")) {
                    assertTrue(o.reused() > 0, name + " reuses what the chain holds");
                    assertEquals(o.manifest().entries().size(), o.copied() + o.reused(), name + ": every object copied or reused");
                }
                node.resume();
            }
        }
        assertFalse(node.deleted().isEmpty(), "retention removed Parquet files along the chain");
        for (int i = 0; i < names.size(); i++) {
            BackupRef ref = new BackupRef(backups, names.get(i));
            VerifyJob.Outcome v = VerifyJob.verify(ref, true, 2, true, ProgressListener.NONE);
            assertTrue(v.ok(), names.get(i) + ": " + v.report().problems());
            Store target = backend.open(tmp, "restored-" + names.get(i));
            assertSameTree(points.get(i), restore(ref, target));
            Map<String, SnapshotAudit.Finding> unheld = SnapshotAudit.unheld(target);
            assertTrue(node.deleted().containsAll(unheld.keySet()), names.get(i) + ": only files retention removed are absent " + unheld);
        }
    }

    @Test
    void theParentIsTheNewestBackupOfTheSameSource() {
        Store a = Backends.NIO.open(tmp, "a");
        Store b = Backends.NIO.open(tmp, "b");
        SampleTrees.core("node0").writeTo(a, "");
        SampleTrees.core("node0").writeTo(b, "");
        Store backups = Backends.NIO.open(tmp, "backups");
        full(a, backups, "a1");
        full(b, backups, "b1");
        BackupJob.Outcome a2 = incremental(a, backups, "a2");
        assertEquals("a1", a2.manifest().lineage().parent(), "b1 is newer but of another source");

        // asked for explicitly, another source's backup lends what has the same key, size and fingerprint
        BackupJob.Outcome cross = BackupJob.run(a, "", backups,
                BackupJob.Options.defaults().withName("a3").incrementalOn("b1"), ProgressListener.NONE);
        assertTrue(cross.notes().stream().anyMatch(n -> n.contains("was taken from")), cross.notes().toString());

        Ib3Exception none = assertThrows(Ib3Exception.class, () -> BackupJob.run(a, "", backups,
                BackupJob.Options.defaults().withName("a4").incrementalOn("nope"), ProgressListener.NONE));
        assertEquals(ExitCode.USAGE, none.exitCode());
    }

    @Test
    void withoutAnEarlierBackupTheIncrementalIsFullAndSaysSo() {
        Store source = Backends.NIO.open(tmp, "src");
        SampleTrees.core("node0").writeTo(source, "");
        BackupJob.Outcome o = incremental(source, Backends.NIO.open(tmp, "backups"), "b1");
        assertEquals(Manifest.Lineage.FULL, o.manifest().lineage());
        assertEquals(0, o.reused());
        assertTrue(o.notes().stream().anyMatch(n -> n.contains("this backup is full")), o.notes().toString());
    }

    @Test
    void aParentWithoutFingerprintsLendsNothing() {
        Store source = Backends.NIO.open(tmp, "src");
        SampleTrees.core("node0").writeTo(source, "");
        Store backups = Backends.NIO.open(tmp, "backups");
        Manifest m = full(source, backups, "b1").manifest();
        List<ManifestEntry> bare = m.entries().stream().map(e -> e.withFingerprint(null)).toList();
        backups.at("b1").delete(ManifestCodec.FILE);
        ManifestCodec.write(backups.at("b1"), Manifest.of(m.toolVersion(), m.createdAt(), m.completedAt(), m.source(), m.product(),
                m.clusterId(), m.nodeIds(), m.catalogGeneration(), m.recoveryPoint(), m.plan(), bare));
        BackupJob.Outcome o = incremental(source, backups, "b2");
        assertEquals(0, o.reused());
        assertTrue(o.notes().stream().anyMatch(n -> n.contains("no source fingerprints")), o.notes().toString());
    }

    /**
     * Objects of the parent's chain vanish while the incremental runs (a prune on the same root):
     * no manifest names them; the same command again copies them.
     */
    @Test
    void heldObjectsThatVanishMidRunGiveNoManifestAndTheRerunCopiesThem() {
        Store source = Backends.NIO.open(tmp, "src");
        SampleTree tree = SampleTrees.core("node0").writeTo(source, "");
        Store backups = Backends.NIO.open(tmp, "backups");
        full(source, backups, "b1");
        String victim = tree.keys().stream().filter(k -> k.endsWith(".parquet") && !k.contains("#")).findFirst().orElseThrow();
        AtomicBoolean pruned = new AtomicBoolean();
        HookedStore hooked = new HookedStore(source).beforeOpen(k -> {
            if (k.contains("/wal/") && pruned.compareAndSet(false, true)) {
                backups.at("b1").delete(victim);
            }
        });
        addWal(source, "node0", tree.node("node0").walLast() + 1);
        Ib3Exception e = assertThrows(Ib3Exception.class, () -> incremental(hooked, backups, "b2"));
        assertEquals(ExitCode.FAILED, e.exitCode());
        assertTrue(e.getMessage().contains(victim), e.getMessage());
        assertFalse(backups.at("b2").stat(ManifestCodec.FILE).isPresent());

        BackupJob.Outcome again = incremental(source, backups, "b2");
        ManifestEntry copied = again.manifest().entries().stream().filter(x -> x.key().equals(victim)).findFirst().orElseThrow();
        assertNull(copied.holder(), "copied into b2 this time");
        assertTrue(again.notes().stream().anyMatch(n -> n.contains("copied again")), again.notes().toString());
        assertTrue(VerifyJob.verify(new BackupRef(backups, "b2"), true, 2, false, ProgressListener.NONE).ok());
    }

    /** Without its root an incremental backup cannot reach its holders: said, not mistaken for damage. */
    @Test
    void anIncrementalGivenWithoutItsRootIsAUsageError() {
        Store source = Backends.NIO.open(tmp, "src");
        SampleTree tree = SampleTrees.core("node0").writeTo(source, "");
        Store backups = Backends.NIO.open(tmp, "backups");
        full(source, backups, "b1");
        addWal(source, "node0", tree.node("node0").walLast() + 1);
        incremental(source, backups, "b2");
        Ib3Exception e = assertThrows(Ib3Exception.class, () -> VerifyJob.verify(Backends.NIO.open(tmp, "backups/b2"), false, 2,
                ProgressListener.NONE));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("incremental"), e.getMessage());
    }
}
