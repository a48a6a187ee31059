package io.ib3.exec;

import io.ib3.layout.CatalogGeneration;
import io.ib3.manifest.ManifestEntry;
import io.ib3.plan.Plan;
import io.ib3.plan.PlanStep;
import io.ib3.report.ProgressListener;
import io.ib3.sample.SampleTreeBuilder;
import io.ib3.sample.SampleTrees;
import io.ib3.store.Store;
import io.ib3.testing.Backends;
import io.ib3.testing.HookedStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The documented copy order, step by step (golden phase lists per layout), and the order the
 * writes really reach the target: a recording decorator sees every write. Restore is the reverse.
 */
class CopyOrderTest {

    @TempDir
    Path tmp;

    private Plan plan(SampleTreeBuilder tree, boolean includeDerived) {
        Store source = Backends.NIO.open(tmp, "src-" + System.nanoTime());
        tree.writeTo(source, "");
        return BackupJob.plan(source, "", Backends.NIO.open(tmp, "dst"), "b1", new io.ib3.plan.BackupPlanner.Options(includeDerived));
    }

    private static List<String> phases(Plan plan) {
        return plan.steps().stream().map(s -> s.phase().of(s.node())).toList();
    }

    @Test
    void goldenPhasesOfEveryLayout() {
        assertEquals(List.of("snapshots node0", "dbs node0", "wal node0", "catalog-logs node0", "catalog-stale node0",
                        "catalog-checkpoint node0"),
                phases(plan(SampleTrees.core("node0").catalog(CatalogGeneration.V3).staleCatalogs(true), false)));
        assertEquals(List.of("snapshots node0", "dbs node0", "wal node0", "catalog-logs node0", "catalog-checkpoint node0"),
                phases(plan(SampleTrees.core("node0").catalog(CatalogGeneration.V3), false)));
        assertEquals(List.of("snapshots node0", "dbs node0", "wal node0", "catalog-logs node0", "catalog-stale node0",
                        "catalog-checkpoint node0"),
                phases(plan(SampleTrees.core("node0").catalog(CatalogGeneration.V2).staleCatalogs(true), false)));
        assertEquals(List.of("snapshots node0", "dbs node0", "wal node0", "catalog-logs node0", "catalog-checkpoint node0"),
                phases(plan(SampleTrees.core("node0").catalog(CatalogGeneration.V1), false)));
        assertEquals(List.of("derived node0", "snapshots node0", "dbs node0", "wal node0", "catalog-logs node0",
                        "catalog-checkpoint node0"),
                phases(plan(SampleTrees.core("node0").derived(true).staging(true), true)));
        assertEquals(List.of("compactor-cs compactor0", "compactor-cd compactor0", "compactor-c compactor0",
                        "snapshots ingest0", "dbs ingest0", "wal ingest0",
                        "snapshots ingest1", "dbs ingest1", "wal ingest1",
                        "catalog-logs cluster0", "catalog-checkpoint cluster0", "enterprise cluster0", "licence cluster0"),
                phases(plan(SampleTrees.enterprise("cluster0").nodes("ingest0", "ingest1").compactor("compactor0"), false)));
    }

    @Test
    void stepsHoldOnlyTheirKindAndNothingTwice() {
        Plan p = plan(SampleTrees.core("node0").staleCatalogs(true).derived(true).staging(true), true);
        Map<String, String> seen = new HashMap<>();
        for (PlanStep s : p.steps()) {
            for (var item : s.items()) {
                assertEquals(null, seen.put(item.targetKey(), s.phase().label()), item.targetKey());
                assertTrue(!item.targetKey().contains("#"), item.targetKey());
                switch (s.phase().label()) {
                    case "snapshots" -> assertTrue(item.targetKey().startsWith("node0/snapshots/"), item.targetKey());
                    case "dbs" -> assertTrue(item.targetKey().startsWith("node0/dbs/") && item.targetKey().endsWith(".parquet"), item.targetKey());
                    case "wal" -> assertTrue(item.targetKey().startsWith("node0/wal/") && item.targetKey().endsWith(".wal"), item.targetKey());
                    case "catalog-logs" -> assertTrue(item.targetKey().startsWith("node0/catalog/v3/logs/"), item.targetKey());
                    case "catalog-checkpoint" -> assertEquals("node0/catalog/v3/snapshot", item.targetKey());
                    case "catalog-stale" -> assertTrue(item.targetKey().startsWith("node0/catalog/v2/")
                            || item.targetKey().startsWith("node0/catalogs/") || item.targetKey().equals("node0/_catalog_checkpoint"), item.targetKey());
                    case "derived" -> assertTrue(item.targetKey().matches("node0/(table-snapshots|db-indices|snapshot-checkpoints)/.*|node0/table-index-conversion-completed"), item.targetKey());
                    default -> throw new AssertionError("unexpected phase " + s.phase());
                }
            }
        }
    }

    /** Index of each written key's phase in the plan: the writes must never go back to an earlier phase. */
    private static List<Integer> phaseIndexes(List<String> writes, List<ManifestEntry> entries, List<String> phaseOrder, String prefix) {
        Map<String, String> phaseOf = new HashMap<>();
        entries.forEach(e -> phaseOf.put(prefix + e.key(), e.phase()));
        List<Integer> out = new ArrayList<>();
        for (String w : writes) {
            String phase = phaseOf.get(w);
            if (phase != null) {
                out.add(phaseOrder.indexOf(phase));
            }
        }
        return out;
    }

    private static void assertMonotonic(List<Integer> idx, boolean ascending, List<String> what) {
        for (int i = 1; i < idx.size(); i++) {
            boolean ok = ascending ? idx.get(i) >= idx.get(i - 1) : idx.get(i) <= idx.get(i - 1);
            assertTrue(ok, "write " + i + " goes back from phase " + idx.get(i - 1) + " to " + idx.get(i) + ": " + what);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Backends.class)
    void writesFollowThePlanAndRestoreReversesIt(Backends backend) {
        Store source = backend.open(tmp, "src");
        SampleTrees.core("node0").staleCatalogs(true).snapshots(6).walAfterSnapshot(4).writeTo(source, "");
        HookedStore backups = new HookedStore(backend.open(tmp, "backups"));
        BackupJob.Outcome o = BackupJob.run(source, "", backups, new BackupJob.Options("b1", false, 4, 3), ProgressListener.NONE);
        List<String> order = phases(o.plan());
        List<String> written = backups.dataWrites();
        assertEquals(o.manifest().entries().size(), written.size(), "every object written once");
        List<Integer> idx = phaseIndexes(written, o.manifest().entries(), order, "b1/");
        assertEquals(written.size(), idx.size());
        assertMonotonic(idx, true, written);
        assertEquals(List.of(0, 1, 2, 3, 4, 5), idx.stream().distinct().toList(), "all snapshots, then dbs, wal, logs, stale, checkpoint");
        assertEquals("b1/node0/catalog/v3/snapshot", written.get(written.size() - 1), "the live catalog checkpoint last");
        String last = backups.writes.get(backups.writes.size() - 1);
        assertTrue(last.equals("b1/ib3-manifest.json") || last.equals("b1/ib3-manifest.json.partial"), "the manifest after every object: " + last);

        HookedStore target = new HookedStore(backend.open(tmp, "restored"));
        RestoreJob.Options options = new RestoreJob.Options(false, false, 4, Duration.ZERO, null);
        RestoreJob.Preview preview = RestoreJob.preview(backups.real().at("b1"), target, options, ProgressListener.NONE);
        List<String> restoreOrder = preview.plan().steps().stream().map(s -> s.phase().of(s.node())).toList();
        List<String> reversed = new ArrayList<>(order);
        java.util.Collections.reverse(reversed);
        assertEquals(reversed, restoreOrder);
        RestoreJob.run(preview, backups.real().at("b1"), target, options, ProgressListener.NONE);
        List<String> restored = target.dataWrites();
        List<Integer> back = phaseIndexes(restored, o.manifest().entries(), order, "");
        assertEquals(o.manifest().entries().size(), back.size());
        assertMonotonic(back, false, restored);
        assertEquals("node0/catalog/v3/snapshot", restored.get(0), "restore writes the catalog checkpoint first");
        assertTrue(restored.get(restored.size() - 1).startsWith("node0/snapshots/"), "and the snapshots last");
    }

    @Test
    void enterpriseWritesCompactorFirstAndLicencesLast() {
        Store source = Backends.NIO.open(tmp, "src");
        SampleTrees.enterprise("cluster0").nodes("ingest0", "ingest1").compactor("compactor0").writeTo(source, "");
        HookedStore backups = new HookedStore(Backends.NIO.open(tmp, "backups"));
        BackupJob.Outcome o = BackupJob.run(source, "", backups, new BackupJob.Options("b1", false, 4, 3), ProgressListener.NONE);
        List<String> order = phases(o.plan());
        List<String> written = backups.dataWrites();
        List<Integer> idx = phaseIndexes(written, o.manifest().entries(), order, "b1/");
        assertEquals(written.size(), idx.size());
        assertMonotonic(idx, true, written);
        long compactorObjects = o.manifest().entries().stream().filter(e -> e.phase().startsWith("compactor-")).count();
        assertTrue(compactorObjects >= 3);
        assertTrue(written.subList(0, (int) compactorObjects).stream().allMatch(k -> k.matches("b1/compactor0/(cs|cd|c)/.*")),
                written.toString());
        long licences = o.manifest().entries().stream().filter(e -> e.phase().startsWith("licence")).count();
        assertTrue(licences >= 1);
        assertTrue(written.subList(written.size() - (int) licences, written.size()).stream()
                .allMatch(k -> k.startsWith("b1/cluster0/") && k.contains("licen")), written.toString());
    }
}
