package io.ib3.exec;

import io.ib3.error.ExitCode;
import io.ib3.error.Ib3Exception;
import io.ib3.layout.Seqs;
import io.ib3.layout.WalHeader;
import io.ib3.manifest.BackupCatalog;
import io.ib3.manifest.BackupInfo;
import io.ib3.manifest.BackupRef;
import io.ib3.manifest.ManifestCodec;
import io.ib3.plan.Retention;
import io.ib3.report.ProgressListener;
import io.ib3.sample.SampleTree;
import io.ib3.sample.SampleTrees;
import io.ib3.store.Entry;
import io.ib3.store.Keys;
import io.ib3.store.Store;
import io.ib3.testing.Backends;
import io.ib3.testing.HookedStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static io.ib3.testing.TreeAssert.assertSameTree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Retention over incremental chains: removing a backup never breaks one that stays (its objects
 * that kept backups name stay where they are), a preview changes nothing, a run killed half way is
 * finished by the next, and incomplete, adopted and invalid backups are handled explicitly.
 */
class PruneTest {

    @TempDir
    Path tmp;

    private Store source;
    private SampleTree tree;
    private Store backups;
    /** The source as each backup saw it (staging and derived files left out), by backup name. */
    private final Map<String, Map<String, byte[]>> points = new LinkedHashMap<>();
    private long wal;

    private void chain(Backends backend, String... names) {
        source = backend.open(tmp, "src");
        tree = SampleTrees.core("node0").writeTo(source, "");
        backups = backend.open(tmp, "backups");
        wal = tree.node("node0").walLast();
        for (String name : names) {
            backup(name, !points.isEmpty());
        }
    }

    /** One more WAL file in the source, then a backup (incremental unless it is the first). */
    private BackupJob.Outcome backup(String name, boolean incremental) {
        if (!points.isEmpty()) {
            byte[] w = WalHeader.frame(("writes " + wal).getBytes(StandardCharsets.US_ASCII));
            source.write(Keys.join("node0", Seqs.walPath(++wal)), new ByteArrayInputStream(w), w.length);
        }
        BackupJob.Options o = BackupJob.Options.defaults().withName(name);
        BackupJob.Outcome out = BackupJob.run(source, "", backups, incremental ? o.incrementalOn(null) : o, ProgressListener.NONE);
        Map<String, byte[]> seen = Backends.contents(source, "");
        seen.keySet().removeIf(k -> tree.stagingKeys().contains(k) || tree.derivedKeys().contains(k));
        points.put(name, seen);
        return out;
    }

    private void assertRestores(Backends backend, String name) {
        BackupRef ref = new BackupRef(backups, name);
        VerifyJob.Outcome v = VerifyJob.verify(ref, true, 2, false, ProgressListener.NONE);
        assertTrue(v.ok(), name + ": " + v.report().problems());
        Store target = backend.open(tmp, "restored-" + name + "-" + System.nanoTime());
        RestoreJob.Options o = new RestoreJob.Options(false, true, 2, Duration.ZERO, null);
        RestoreJob.run(RestoreJob.preview(ref, target, o, ProgressListener.NONE), ref, target, o, ProgressListener.NONE);
        assertSameTree(points.get(name), Backends.contents(target, ""));
    }

    private Map<String, Long> everything() {
        Map<String, Long> out = new java.util.TreeMap<>();
        try (Stream<Entry> s = backups.list("")) {
            s.forEach(e -> out.put(e.key(), e.size()));
        }
        return out;
    }

    private static PruneJob.Options keepLast(int n, boolean apply) {
        return new PruneJob.Options(new Retention.Policy(n, 0, 0, 0, 0), false, apply);
    }

    private BackupInfo.State state(String name) {
        return BackupCatalog.list(backups).backups().stream().filter(b -> b.name().equals(name)).findFirst().orElseThrow().state();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Backends.class)
    void pruningAChainKeepsEveryKeptBackupWhole(Backends backend) {
        chain(backend, "b1", "b2", "b3");
        Map<String, Long> before = everything();

        PruneJob.Outcome preview = PruneJob.prune(backups, keepLast(2, false), ProgressListener.NONE);
        assertFalse(preview.applied());
        assertEquals(1, preview.removed());
        assertEquals(before, everything(), "a preview changes nothing");
        PruneJob.Item b1 = preview.items().stream().filter(i -> i.name().equals("b1")).findFirst().orElseThrow();
        assertEquals(PruneJob.Action.REMOVE, b1.action());
        assertTrue(b1.heldObjects() > 0 && b1.heldFor().containsAll(List.of("b2", "b3")), "b1 holds what b2 and b3 use: " + b1);
        assertTrue(b1.freeObjects() > 0, "b1's catalog checkpoints are its own alone");

        PruneJob.Outcome done = PruneJob.prune(backups, keepLast(2, true), ProgressListener.NONE);
        assertTrue(done.applied());
        assertEquals(preview.freeObjects(), done.freeObjects(), "the preview said what would go");
        assertEquals(BackupInfo.State.RETIRED, state("b1"));
        assertRestores(backend, "b2");
        assertRestores(backend, "b3");
        assertThrows(Ib3Exception.class, () -> VerifyJob.verify(new BackupRef(backups, "b1"), false, 2, false, ProgressListener.NONE));

        // later: a new full backup and an incremental on it; keeping 2 lets the whole old chain go
        backup("b4", false);
        backup("b5", true);
        PruneJob.prune(backups, keepLast(2, true), ProgressListener.NONE);
        assertEquals(List.of("b4", "b5"), BackupCatalog.list(backups).backups().stream().map(BackupInfo::name).toList(),
                "nothing of b1, b2, b3 is used any more: their folders are gone");
        assertRestores(backend, "b4");
        assertRestores(backend, "b5");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Backends.class)
    void deletingAParentKeepsWhatItsChildrenUse(Backends backend) {
        chain(backend, "b1", "b2", "b3");
        PruneJob.Outcome preview = PruneJob.delete(backups, "b2", false, ProgressListener.NONE);
        assertEquals(BackupInfo.State.COMPLETE, state("b2"), "a preview deletes nothing");
        assertEquals(1, preview.removed());
        PruneJob.delete(backups, "b2", true, ProgressListener.NONE);
        assertEquals(BackupInfo.State.RETIRED, state("b2"));
        assertRestores(backend, "b1");
        assertRestores(backend, "b3");
        // and once b3 goes too, b2's remains go with it
        PruneJob.delete(backups, "b3", true, ProgressListener.NONE);
        assertEquals(List.of("b1"), BackupCatalog.list(backups).backups().stream().map(BackupInfo::name).toList());
        assertRestores(backend, "b1");
    }

    /** A prune that dies half way (here: a delete that fails) leaves every kept backup whole; the next run finishes it. */
    @Test
    void aPruneKilledHalfWayIsFinishedByTheNext() {
        chain(Backends.NIO, "b1", "b2", "b3", "b4");
        Store real = backups;
        AtomicInteger deletes = new AtomicInteger();
        backups = new HookedStore(real).beforeDelete(k -> {
            if (deletes.incrementAndGet() == 3) {
                throw new io.ib3.store.StoreException("injected: the process died here", null);
            }
        });
        assertThrows(io.ib3.store.StoreException.class, () -> PruneJob.prune(backups, keepLast(1, true), ProgressListener.NONE));
        backups = real;
        assertRestores(Backends.NIO, "b4");
        PruneJob.Outcome rerun = PruneJob.prune(backups, keepLast(1, true), ProgressListener.NONE);
        assertTrue(rerun.applied());
        assertEquals(List.of("b1", "b2", "b3", "b4"), BackupCatalog.list(backups).backups().stream().map(BackupInfo::name).toList());
        assertTrue(BackupCatalog.list(backups).backups().stream().limit(3).allMatch(b -> b.state() == BackupInfo.State.RETIRED));
        assertRestores(Backends.NIO, "b4");
        PruneJob.Outcome third = PruneJob.prune(backups, keepLast(1, true), ProgressListener.NONE);
        assertEquals(0, third.freeObjects(), "nothing left to do");
    }

    @Test
    void incompleteAdoptedAndInvalidBackupsAreHandledExplicitly() {
        chain(Backends.NIO, "b1", "b2");
        // an interrupted run: a journal and no manifest
        HookedStore failing = new HookedStore(backups).failWrite(2);
        assertThrows(Ib3Exception.class, () -> BackupJob.run(source, "", failing, BackupJob.Options.defaults().withName("b3"),
                ProgressListener.NONE));
        assertEquals(BackupInfo.State.INCOMPLETE, state("b3"));
        PruneJob.Outcome o = PruneJob.prune(backups, keepLast(1, true), ProgressListener.NONE);
        PruneJob.Item b3 = o.items().stream().filter(i -> i.name().equals("b3")).findFirst().orElseThrow();
        assertEquals(PruneJob.Action.LEAVE, b3.action());
        assertTrue(b3.reasons().get(0).contains("incomplete"), b3.reasons().toString());
        assertEquals(BackupInfo.State.INCOMPLETE, state("b3"));
        // delete removes it on request
        PruneJob.delete(backups, "b3", true, ProgressListener.NONE);
        assertTrue(BackupCatalog.list(backups).backups().stream().noneMatch(b -> b.name().equals("b3")));

        // a manifest that does not read: nothing beside it may go
        backups.write("b9/" + ManifestCodec.FILE, new ByteArrayInputStream("{".getBytes(StandardCharsets.US_ASCII)), 1);
        Ib3Exception e = assertThrows(Ib3Exception.class, () -> PruneJob.prune(backups, keepLast(1, true), ProgressListener.NONE));
        assertEquals(ExitCode.REFUSED, e.exitCode());
        assertTrue(e.getMessage().contains("b9") && e.hints().get(0).contains("backups delete"), e.getMessage());
        PruneJob.delete(backups, "b9", true, ProgressListener.NONE);
        assertRestores(Backends.NIO, "b2");

        // a policy that keeps nothing is no policy
        assertEquals(ExitCode.USAGE, assertThrows(Ib3Exception.class,
                () -> PruneJob.prune(backups, keepLast(0, false), ProgressListener.NONE)).exitCode());
    }

    @Test
    void adoptedBackupsStayUnlessIncluded() throws Exception {
        chain(Backends.NIO, "b1");
        // a copy of the source made by something else, then adopted
        Store copy = backups.at("copied");
        Backends.contents(source, "").forEach((k, v) -> {
            if (!tree.stagingKeys().contains(k) && !tree.derivedKeys().contains(k)) {
                copy.write(k, new ByteArrayInputStream(v), v.length);
            }
        });
        assertTrue(AdoptJob.run(copy, new AdoptJob.Options(null, false, 0, false), ProgressListener.NONE).ok());
        backup("b2", false);
        PruneJob.Outcome kept = PruneJob.prune(backups, keepLast(1, false), ProgressListener.NONE);
        assertEquals(PruneJob.Action.LEAVE, kept.items().stream().filter(i -> i.name().equals("copied")).findFirst().orElseThrow().action());
        PruneJob.Outcome included = PruneJob.prune(backups, new PruneJob.Options(new Retention.Policy(1, 0, 0, 0, 0), true, false),
                ProgressListener.NONE);
        assertEquals(PruneJob.Action.REMOVE, included.items().stream().filter(i -> i.name().equals("copied")).findFirst().orElseThrow().action());
    }
}
