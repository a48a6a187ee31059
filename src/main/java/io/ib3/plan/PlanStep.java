package io.ib3.plan;

import java.util.List;

/**
 * One step of a plan: a group of objects copied together, after every earlier step finished. The
 * step order is the documented copy order; objects inside a step are copied in parallel.
 *
 * @param phase        what the step copies
 * @param node         the node or cluster id the step belongs to
 * @param sourcePrefix where the objects come from (for display), relative to the source root
 * @param targetPrefix where they go (for display), relative to the target root
 * @param items        the objects, each with source and target key
 */
public record PlanStep(Phase phase, String node, String sourcePrefix, String targetPrefix, List<PlanItem> items) {

    public PlanStep {
        items = List.copyOf(items);
    }

    public long files() {
        return items.size();
    }

    public long bytes() {
        return items.stream().mapToLong(PlanItem::size).sum();
    }

    public long presentFiles() {
        return items.stream().filter(PlanItem::present).count();
    }

    public long presentBytes() {
        return items.stream().filter(PlanItem::present).mapToLong(PlanItem::size).sum();
    }

    /** Objects an earlier backup already holds (an incremental backup refers to them). */
    public long reusedFiles() {
        return items.stream().filter(PlanItem::reused).count();
    }

    public long reusedBytes() {
        return items.stream().filter(PlanItem::reused).mapToLong(PlanItem::size).sum();
    }
}
