package io.ib3.reliability;

import io.ib3.error.ExitCode;
import io.ib3.error.Ib3Exception;
import io.ib3.exec.BackupJob;
import io.ib3.exec.RestoreJob;
import io.ib3.exec.VerifyJob;
import io.ib3.manifest.Manifest;
import io.ib3.manifest.ManifestCodec;
import io.ib3.report.ProgressListener;
import io.ib3.sample.SampleTrees;
import io.ib3.store.Store;
import io.ib3.testing.Backends;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code restore --force} moves what the target held to {@code ib3-quarantine-…/} with a manifest
 * of its own, and a second restore from that folder gets the old state back byte for byte: for an
 * InfluxDB tree restored earlier, for an inconsistent tree (only with {@code --force}, which the
 * refusal asks for), and for files that are no InfluxDB tree at all.
 */
class QuarantineRestoreTest {

    @TempDir
    Path tmp;

    private static RestoreJob.Outcome restore(Store backup, Store target, boolean force) {
        RestoreJob.Options o = new RestoreJob.Options(force, true, 2, Duration.ZERO, null);
        return RestoreJob.run(RestoreJob.preview(backup, target, o, ProgressListener.NONE), backup, target, o, ProgressListener.NONE);
    }

    private static Store backup(Backends backend, Path tmp, String name, int snapshots, long seed) {
        Store source = backend.open(tmp, "src-" + name);
        SampleTrees.core("node0").snapshots(snapshots).seed(seed).writeTo(source, "");
        Store backups = backend.open(tmp, "backups-" + name);
        BackupJob.run(source, "", backups, new BackupJob.Options(name, false, 2, 3), ProgressListener.NONE);
        return backups.at(name);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Backends.class)
    void aForcedRestoreCanBeUndoneFromItsQuarantine(Backends backend) {
        Store a = backup(backend, tmp, "a", 3, 1);
        Store b = backup(backend, tmp, "b", 5, 2);
        Store target = backend.open(tmp, "target");
        restore(a, target, false);
        Map<String, byte[]> stateA = Backends.contents(target, "");

        RestoreJob.Outcome forced = restore(b, target, true);
        Store quarantine = target.at(forced.quarantine());
        Manifest m = ManifestCodec.read(quarantine);
        assertEquals(stateA.size(), m.entries().size(), "every moved object is in the quarantine's manifest");
        assertTrue(m.entries().stream().allMatch(e -> e.crc32c() != null));
        assertEquals(io.ib3.layout.Product.CORE, m.product());
        assertEquals(ManifestCodec.read(a).recoveryPoint(), m.recoveryPoint(), "the quarantine restores to where A did");
        VerifyJob.Outcome v = VerifyJob.verify(quarantine, true, 2, ProgressListener.NONE);
        assertTrue(v.ok(), v.report().problems().toString());

        Store back = backend.open(tmp, "back");
        RestoreJob.Outcome undone = restore(quarantine, back, true);
        assertTrue(undone.preview().warnings().stream().anyMatch(w -> w.contains("quarantine")), undone.preview().warnings().toString());
        assertSameTree(stateA, Backends.contents(back, ""));

        // a second forced restore right away gets a quarantine of its own: B's files never land among A's
        RestoreJob.Outcome again = restore(a, target, true);
        assertNotEquals(forced.quarantine(), again.quarantine());
        assertSameTree(stateA, Backends.contents(target.at(forced.quarantine()), ""));
        assertSameTree(Backends.contents(b, ""), Backends.contents(target.at(again.quarantine()), ""));
    }

    /**
     * A target whose tree was not consistent (a WAL file after the newest snapshot is gone) is
     * quarantined as it was; verify says what it already lacked as warnings, and restore puts it back
     * only with --force, as putting back a tree known to lose data should be a deliberate act.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Backends.class)
    void anInconsistentOldTargetComesBackOnlyWithForce(Backends backend) {
        Store b = backup(backend, tmp, "b", 2, 2);
        Store target = backend.open(tmp, "target");
        SampleTrees.core("old").snapshots(3).walAfterSnapshot(3).seed(5).writeTo(target, "");
        target.delete("old/wal/00000000014.wal");
        target.write("notes/readme.txt", new ByteArrayInputStream("kept".getBytes(StandardCharsets.UTF_8)), 4);
        Map<String, byte[]> old = Backends.contents(target, "");

        RestoreJob.Outcome forced = restore(b, target, true);
        Store quarantine = target.at(forced.quarantine());
        VerifyJob.Outcome v = VerifyJob.verify(quarantine, true, 2, ProgressListener.NONE);
        assertTrue(v.ok(), v.report().problems().toString());
        assertTrue(v.report().warnings().stream().anyMatch(w -> w.path().equals("old/wal/") && w.problem().contains("already so")),
                v.report().warnings().toString());

        Store back = backend.open(tmp, "back");
        Ib3Exception e = assertThrows(Ib3Exception.class, () -> restore(quarantine, back, false));
        assertEquals(ExitCode.REFUSED, e.exitCode());
        assertTrue(e.getMessage().contains("not consistent") && e.getMessage().contains("old/wal/"), e.getMessage());
        assertTrue(e.hints().get(0).contains("--force"), e.hints().toString());
        assertTrue(Backends.contents(back, "").isEmpty(), "nothing written");

        restore(quarantine, back, true);
        assertSameTree(old, Backends.contents(back, ""));

        // damage found later is still damage: it was not there when the target was quarantined
        target.delete(forced.quarantine() + "/notes/readme.txt");
        assertTrue(!VerifyJob.verify(quarantine, false, 2, ProgressListener.NONE).ok());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Backends.class)
    void filesThatAreNoInfluxTreeComeBackToo(Backends backend) {
        Store b = backup(backend, tmp, "b", 2, 2);
        Store target = backend.open(tmp, "target");
        target.write("a.txt", new ByteArrayInputStream(new byte[] {1, 2, 3}), 3);
        target.write("deep/er/b.bin", new ByteArrayInputStream(new byte[100]), 100);
        Map<String, byte[]> old = Backends.contents(target, "");

        RestoreJob.Outcome forced = restore(b, target, true);
        Store quarantine = target.at(forced.quarantine());
        assertEquals(io.ib3.layout.Product.NONE, ManifestCodec.read(quarantine).product());
        Store back = backend.open(tmp, "back");
        restore(quarantine, back, false);
        assertSameTree(old, Backends.contents(back, ""));
    }

    private static void assertSameTree(Map<String, byte[]> expected, Map<String, byte[]> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((k, v) -> assertArrayEquals(v, actual.get(k), k));
        assertTrue(expected.values().stream().noneMatch(v -> Arrays.equals(v, null)));
    }
}
