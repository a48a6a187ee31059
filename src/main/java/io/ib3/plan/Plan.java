package io.ib3.plan;

import io.ib3.layout.Product;
import io.ib3.manifest.RecoveryPoint;

import java.time.Instant;
import java.util.List;

/**
 * A backup or restore as data: ordered steps with the objects each copies, what the result
 * restores to, and the warnings found while planning. {@code plan} renders it, {@code --save}
 * writes it, and {@code backup}/{@code restore} execute exactly it: a dry run is rendering
 * without executing, never a separate code path.
 *
 * @param operation         backup or restore
 * @param source            source location (no secrets)
 * @param target            target location (no secrets), for a backup the backup folder
 * @param product           Core, Enterprise, or none (a quarantine of other files)
 * @param clusterId         Enterprise cluster id, else {@code null}
 * @param nodes             node ids in the plan
 * @param catalogGeneration live catalog generation ({@code v1}, {@code v2}, {@code v3})
 * @param catalogSequence   the live catalog's sequence when planned
 * @param steps             in execution order
 * @param recoveryPoint     per node
 * @param warnings          things the operator should know; never fatal
 * @param createdAt         when planned
 * @param parent            for an incremental backup, the backup it builds on (its objects are reused), else {@code null}
 */
public record Plan(Operation operation, String source, String target, Product product, String clusterId,
                   List<String> nodes, String catalogGeneration, long catalogSequence, List<PlanStep> steps,
                   List<RecoveryPoint> recoveryPoint, List<String> warnings, Instant createdAt, String parent) {

    public Plan(Operation operation, String source, String target, Product product, String clusterId,
                List<String> nodes, String catalogGeneration, long catalogSequence, List<PlanStep> steps,
                List<RecoveryPoint> recoveryPoint, List<String> warnings, Instant createdAt) {
        this(operation, source, target, product, clusterId, nodes, catalogGeneration, catalogSequence, steps, recoveryPoint,
                warnings, createdAt, null);
    }

    /** The same plan with other steps (and everything else kept). */
    public Plan withSteps(List<PlanStep> newSteps) {
        return new Plan(operation, source, target, product, clusterId, nodes, catalogGeneration, catalogSequence, newSteps,
                recoveryPoint, warnings, createdAt, parent);
    }

    public Plan {
        nodes = List.copyOf(nodes);
        steps = List.copyOf(steps);
        recoveryPoint = List.copyOf(recoveryPoint);
        warnings = List.copyOf(warnings);
    }

    public long files() {
        return steps.stream().mapToLong(PlanStep::files).sum();
    }

    public long bytes() {
        return steps.stream().mapToLong(PlanStep::bytes).sum();
    }

    public long presentFiles() {
        return steps.stream().mapToLong(PlanStep::presentFiles).sum();
    }

    public long presentBytes() {
        return steps.stream().mapToLong(PlanStep::presentBytes).sum();
    }

    public long reusedFiles() {
        return steps.stream().mapToLong(PlanStep::reusedFiles).sum();
    }

    public long reusedBytes() {
        return steps.stream().mapToLong(PlanStep::reusedBytes).sum();
    }
}
