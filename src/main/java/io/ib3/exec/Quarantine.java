package io.ib3.exec;

import io.ib3.layout.Product;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ib3.error.Ib3Exception;
import io.ib3.inspect.Inspection;
import io.ib3.manifest.Crc32c;
import io.ib3.manifest.Manifest;
import io.ib3.manifest.ManifestCodec;
import io.ib3.manifest.ManifestEntry;
import io.ib3.manifest.VerifyReport.Problem;
import io.ib3.plan.BackupPlanner;
import io.ib3.plan.Consistency;
import io.ib3.plan.Operation;
import io.ib3.plan.Phase;
import io.ib3.plan.Plan;
import io.ib3.plan.PlanItem;
import io.ib3.plan.PlanJson;
import io.ib3.plan.PlanStep;
import io.ib3.plan.SourceScan;
import io.ib3.report.ToolVersion;
import io.ib3.store.Entry;
import io.ib3.store.Keys;
import io.ib3.store.Store;
import io.ib3.store.StoreException;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * What {@code restore --force} does with the objects a target already holds: moves them to
 * {@code ib3-quarantine-<time>/} (never deletes them) and writes an ib3 manifest there, so the
 * quarantine is a backup like any other: {@code verify} checks it and {@code restore --from} puts
 * the old state back.
 *
 * <p>The manifest is built from the moved objects themselves: keys and sizes from a listing,
 * CRC32C from the store when it keeps one, else by reading each object; phases from the same
 * layout classification a backup uses (so the restore order applies); product, nodes and recovery
 * point from an inspection of the quarantine. Objects the layout does not place (staging files,
 * files outside any node) are recorded too, in a step of their own: a quarantine promises the old
 * state byte for byte, not only its InfluxDB part.
 *
 * <p>The old target need not have been a consistent InfluxDB tree (a half-finished copy, a
 * crashed server). Its consistency problems are recorded in the manifest as they were when it was
 * moved ({@link #RECORDED_PROBLEMS}); {@code verify} reports those as warnings, since the
 * quarantine is faithful to what was there, while anything that changed since is still a problem.
 * Restoring such a quarantine puts an inconsistent tree back, so {@code restore} asks for
 * {@code --force} to do it.
 */
final class Quarantine {

    /** Marks a quarantine manifest's plan summary. */
    static final String MARK = "quarantine";
    /** Consistency problems of the old target when it was moved aside, as {@code {path, problem}}. */
    static final String RECORDED_PROBLEMS = "problemsWhenQuarantined";

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private Quarantine() {
    }

    /**
     * Moves every object of {@code target} that {@code own} does not claim into a new quarantine
     * folder and writes its manifest.
     *
     * @return the quarantine folder (a key of the target)
     */
    static String moveAside(Store target, Instant now, Predicate<String> own) {
        String prefix = freePrefix(target, RestoreJob.QUARANTINE + STAMP.format(now));
        List<String> keys = new ArrayList<>();
        try (Stream<Entry> s = target.list("")) {
            s.filter(e -> !own.test(e.key())).forEach(e -> keys.add(e.key()));
        }
        for (String key : keys) {
            target.move(key, Keys.join(prefix, key));
        }
        ManifestCodec.write(target.at(prefix), describe(target.at(prefix), target.location(), now));
        return prefix;
    }

    /** A folder name no earlier quarantine uses: two forced restores in one second must not mix their objects. */
    private static String freePrefix(Store target, String base) {
        String prefix = base;
        for (int n = 2; !target.children(prefix).isEmpty() || target.stat(prefix).filter(e -> !e.folder()).isPresent(); n++) {
            prefix = base + "-" + n;
        }
        return prefix;
    }

    /** The manifest of a quarantine folder, from what it holds. */
    static Manifest describe(Store quarantine, String from, Instant started) {
        SourceScan scan = SourceScan.of(quarantine, "");
        Inspection in = scan.inspection();
        List<PlanStep> steps = new ArrayList<>();
        Plan planned = null;
        if (in.kind() != Product.NONE) {
            try {
                planned = BackupPlanner.plan(scan, from, quarantine.location(), new BackupPlanner.Options(true), Map.of());
                steps.addAll(planned.steps());
            } catch (Ib3Exception notPlannable) {
                // a tree a backup refuses (PachaTree): every object goes into the unplaced step
            }
        }
        Set<String> placed = new HashSet<>();
        steps.forEach(s -> s.items().forEach(i -> placed.add(i.sourceKey())));
        Map<String, Long> rest = new TreeMap<>();
        try (Stream<Entry> s = quarantine.list("")) {
            s.filter(e -> !e.key().equals(ManifestCodec.FILE) && !placed.contains(e.key()))
                    .forEach(e -> rest.put(e.key(), e.size()));
        }
        if (!rest.isEmpty()) {
            List<PlanItem> items = new ArrayList<>();
            rest.forEach((k, size) -> items.add(new PlanItem(k, k, size, null, false)));
            steps.add(new PlanStep(Phase.UNPLACED, "", "", "", items));
        }
        List<ManifestEntry> entries = new ArrayList<>();
        for (PlanStep step : steps) {
            for (PlanItem item : step.items()) {
                entries.add(new ManifestEntry(item.sourceKey(), step.phase().of(step.node()), item.size(),
                        crc32c(quarantine, item.sourceKey())));
            }
        }
        Consistency c = Consistency.check(scan, scan.missing().keySet());
        Plan plan = new Plan(Operation.BACKUP, from, quarantine.location(), planned == null ? Product.NONE : planned.product(),
                in.clusterId(), in.nodes().stream().map(Inspection.NodeInfo::id).toList(),
                planned == null ? "none" : planned.catalogGeneration(), planned == null ? 0 : planned.catalogSequence(),
                steps, c.recoveryPoint(), planned == null ? List.of() : planned.warnings(), started);
        ObjectNode summary = PlanJson.toJson(plan, false);
        summary.put(MARK, true);
        ArrayNode recorded = summary.putArray(RECORDED_PROBLEMS);
        c.problems().forEach(p -> recorded.addObject().put("path", p.path()).put("problem", p.problem()));
        // the old target's missing Parquet files are part of what it was: recorded, and accepted
        // because the quarantine promises the old state, not a good one
        return Manifest.of(ToolVersion.get(), started, Instant.now(), from, plan.product(), plan.clusterId(), plan.nodes(),
                plan.catalogGeneration(), c.recoveryPoint(), summary, entries)
                .withSourceGaps(new Manifest.SourceGaps(new ArrayList<>(scan.missing().values()), true, true));
    }

    private static String crc32c(Store store, String key) {
        return store.nativeCrc32c(key).orElseGet(() -> {
            try (InputStream in = store.open(key)) {
                return Crc32c.of(in);
            } catch (IOException e) {
                throw new StoreException("cannot read " + store.location() + "/" + key + " to checksum it: " + e.getMessage(), e);
            }
        });
    }

    /** True for the manifest of a quarantine folder. */
    static boolean isQuarantine(Manifest m) {
        return m.plan().path(MARK).asBoolean(false);
    }

    /** The consistency problems a quarantine's old target already had when it was moved aside. */
    static List<Problem> recordedProblems(Manifest m) {
        List<Problem> out = new ArrayList<>();
        for (JsonNode p : m.plan().path(RECORDED_PROBLEMS)) {
            out.add(new Problem(p.path("path").asText(), p.path("problem").asText()));
        }
        return out;
    }
}
