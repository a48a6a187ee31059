package io.ib3.exec;

import io.ib3.error.ExitCode;
import io.ib3.error.Ib3Exception;
import io.ib3.manifest.ManifestCodec;
import io.ib3.report.ProgressListener;
import io.ib3.sample.SampleTrees;
import io.ib3.store.Store;
import io.ib3.testing.Backends;
import io.ib3.testing.HookedStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.ib3.testing.TreeAssert.assertSameTree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Restore's safety rules (design.md rule 5): what it refuses, and that --force loses nothing. */
class RestoreSafetyTest {

    @TempDir
    Path tmp;

    private Store source;
    private Store backup;

    private void backup(Backends backend) {
        source = backend.open(tmp, "src");
        SampleTrees.core("node0").writeTo(source, "");
        Store backups = backend.open(tmp, "backups");
        BackupJob.run(source, "", backups, new BackupJob.Options("b1", false, 2, 3), ProgressListener.NONE);
        backup = backups.at("b1");
    }

    private static RestoreJob.Options options(boolean force, boolean deep, Duration liveCheck) {
        return new RestoreJob.Options(force, deep, 2, liveCheck, null);
    }

    private static Ib3Exception refused(Store backup, Store target, RestoreJob.Options o) {
        Ib3Exception e = assertThrows(Ib3Exception.class,
                () -> RestoreJob.run(RestoreJob.preview(backup, target, o, ProgressListener.NONE), backup, target, o, ProgressListener.NONE));
        assertEquals(ExitCode.REFUSED, e.exitCode(), e.getMessage());
        return e;
    }

    /** A previous server's tree in the target: another node with other data. */
    private static Map<String, byte[]> occupy(Store target) {
        SampleTrees.core("old-node").snapshots(2).seed(99).writeTo(target, "");
        return Backends.contents(target, "");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Backends.class)
    void nonEmptyTargetIsRefusedAndLeftUnchanged(Backends backend) {
        backup(backend);
        Store target = backend.open(tmp, "target");
        Map<String, byte[]> before = occupy(target);
        Ib3Exception e = refused(backup, target, options(false, false, Duration.ZERO));
        assertTrue(e.getMessage().contains("not empty"), e.getMessage());
        assertTrue(e.getMessage().contains("old-node/"), "names an object: " + e.getMessage());
        assertSameTree(before, Backends.contents(target, ""));
        try (Stream<io.ib3.store.Entry> all = target.list("")) {
            assertEquals(before.size(), all.count(), "no quarantine, no journal");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Backends.class)
    void forceMovesTheOldTreeToAQuarantineAndDeletesNothing(Backends backend) throws Exception {
        backup(backend);
        Store target = backend.open(tmp, "target");
        Map<String, byte[]> before = occupy(target);
        RestoreJob.Options o = options(true, true, Duration.ZERO);
        RestoreJob.Outcome out = RestoreJob.run(RestoreJob.preview(backup, target, o, ProgressListener.NONE), backup, target, o,
                ProgressListener.NONE);
        assertNotNull(out.quarantine());
        assertTrue(out.quarantine().startsWith(RestoreJob.QUARANTINE), out.quarantine());
        // the old tree, whole and byte for byte, under the quarantine prefix with its own keys
        assertSameTree(before, Backends.contents(target.at(out.quarantine()), ""));
        assertSameTree(Backends.contents(source, ""), Backends.contents(target, ""));

        // and it can be put back: the quarantined tree restored into a fresh location is the old one
        Store back = backend.open(tmp, "back");
        Store q = target.at(out.quarantine());
        try (Stream<io.ib3.store.Entry> s = q.list("")) {
            for (io.ib3.store.Entry e : (Iterable<io.ib3.store.Entry>) s::iterator) {
                try (InputStream in = q.open(e.key())) {
                    back.write(e.key(), in, e.size());
                }
            }
        }
        assertSameTree(before, Backends.contents(back, ""));
    }

    @Test
    void incompleteBackupIsRefused() {
        backup(Backends.NIO);
        backup.delete(ManifestCodec.FILE);
        Ib3Exception e = refused(backup, Backends.NIO.open(tmp, "target"), options(false, false, Duration.ZERO));
        assertTrue(e.getMessage().contains("incomplete"), e.getMessage());
    }

    @Test
    void folderWithoutManifestOrJournalIsRefused() {
        Store plain = Backends.NIO.open(tmp, "plain");
        SampleTrees.core("node0").writeTo(plain, "");
        Ib3Exception e = refused(plain, Backends.NIO.open(tmp, "target"), options(false, false, Duration.ZERO));
        assertTrue(e.getMessage().contains("no ib3 manifest"), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Backends.class)
    void backupFailingVerificationIsRefusedAndNothingIsWritten(Backends backend) throws Exception {
        backup(backend);
        String parquet = ManifestCodec.read(backup).entries().stream().filter(e -> e.key().endsWith(".parquet")).findFirst()
                .orElseThrow().key();
        byte[] bytes;
        try (InputStream in = backup.open(parquet)) {
            bytes = in.readAllBytes();
        }
        bytes[bytes.length / 2] ^= 0x01;
        backup.write(parquet, new ByteArrayInputStream(bytes), bytes.length);
        Store target = backend.open(tmp, "target");
        // a flipped byte keeps the size: only a deep verification sees it
        Ib3Exception e = refused(backup, target, options(false, true, Duration.ZERO));
        assertTrue(e.getMessage().contains("fails verification") && e.getMessage().contains(parquet), e.getMessage());
        assertEquals(Map.of(), Backends.contents(target, ""));

        backup.delete(parquet);
        e = refused(backup, target, options(false, false, Duration.ZERO));
        assertTrue(e.getMessage().contains(parquet), e.getMessage());
        assertEquals(Map.of(), Backends.contents(target, ""));
    }

    /** A server keeps writing WAL files in the target: the two listings of the live check differ. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Backends.class)
    void liveTargetIsRefusedEvenWithForce(Backends backend) {
        backup(backend);
        Store real = backend.open(tmp, "target");
        Map<String, byte[]> before = occupy(real);
        byte[] wal = "a new WAL file".getBytes();
        List<String> serverWrites = new java.util.ArrayList<>();
        HookedStore target = new HookedStore(real).beforeList(n -> {
            String key = String.format("old-node/wal/%020d.wal", 90000 + n);
            real.write(key, new ByteArrayInputStream(wal), wal.length);
            serverWrites.add(key);
        });
        Ib3Exception e = refused(backup, target, options(true, false, Duration.ofMillis(20)));
        assertTrue(e.getMessage().contains("looks live") && e.getMessage().contains("old-node/wal/"), e.getMessage());
        Map<String, byte[]> after = Backends.contents(real, "");
        serverWrites.forEach(k -> assertArrayEquals(wal, after.remove(k)));
        assertSameTree(before, after);
        assertEquals(List.of(), target.dataWrites(), "restore wrote nothing");
    }

    private static void assertArrayEquals(byte[] a, byte[] b) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(a, b);
    }
}
