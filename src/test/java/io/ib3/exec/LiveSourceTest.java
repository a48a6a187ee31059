package io.ib3.exec;

import io.ib3.error.ExitCode;
import io.ib3.error.Ib3Exception;
import io.ib3.layout.Seqs;
import io.ib3.manifest.ManifestCodec;
import io.ib3.manifest.RecoveryPoint;
import io.ib3.report.ProgressListener;
import io.ib3.sample.SampleTree;
import io.ib3.sample.SampleTrees;
import io.ib3.store.Store;
import io.ib3.testing.Backends;
import io.ib3.testing.HookedStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A source that a server keeps writing while the backup copies: between copy phases a newer
 * snapshot and its Parquet files appear, WAL files below the newest snapshot's WAL number less the
 * kept ones are deleted, and the catalog grows (new logs, a rewritten checkpoint). The backup
 * extends its cut and verifies, or fails with no manifest; it never writes a manifest for an
 * inconsistent copy.
 */
class LiveSourceTest {

    private static final int WAL_KEPT = 3;

    @TempDir
    Path tmp;

    /** The tree now (5 snapshots) and what the server makes of it next (6 snapshots, one more database in the catalog). */
    private record Server(Store source, SampleTree now, Map<String, byte[]> next, Map<String, byte[]> nextCatalog, SampleTree later) {
    }

    private Server server(Backends backend) {
        return server(backend, 2);
    }

    private Server server(Backends backend, int walAfterSnapshot) {
        Store source = backend.open(tmp, "src");
        SampleTree now = SampleTrees.core("node0").snapshots(5).walKept(WAL_KEPT).walAfterSnapshot(walAfterSnapshot).writeTo(source, "");
        Store future = Backends.NIO.open(tmp, "future");
        SampleTree later = SampleTrees.core("node0").snapshots(6).walKept(WAL_KEPT).writeTo(future, "");
        Store grown = Backends.NIO.open(tmp, "grown");
        SampleTrees.core("node0").snapshots(1).database("sensors", "cpu", "mem").database("extra", "t").writeTo(grown, "");
        return new Server(source, now, Backends.contents(future, ""), Backends.contents(grown, "node0/catalog"), later);
    }

    /** One step of the server: what a newer snapshot does to the object store. */
    private static void advance(Server s) {
        Store src = s.source();
        Map<String, byte[]> present = Backends.contents(src, "");
        // the new snapshot's Parquet files and WAL files appear (objects are immutable: existing ones stay)
        s.next().forEach((k, v) -> {
            if (!present.containsKey(k)) {
                src.write(k, new ByteArrayInputStream(v), v.length);
            }
        });
        // the server deletes WAL files below the newest snapshot's WAL number less the ones it keeps
        long keepFrom = s.later().node("node0").walSequence() - WAL_KEPT + 1;
        for (String k : present.keySet()) {
            if (k.startsWith("node0/wal/") && Long.parseLong(k.substring(10, k.indexOf('.'))) < keepFrom) {
                src.delete(k);
            }
        }
        // the catalog moves on: new logs, and the checkpoint is rewritten in place (another size)
        s.nextCatalog().forEach((k, v) -> {
            String key = "node0/catalog/" + k;
            if (!present.containsKey(key) || k.equals("v3/snapshot")) {
                src.write(key, new ByteArrayInputStream(v), v.length);
            }
        });
    }

    /** The WAL phase starts: the server moves on before any WAL file is read (parallel readers wait for it). */
    private static void advanceAtFirstWal(Server s, String key, AtomicBoolean moved) {
        if (key.startsWith("node0/wal/")) {
            synchronized (moved) {
                if (moved.compareAndSet(false, true)) {
                    advance(s);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Backends.class)
    void newerSnapshotDuringTheCopyExtendsTheCut(Backends backend) {
        Server s = server(backend);
        assertNotEquals(s.now().node("node0").newestSnapshot(), s.later().node("node0").newestSnapshot());
        AtomicBoolean moved = new AtomicBoolean();
        HookedStore source = new HookedStore(s.source()).beforeOpen(k -> {
            advanceAtFirstWal(s, k, moved);
        });
        Store backups = backend.open(tmp, "backups");
        BackupJob.Outcome o = BackupJob.run(source, "", backups, new BackupJob.Options("b1", false, 2, 3), ProgressListener.NONE);
        assertTrue(moved.get());
        assertTrue(o.rounds() > 1, "the cut was extended");
        Store backup = backups.at("b1");
        VerifyJob.Outcome v = VerifyJob.verify(backup, true, 2, ProgressListener.NONE);
        assertTrue(v.ok(), v.report().problems().toString());

        long newest = s.later().node("node0").newestSnapshot();
        RecoveryPoint rp = o.manifest().recoveryPoint().get(0);
        assertEquals(newest, rp.snapshot(), "the recovery point is the newest snapshot in the backup");
        assertTrue(backup.stat("node0/" + Seqs.snapshotPath(newest)).isPresent());
        assertEquals(s.later().node("node0").walSequence() + 1, rp.walFirst());
        assertEquals(s.later().node("node0").walLast(), rp.walLast());
        // the catalog in the backup is the one the server has now
        assertEquals(s.nextCatalog().get("v3/snapshot").length, backup.stat("node0/catalog/v3/snapshot").orElseThrow().size());
    }

    /**
     * Every WAL file after the newest snapshot is deleted once a newer snapshot covers it: a copy
     * with the older snapshot and no WAL after it passes the contiguity rule, yet lost that data.
     */
    @ParameterizedTest(name = "rounds {0}")
    @ValueSource(ints = {1, 3})
    void vanishedWalAfterTheCopiedSnapshotIsNotTakenForAConsistentCopy(int rounds) {
        Server s = server(Backends.NIO, 1);
        AtomicBoolean moved = new AtomicBoolean();
        HookedStore source = new HookedStore(s.source()).beforeOpen(k -> {
            advanceAtFirstWal(s, k, moved);
        });
        Store backups = Backends.NIO.open(tmp, "backups");
        BackupJob.Options options = new BackupJob.Options("b1", false, 2, rounds);
        if (rounds == 1) {
            Ib3Exception e = assertThrows(Ib3Exception.class, () -> BackupJob.run(source, "", backups, options, ProgressListener.NONE));
            assertTrue(e.getMessage().contains("node0/wal/") && e.getMessage().contains("vanished"), e.getMessage());
            assertFalse(backups.at("b1").stat(ManifestCodec.FILE).isPresent());
            return;
        }
        BackupJob.Outcome o = BackupJob.run(source, "", backups, options, ProgressListener.NONE);
        assertTrue(o.rounds() > 1, "the cut was extended");
        assertEquals(s.later().node("node0").newestSnapshot(), o.manifest().recoveryPoint().get(0).snapshot());
        assertTrue(VerifyJob.verify(backups.at("b1"), false, 2, ProgressListener.NONE).ok());
    }

    @Test
    void withoutRoundsToSpareTheBackupFailsWithoutAManifest() {
        Server s = server(Backends.NIO);
        AtomicBoolean moved = new AtomicBoolean();
        HookedStore source = new HookedStore(s.source()).beforeOpen(k -> {
            advanceAtFirstWal(s, k, moved);
        });
        Store backups = Backends.NIO.open(tmp, "backups");
        Ib3Exception e = assertThrows(Ib3Exception.class,
                () -> BackupJob.run(source, "", backups, new BackupJob.Options("b1", false, 2, 1), ProgressListener.NONE));
        assertEquals(ExitCode.FAILED, e.exitCode());
        assertTrue(e.getMessage().contains("not consistent") || e.getMessage().contains("changed"), e.getMessage());
        assertFalse(backups.at("b1").stat(ManifestCodec.FILE).isPresent());
        // and the same command again finishes it from where it stopped
        BackupJob.Outcome o = BackupJob.run(source, "", backups, new BackupJob.Options("b1", false, 2, 1), ProgressListener.NONE);
        assertTrue(o.skipped() > 0);
        assertEquals(s.later().node("node0").newestSnapshot(), o.manifest().recoveryPoint().get(0).snapshot());
        assertTrue(VerifyJob.verify(backups.at("b1"), true, 2, ProgressListener.NONE).ok());
    }

    @Test
    void aSourceThatKeepsMovingNeverGetsAManifestForAnInconsistentCopy() {
        Server s = server(Backends.NIO);
        // every round: the WAL the copy needs vanishes before it is read
        HookedStore source = new HookedStore(s.source()).beforeOpen(k -> {
            if (k.startsWith("node0/wal/")) {
                s.source().delete(k);
            }
        });
        Store backups = Backends.NIO.open(tmp, "backups");
        Ib3Exception e = assertThrows(Ib3Exception.class,
                () -> BackupJob.run(source, "", backups, new BackupJob.Options("b1", false, 2, 3), ProgressListener.NONE));
        assertEquals(ExitCode.FAILED, e.exitCode());
        assertTrue(e.getMessage().contains("not consistent after 3 round(s)"), e.getMessage());
        assertTrue(e.getMessage().contains("node0/wal/"), e.getMessage());
        assertTrue(e.hints().stream().anyMatch(h -> h.contains("changed faster than it could be copied")), e.hints().toString());
        assertFalse(e.hints().stream().anyMatch(h -> h.contains("source itself is inconsistent")), e.hints().toString());
        assertFalse(backups.at("b1").stat(ManifestCodec.FILE).isPresent());
    }

    /**
     * A Parquet file whose size differs from its snapshot's record is not a source that moves: the
     * server never rewrites Parquet. The backup stops after one round and says the source itself is
     * inconsistent, not that it changed faster than it could be copied.
     */
    @Test
    void anInconsistentSourceIsNamedAsSuchAndNotCopiedAgainAndAgain() {
        Server s = server(Backends.NIO);
        String parquet = s.now().keys().stream().filter(k -> k.endsWith(".parquet")).findFirst().orElseThrow();
        byte[] other = "PAR1 not what the snapshot records PAR1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        s.source().write(parquet, new ByteArrayInputStream(other), other.length);
        Store backups = Backends.NIO.open(tmp, "backups");
        Ib3Exception e = assertThrows(Ib3Exception.class,
                () -> BackupJob.run(s.source(), "", backups, new BackupJob.Options("b1", false, 2, 3), ProgressListener.NONE));
        assertEquals(ExitCode.FAILED, e.exitCode());
        assertTrue(e.getMessage().contains("after 1 round(s)") && e.getMessage().contains(parquet), e.getMessage());
        assertTrue(e.hints().stream().anyMatch(h -> h.contains("source itself is inconsistent") && h.contains(parquet)), e.hints().toString());
        assertFalse(e.hints().stream().anyMatch(h -> h.contains("changed faster")), e.hints().toString());
        assertFalse(backups.at("b1").stat(ManifestCodec.FILE).isPresent());
    }

    /** A second round's progress counts against that round's totals and says which round it is. */
    @Test
    void aSecondRoundReportsItsOwnProgress() {
        Server s = server(Backends.NIO);
        AtomicBoolean moved = new AtomicBoolean();
        HookedStore source = new HookedStore(s.source()).beforeOpen(k -> advanceAtFirstWal(s, k, moved));
        Store backups = Backends.NIO.open(tmp, "backups");
        java.util.List<String> phases = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.List<long[]> totals = new java.util.concurrent.CopyOnWriteArrayList<>();
        ProgressListener recorder = new ProgressListener() {
            @Override
            public void started(String operation, long files, long bytes) {
                totals.add(new long[] {files, bytes});
            }

            @Override
            public void phaseStarted(String phase, long files, long bytes) {
                phases.add(phase);
            }
        };
        BackupJob.Outcome o = BackupJob.run(source, "", backups, new BackupJob.Options("b1", false, 2, 3), recorder);
        assertTrue(o.rounds() > 1);
        assertEquals(o.rounds(), totals.size(), "each round starts its own count");
        assertTrue(phases.stream().anyMatch(p -> p.startsWith("round 2 ")), phases.toString());
        assertTrue(phases.stream().anyMatch(p -> p.startsWith("snapshots")), "the first round's phases are not prefixed");
    }
}
