package io.ib3.exec;

import io.ib3.error.Ib3Exception;
import io.ib3.layout.CatalogGeneration;
import io.ib3.manifest.ManifestCodec;
import io.ib3.manifest.ManifestEntry;
import io.ib3.manifest.RecoveryPoint;
import io.ib3.report.ProgressListener;
import io.ib3.sample.SampleTree;
import io.ib3.sample.SampleTreeBuilder;
import io.ib3.sample.SampleTrees;
import io.ib3.store.Store;
import io.ib3.testing.Backends;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.ib3.testing.TreeAssert.assertSameTree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Backup → verify (default and deep) → restore gives back the source tree byte for byte, for every
 * layout ib3 knows, on a local directory and on ram://.
 */
class RoundTripTest {

    @TempDir
    Path tmp;

    /** Source, backup root and restore target of one round trip. */
    private record Run(Store source, SampleTree tree, Store backups, Store backup, Store restored, BackupJob.Outcome outcome) {
    }

    private Run roundTrip(Backends backend, SampleTreeBuilder builder, String root, boolean includeDerived) {
        Store source = backend.open(tmp, "src");
        SampleTree tree = builder.writeTo(source, root);
        Store backups = backend.open(tmp, "backups");
        BackupJob.Outcome outcome = BackupJob.run(source, root, backups,
                new BackupJob.Options("b1", includeDerived, 3, 3), ProgressListener.NONE);
        Store backup = backups.at("b1");
        assertTrue(backup.stat(ManifestCodec.FILE).isPresent(), "manifest written");
        for (boolean deep : new boolean[] {false, true}) {
            VerifyJob.Outcome verified = VerifyJob.verify(backup, deep, 2, ProgressListener.NONE);
            assertTrue(verified.ok(), "verify deep=" + deep + ": " + verified.report().problems());
        }
        Store restored = backend.open(tmp, "restored");
        RestoreJob.Options options = new RestoreJob.Options(false, true, 2, Duration.ZERO, null);
        RestoreJob.Preview preview = RestoreJob.preview(backup, restored, options, ProgressListener.NONE);
        assertEquals(0, preview.existing());
        RestoreJob.run(preview, backup, restored, options, ProgressListener.NONE);
        return new Run(source, tree, backups, backup, restored, outcome);
    }

    /** What a restore must give back: the source less staging files and (by default) derived files. */
    private static Map<String, byte[]> expected(Run run, boolean withDerived) {
        Map<String, byte[]> all = Backends.contents(run.source(), run.tree().prefix());
        Map<String, byte[]> out = new TreeMap<>(all);
        String p = run.tree().prefix().isEmpty() ? "" : run.tree().prefix() + "/";
        run.tree().stagingKeys().forEach(k -> out.remove(k.substring(p.length())));
        if (!withDerived) {
            run.tree().derivedKeys().forEach(k -> out.remove(k.substring(p.length())));
        }
        return out;
    }

    private static List<String> phases(BackupJob.Outcome o) {
        return o.plan().steps().stream().map(s -> s.phase().of(s.node())).toList();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Backends.class)
    void coreV3WithStaleV1AndV2Catalogs(Backends backend) {
        Run run = roundTrip(backend, SampleTrees.core("node0").catalog(CatalogGeneration.V3).staleCatalogs(true), "", false);
        assertEquals(List.of(CatalogGeneration.V1, CatalogGeneration.V2), run.tree().staleGenerations());
        assertSameTree(expected(run, false), Backends.contents(run.restored(), ""));
        assertSameTree(expected(run, false), Backends.contents(run.backup(), ""));
        // the stale generations are in the backup, in their own phase before the live checkpoint
        assertTrue(run.outcome().manifest().entries().stream()
                .anyMatch(e -> e.phase().equals("catalog-stale node0") && e.key().contains("catalog/v2")),
                run.outcome().manifest().entries().toString());
        RecoveryPoint rp = run.outcome().manifest().recoveryPoint().get(0);
        assertEquals(run.tree().node("node0").newestSnapshot(), rp.snapshot());
        assertEquals(run.tree().node("node0").walSequence() + 1, rp.walFirst());
        assertEquals(run.tree().node("node0").walLast(), rp.walLast());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Backends.class)
    void coreV2(Backends backend) {
        Run run = roundTrip(backend, SampleTrees.core("node0").catalog(CatalogGeneration.V2).seed(2), "", false);
        assertEquals("v2", run.outcome().manifest().catalogGeneration());
        assertSameTree(expected(run, false), Backends.contents(run.restored(), ""));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Backends.class)
    void coreV1UnderAPrefix(Backends backend) {
        Run run = roundTrip(backend, SampleTrees.core("edge7").catalog(CatalogGeneration.V1).seed(1), "var/lib/influxdb3", false);
        assertEquals("v1", run.outcome().manifest().catalogGeneration());
        assertSameTree(expected(run, false), Backends.contents(run.restored(), ""));
        assertTrue(Backends.contents(run.backup(), "").keySet().stream().allMatch(k -> k.startsWith("edge7/")),
                "backup keys are relative to the data root");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Backends.class)
    void severalCoreNodesUnderOneRoot(Backends backend) {
        Store source = backend.open(tmp, "src");
        SampleTree a = SampleTrees.core("node-a").seed(11).writeTo(source, "");
        SampleTree b = SampleTrees.core("node-b").catalog(CatalogGeneration.V2).snapshots(3).seed(12).writeTo(source, "");
        Store backups = backend.open(tmp, "backups");
        BackupJob.Outcome o = BackupJob.run(source, "", backups, new BackupJob.Options("b1", false, 2, 3), ProgressListener.NONE);
        assertEquals(List.of("node-a", "node-b"), o.manifest().nodeIds());
        assertEquals(2, o.manifest().recoveryPoint().size());
        assertEquals(a.node("node-a").newestSnapshot(), o.manifest().recoveryPoint().get(0).snapshot());
        assertEquals(b.node("node-b").newestSnapshot(), o.manifest().recoveryPoint().get(1).snapshot());
        assertTrue(VerifyJob.verify(backups.at("b1"), true, 2, ProgressListener.NONE).ok());
        Store restored = backend.open(tmp, "restored");
        RestoreJob.Options options = new RestoreJob.Options(false, false, 2, Duration.ZERO, null);
        RestoreJob.run(RestoreJob.preview(backups.at("b1"), restored, options, ProgressListener.NONE), backups.at("b1"),
                restored, options, ProgressListener.NONE);
        assertSameTree(Backends.contents(source, ""), Backends.contents(restored, ""));
        // each node is copied whole (data, then its catalog) before the next starts
        List<String> phases = phases(o);
        assertTrue(phases.indexOf("catalog-checkpoint node-a") < phases.indexOf("snapshots node-b"), phases.toString());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Backends.class)
    void enterpriseWithTwoNodesAndACompactor(Backends backend) {
        Run run = roundTrip(backend, SampleTrees.enterprise("cluster0").nodes("ingest0", "ingest1").compactor("compactor0"), "", false);
        assertSameTree(expected(run, false), Backends.contents(run.restored(), ""));
        assertEquals(io.ib3.layout.Product.ENTERPRISE, run.outcome().manifest().product());
        assertEquals("cluster0", run.outcome().manifest().clusterId());
        List<String> phases = phases(run.outcome());
        assertEquals(List.of("compactor-cs compactor0", "compactor-cd compactor0", "compactor-c compactor0"), phases.subList(0, 3));
        assertEquals("licence cluster0", phases.get(phases.size() - 1));
        // written in that order too: every compactor object before any other, licences after everything
        List<ManifestEntry> entries = run.outcome().manifest().entries();
        List<String> written = entries.stream().map(ManifestEntry::phase).toList();
        int lastCompactor = lastIndexWhere(written, p -> p.startsWith("compactor-"));
        int firstOther = indexWhere(written, p -> !p.startsWith("compactor-"));
        assertTrue(lastCompactor < firstOther, written.toString());
        int firstLicence = indexWhere(written, p -> p.startsWith("licence"));
        assertTrue(firstLicence > 0 && written.subList(firstLicence, written.size()).stream().allMatch(p -> p.startsWith("licence")),
                written.toString());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Backends.class)
    void stagingFilesAreNeverCopied(Backends backend) {
        Run run = roundTrip(backend, SampleTrees.core("node0").staging(true), "", false);
        assertFalse(run.tree().stagingKeys().isEmpty());
        Map<String, byte[]> backedUp = Backends.contents(run.backup(), "");
        for (String k : run.tree().stagingKeys()) {
            assertFalse(backedUp.containsKey(k), k);
        }
        assertTrue(backedUp.keySet().stream().noneMatch(k -> k.contains("#")), backedUp.keySet().toString());
        assertSameTree(expected(run, false), Backends.contents(run.restored(), ""));
        assertTrue(run.outcome().plan().warnings().stream().anyMatch(w -> w.contains("staging")), run.outcome().plan().warnings().toString());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Backends.class)
    void derivedFilesAreLeftOutByDefault(Backends backend) {
        Run run = roundTrip(backend, SampleTrees.core("node0").derived(true), "", false);
        assertFalse(run.tree().derivedKeys().isEmpty());
        Map<String, byte[]> backedUp = Backends.contents(run.backup(), "");
        run.tree().derivedKeys().forEach(k -> assertFalse(backedUp.containsKey(k), k));
        assertSameTree(expected(run, false), Backends.contents(run.restored(), ""));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Backends.class)
    void derivedFilesAreCopiedFirstWhenAsked(Backends backend) {
        Run run = roundTrip(backend, SampleTrees.core("node0").derived(true), "", true);
        assertSameTree(expected(run, true), Backends.contents(run.restored(), ""));
        assertEquals("derived node0", phases(run.outcome()).get(0));
        List<String> written = run.outcome().manifest().entries().stream().map(ManifestEntry::phase).toList();
        int lastDerived = lastIndexWhere(written, p -> p.startsWith("derived"));
        int firstSnapshot = indexWhere(written, p -> p.startsWith("snapshots"));
        assertEquals(run.tree().derivedKeys().size() - 1, lastDerived);
        assertTrue(lastDerived < firstSnapshot, written.toString());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Backends.class)
    void filesRemovedByRetentionAreNoProblem(Backends backend) {
        Run run = roundTrip(backend, SampleTrees.core("node0").retention(true), "", false);
        assertFalse(run.tree().deletedKeys().isEmpty());
        assertSameTree(expected(run, false), Backends.contents(run.restored(), ""));
        assertTrue(run.outcome().consistency().ok());
    }

    /**
     * A Parquet file the source's snapshots reference but the source no longer has is a problem of
     * the source: the backup completes as a faithful copy and records it; verify says so (exit 5,
     * not damage), restore refuses it until accepted; accepted (at backup or later) it is a warning.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Backends.class)
    void referencedFileAbsentFromTheSourceIsASourceProblemUntilAccepted(Backends backend) {
        Store source = backend.open(tmp, "src");
        SampleTree tree = SampleTrees.core("node0").writeTo(source, "");
        String gone = tree.keys().stream().filter(k -> k.endsWith(".parquet")).findFirst().orElseThrow();
        source.delete(gone);
        Store backups = backend.open(tmp, "backups");
        BackupJob.Outcome o = BackupJob.run(source, "", backups, new BackupJob.Options("b1", false, 2, 3), ProgressListener.NONE);
        assertEquals(java.util.Set.of(gone), o.sourceGaps().keys());
        assertTrue(o.sourceGaps().unaccepted() && o.sourceGaps().confirmed());
        assertTrue(o.consistency().warnings().isEmpty(), "not a quiet warning on a good backup");

        VerifyJob.Outcome v = VerifyJob.verify(backups.at("b1"), true, 2, ProgressListener.NONE);
        assertTrue(v.report().problems().isEmpty(), "the backup itself is intact: " + v.report().problems());
        assertEquals(List.of(gone), v.report().sourceProblems().stream().map(p -> p.path()).toList());
        assertEquals(io.ib3.error.ExitCode.SOURCE_INCOMPLETE, v.report().exitCode());
        assertFalse(v.ok());
        VerifyJob.Outcome accepted = VerifyJob.verify(backups.at("b1"), false, 2, true, ProgressListener.NONE);
        assertTrue(accepted.ok());
        assertTrue(accepted.report().warnings().stream().anyMatch(w -> w.path().equals(gone)));

        Store target = backend.open(tmp, "target");
        Ib3Exception refused = assertThrows(Ib3Exception.class, () -> RestoreJob.preview(backups.at("b1"), target,
                RestoreJob.Options.defaults(), ProgressListener.NONE));
        assertEquals(io.ib3.error.ExitCode.REFUSED, refused.exitCode());
        assertTrue(refused.getMessage().contains(gone), refused.getMessage());
        assertTrue(refused.hints().stream().anyMatch(h -> h.contains("--accept-missing")));
        RestoreJob.Options accept = new RestoreJob.Options(false, false, 2, java.time.Duration.ZERO, null, true);
        RestoreJob.Preview preview = RestoreJob.preview(backups.at("b1"), target, accept, ProgressListener.NONE);
        RestoreJob.run(preview, backups.at("b1"), target, accept, ProgressListener.NONE);
        assertEquals(Backends.contents(source, "").keySet().stream().filter(k -> !k.contains("#") && !isDerived(k)).toList(),
                List.copyOf(Backends.contents(target, "").keySet()));

        BackupJob.Outcome b2 = BackupJob.run(source, "", backups, new BackupJob.Options("b2", false, 2, 3, true), ProgressListener.NONE);
        assertTrue(b2.sourceGaps().accepted());
        assertTrue(VerifyJob.verify(backups.at("b2"), false, 2, ProgressListener.NONE).ok(), "accepted when backed up");
    }

    private static boolean isDerived(String key) {
        return io.ib3.layout.PathClassifier.kind(key.substring(key.indexOf('/') + 1)).isDerived();
    }

    private static int indexWhere(List<String> l, java.util.function.Predicate<String> p) {
        for (int i = 0; i < l.size(); i++) {
            if (p.test(l.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private static int lastIndexWhere(List<String> l, java.util.function.Predicate<String> p) {
        for (int i = l.size() - 1; i >= 0; i--) {
            if (p.test(l.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
