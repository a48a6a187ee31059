package io.ib3.plan;

import com.fasterxml.jackson.databind.JsonNode;
import io.ib3.manifest.Manifest;
import io.ib3.manifest.ManifestEntry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Plans a restore from a backup's manifest: a pure function, no I/O. The steps are the backup's,
 * reversed (catalog and licences first, snapshots last): the order the documentation gives, and
 * while the server is stopped, one that leaves a target killed half way recognisably unfinished
 * (no snapshot names Parquet files that are not there yet).
 */
public final class RestorePlanner {

    /** A step of the backup: its phase and the node or cluster it belongs to. */
    private record StepKey(Phase phase, String node) {
    }

    private RestorePlanner() {
    }

    /**
     * @param source    where the backup is, for messages
     * @param target    where it is restored to
     * @param sourceKey where each entry's bytes are, as a key of the store the restore reads from
     */
    public static Plan plan(Manifest m, String source, String target, Function<ManifestEntry, String> sourceKey) {
        Map<StepKey, List<ManifestEntry>> byStep = new LinkedHashMap<>();
        Map<StepKey, String> prefixes = new LinkedHashMap<>();
        for (ManifestEntry e : m.entries()) {
            byStep.computeIfAbsent(stepOf(e.phase()), k -> new ArrayList<>()).add(e);
        }
        List<StepKey> backupOrder = new ArrayList<>();
        for (JsonNode s : m.plan().path("steps")) {
            try {
                StepKey key = new StepKey(Phase.parse(s.path("phase").asText()), s.path("node").asText());
                backupOrder.add(key);
                prefixes.put(key, s.path("target").asText());
            } catch (IllegalArgumentException unknown) {
                // a step this version does not know: its entries are restored first, below
            }
        }
        List<PlanStep> steps = new ArrayList<>();
        for (int i = backupOrder.size() - 1; i >= 0; i--) {
            StepKey key = backupOrder.get(i);
            List<ManifestEntry> entries = byStep.remove(key);
            if (entries != null) {
                steps.add(step(key, prefixes.get(key), entries, sourceKey));
            }
        }
        // steps a later backup round added that the first plan did not have; unknown phases
        for (Map.Entry<StepKey, List<ManifestEntry>> rest : byStep.entrySet()) {
            steps.add(0, step(rest.getKey(), "", rest.getValue(), sourceKey));
        }
        long catalogSequence = m.recoveryPoint().stream().mapToLong(rp -> rp.catalogSequence() == null ? 0 : rp.catalogSequence())
                .max().orElse(0);
        return new Plan(Operation.RESTORE, source, target, m.product(), m.clusterId(), m.nodeIds(), m.catalogGeneration(),
                catalogSequence, steps, m.recoveryPoint(), List.of(), Instant.now());
    }

    /** "wal node0" → (WAL, node0); a phase this version does not know counts as OTHER. */
    private static StepKey stepOf(String entryPhase) {
        Phase p = Phase.ofEntry(entryPhase);
        int space = entryPhase.indexOf(' ');
        String node = space < 0 ? "" : entryPhase.substring(space + 1);
        return new StepKey(p == null ? Phase.OTHER : p, node);
    }

    private static PlanStep step(StepKey key, String prefix, List<ManifestEntry> entries, Function<ManifestEntry, String> sourceKey) {
        List<PlanItem> items = new ArrayList<>();
        for (ManifestEntry e : entries) {
            items.add(new PlanItem(sourceKey.apply(e), e.key(), e.size(), e.crc32c(), false));
        }
        return new PlanStep(key.phase(), key.node(), prefix, prefix, items);
    }
}
