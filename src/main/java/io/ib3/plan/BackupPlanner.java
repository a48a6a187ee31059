package io.ib3.plan;

import io.ib3.layout.Product;
import io.ib3.error.Ib3Exception;
import io.ib3.inspect.Inspection;
import io.ib3.layout.CatalogGeneration;
import io.ib3.layout.FileKind;
import io.ib3.manifest.ManifestEntry;
import io.ib3.plan.SourceScan.SourceObject;
import io.ib3.store.Keys;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Plans a backup from a scanned tree: a pure function, no I/O.
 *
 * <p>Step order is the documented copy order, made exact by the layout rules (design.md rule 3):
 * <ul>
 *   <li>Core, per node: [derived group with {@code --include-derived}], snapshots, dbs, wal, other
 *       node files, live catalog logs, stale catalog generations, live catalog checkpoint.</li>
 *   <li>Enterprise: compactor {@code cs}, {@code cd}, {@code c}; every node's [derived], snapshots,
 *       dbs, wal (data nodes, then the compactor); the cluster's catalog logs, stale generations,
 *       checkpoint and {@code enterprise} file; licence files last.</li>
 * </ul>
 * Snapshots go before the Parquet files they reference (a snapshot file appears only after its
 * files were written, so the copy holds every file a copied snapshot names), the catalog goes
 * last (its sequence must be at least every copied snapshot's). Staging files ({@code #}) are
 * never copied; the derived group is rebuilt by the server and left out unless asked.
 */
public final class BackupPlanner {

    /**
     * @param includeDerived copy table-snapshots, db-indices, the conversion marker and snapshot-checkpoints (first)
     * @param parent         for an incremental backup, what the parent's chain holds; else {@code null}
     */
    public record Options(boolean includeDerived, Parent parent) {

        public Options(boolean includeDerived) {
            this(includeDerived, null);
        }
    }

    /**
     * What an incremental backup may refer to instead of copying.
     *
     * @param name    the parent backup's folder name
     * @param entries the parent's entries by key, each naming the folder that holds its bytes
     *                ({@code holder} set, also for the parent's own objects) and known to be there
     *                with its size
     */
    public record Parent(String name, Map<String, ManifestEntry> entries) {

        /**
         * Where the parent's chain holds this very object, or {@code null}: same key and size, the
         * same fingerprint from the source store, a recorded CRC32C, and a kind the server never
         * rewrites (catalog checkpoints, derived files, the enterprise file, licences and unknown
         * files are always copied; a new version of them would keep key and maybe size).
         */
        ManifestEntry match(SourceObject o) {
            if (!reusable(o.kind()) || o.fingerprint() == null) {
                return null;
            }
            ManifestEntry e = entries.get(o.rel());
            return e != null && e.size() == o.size() && o.fingerprint().equals(e.fingerprint()) && e.crc32c() != null ? e : null;
        }

        static boolean reusable(FileKind k) {
            return !(k.isCatalogSnapshot() || k.isDerived() || k == FileKind.ENTERPRISE_CONFIG || k == FileKind.LICENSE
                    || k == FileKind.UNKNOWN || k == FileKind.CATALOG_RESTORE_STAGING || k == FileKind.STAGING);
        }
    }

    private BackupPlanner() {
    }

    /**
     * @param present keys (relative to the backup folder) already in the target and known identical
     *                (from an interrupted run's journal), with their sizes
     */
    public static Plan plan(SourceScan scan, String source, String target, Options options, Map<String, Long> present) {
        Inspection in = scan.inspection();
        if (in.kind() == Product.NONE) {
            throw Ib3Exception.usage("no InfluxDB 3 node or cluster found at " + source,
                    "point at the data root (the --data-dir, or bucket plus prefix), e.g. file:///var/lib/influxdb3",
                    "run 'inspect " + source + "' to see what is there");
        }
        if (in.isPachaTree()) {
            throw Ib3Exception.refused("cluster at " + source + " uses the upgraded storage engine (PachaTree): a file copy is not a valid backup of it",
                    "use the built-in 'influxdb3 create backup' for this cluster; ib3 backs up Core and Parquet-engine Enterprise");
        }
        List<PlanStep> steps = new ArrayList<>();
        List<String> warnings = new ArrayList<>(in.warnings());
        Builder b = new Builder(scan, present, steps, options.parent());
        List<Inspection.NodeInfo> nodes = new ArrayList<>(in.nodes());
        if (in.kind() == Product.CORE) {
            for (Inspection.NodeInfo node : nodes) {
                nodeSteps(b, node, options);
                Inspection.CatalogInfo cat = node.catalog();
                catalogSteps(b, node.id(), cat == null ? null : cat.generation());
            }
        } else {
            List<Inspection.NodeInfo> compactors = nodes.stream().filter(n -> "compactor".equals(n.role())).toList();
            for (Inspection.NodeInfo c : compactors) {
                b.step(Phase.COMPACTOR_CS, c.id(), "cs", k -> k == FileKind.COMPACTION_SUMMARY);
                b.step(Phase.COMPACTOR_CD, c.id(), "cd", k -> k == FileKind.COMPACTION_DETAIL);
                b.step(Phase.COMPACTOR_C, c.id(), "c", k -> k == FileKind.GENERATION);
            }
            nodes.sort(Comparator.comparing((Inspection.NodeInfo n) -> "compactor".equals(n.role())).thenComparing(Inspection.NodeInfo::id));
            for (Inspection.NodeInfo node : nodes) {
                nodeSteps(b, node, options);
                // a Core catalog promoted to the cluster stays behind in the node: a leftover
                b.step(Phase.CATALOG_LEFTOVER, node.id(), "catalog", FileKind::isCatalog);
            }
            String cluster = in.clusterId();
            b.step(Phase.OTHER, cluster, "", k -> k == FileKind.UNKNOWN || k == FileKind.CATALOG_RESTORE_STAGING);
            catalogSteps(b, cluster, in.catalog() == null ? null : in.catalog().generation());
            b.step(Phase.ENTERPRISE, cluster, "enterprise", k -> k == FileKind.ENTERPRISE_CONFIG);
            b.step(Phase.LICENCE, cluster, "", k -> k == FileKind.LICENSE);
        }
        Set<String> owners = new java.util.TreeSet<>(scan.objects().keySet());
        owners.removeAll(b.owners);
        for (String outside : owners) {
            long n = scan.objectsOf(outside).size();
            warnings.add(n + " object(s) under '" + (outside.isEmpty() ? "(data root)" : outside)
                    + "' belong to no node or cluster and are not backed up");
        }
        long staging = b.count(k -> k == FileKind.STAGING);
        if (staging > 0) {
            warnings.add(staging + " in-progress staging file(s) ('#' in the name) left out");
        }
        if (!options.includeDerived()) {
            long derived = b.count(FileKind::isDerived);
            if (derived > 0) {
                warnings.add(derived + " derived file(s) (table-snapshots, db-indices, snapshot-checkpoints) left out: the server rebuilds them; --include-derived copies them");
            }
        }
        Consistency c = Consistency.check(scan, Set.of());
        c.problems().forEach(p -> warnings.add("source: " + p.path() + ": " + p.problem()));
        Inspection.CatalogInfo live = in.catalog();
        List<String> nodeIds = in.nodes().stream().map(Inspection.NodeInfo::id).toList();
        return new Plan(Operation.BACKUP, source, target, in.kind(), in.clusterId(), nodeIds,
                live == null ? "none" : live.generation().label(), live == null ? 0 : live.sequence(), steps,
                c.recoveryPoint(), warnings, Instant.now(), options.parent() == null ? null : options.parent().name());
    }

    private static void nodeSteps(Builder b, Inspection.NodeInfo node, Options options) {
        if (options.includeDerived()) {
            b.step(Phase.DERIVED, node.id(), "", FileKind::isDerived);
        }
        b.step(Phase.SNAPSHOTS, node.id(), "snapshots", k -> k == FileKind.SNAPSHOT);
        b.step(Phase.DBS, node.id(), "dbs", k -> k == FileKind.PARQUET);
        b.step(Phase.WAL, node.id(), "wal", k -> k == FileKind.WAL);
        b.step(Phase.OTHER, node.id(), "", k -> k == FileKind.UNKNOWN || k == FileKind.CATALOG_RESTORE_STAGING);
    }

    /** Live logs, then stale generations (cheap, and a rollback may need them), then the live checkpoint. */
    private static void catalogSteps(Builder b, String owner, CatalogGeneration live) {
        if (live == null) {
            b.step(Phase.CATALOG, owner, "", FileKind::isCatalog);
            return;
        }
        b.step(Phase.CATALOG_LOGS, owner, live.logsDir(""), k -> k.isCatalogLog() && k.generation() == live);
        b.step(Phase.CATALOG_STALE, owner, "", k -> k.isCatalog() && k.generation() != live);
        b.step(Phase.CATALOG_CHECKPOINT, owner, live.snapshotKey(""), k -> k.isCatalogSnapshot() && k.generation() == live);
    }

    /** Collects steps, taking each object at most once. */
    private static final class Builder {
        private final SourceScan scan;
        private final Map<String, Long> present;
        private final List<PlanStep> steps;
        /** Objects already in a step, by owner and index in the owner's list (a set of keys would hold every key again). */
        private final Map<String, java.util.BitSet> taken = new java.util.HashMap<>();
        private final Set<String> owners = new java.util.HashSet<>();
        private final Parent parent;

        Builder(SourceScan scan, Map<String, Long> present, List<PlanStep> steps, Parent parent) {
            this.scan = scan;
            this.present = present;
            this.steps = steps;
            this.parent = parent;
        }

        void step(Phase phase, String owner, String folder, Predicate<FileKind> kinds) {
            if (owner == null) {
                return;
            }
            owners.add(owner);
            List<PlanItem> items = new ArrayList<>();
            List<SourceObject> objects = scan.objectsOf(owner);
            java.util.BitSet done = taken.computeIfAbsent(owner, o -> new java.util.BitSet(objects.size()));
            for (int i = 0; i < objects.size(); i++) {
                SourceObject o = objects.get(i);
                if (o.kind() == FileKind.STAGING || o.kind() == FileKind.PACHATREE || !kinds.test(o.kind()) || done.get(i)) {
                    continue;
                }
                done.set(i);
                Long there = present.get(o.rel());
                ManifestEntry held = parent == null ? null : parent.match(o);
                items.add(held != null
                        ? new PlanItem(o.key(), o.rel(), o.size(), held.crc32c(), false, o.fingerprint(),
                                new PlanItem.Reuse(held.holder(), held.storedKey()))
                        : new PlanItem(o.key(), o.rel(), o.size(), null, there != null && there == o.size(), o.fingerprint(), null));
            }
            if (items.isEmpty()) {
                return;
            }
            items.sort(Comparator.comparing(PlanItem::targetKey));
            String shown = Keys.join(owner, folder);
            boolean oneFile = items.size() == 1 && items.get(0).targetKey().equals(shown);
            if (!oneFile) {
                shown = shown + "/";
            }
            steps.add(new PlanStep(phase, owner, shown, shown, items));
        }

        long count(Predicate<FileKind> kinds) {
            return scan.objects().values().stream().flatMap(List::stream).filter(o -> kinds.test(o.kind())).count();
        }
    }
}
