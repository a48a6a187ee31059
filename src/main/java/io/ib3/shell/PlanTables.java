package io.ib3.shell;

import io.ib3.manifest.RecoveryPoint;
import io.ib3.plan.Operation;
import io.ib3.plan.Plan;
import io.ib3.plan.PlanStep;
import io.ib3.report.Sizes;
import io.ib3.report.Table;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A plan for people: the steps in order with counts, the recovery point, the warnings. */
public final class PlanTables {

    private PlanTables() {
    }

    public static List<Table> tables(Plan plan) {
        List<Table> out = new ArrayList<>();
        String title = (plan.operation() == Operation.BACKUP ? "Backup plan: " : "Restore plan: ")
                + plan.source() + " -> " + plan.target() + "  (" + plan.product().label()
                + (plan.clusterId() != null ? " cluster " + plan.clusterId() : "")
                + ", catalog " + plan.catalogGeneration() + " seq " + plan.catalogSequence() + ")";
        boolean incremental = plan.parent() != null;
        if (incremental) {
            title += "; incremental on " + plan.parent();
        }
        List<Object> header = new ArrayList<>(List.of("#", "phase", "node", "from", "to", "files", "bytes", "already there"));
        if (incremental) {
            header.add("in " + plan.parent() + "'s chain");
        }
        Table.Builder steps = Table.builder(title, header.stream().map(String::valueOf).toArray(String[]::new));
        int n = 1;
        for (PlanStep s : plan.steps()) {
            List<Object> row = new ArrayList<>(List.of(n++, s.phase().label(), s.node(), s.sourcePrefix(), s.targetPrefix(), s.files(),
                    Sizes.human(s.bytes()), count(s.presentFiles(), s.presentBytes())));
            if (incremental) {
                row.add(count(s.reusedFiles(), s.reusedBytes()));
            }
            steps.row(row.toArray());
        }
        List<Object> total = new ArrayList<>(List.of("", "total", "", "", "", plan.files(), Sizes.human(plan.bytes()),
                count(plan.presentFiles(), plan.presentBytes())));
        if (incremental) {
            total.add(count(plan.reusedFiles(), plan.reusedBytes()));
        }
        steps.row(total.toArray());
        out.add(steps.build());
        out.add(recoveryTable(plan.operation() == Operation.BACKUP ? "This backup restores to" : "The restore brings back",
                plan.recoveryPoint()));
        if (!plan.warnings().isEmpty()) {
            Table.Builder w = Table.builder("Warnings", "warning");
            plan.warnings().forEach(w::row);
            out.add(w.build());
        }
        return out;
    }

    private static String count(long files, long bytes) {
        return files == 0 ? "-" : files + " (" + Sizes.human(bytes) + ")";
    }

    /** Recovery points per node: snapshot, WAL range replayed after it, time range. */
    public static Table recoveryTable(String title, List<RecoveryPoint> points) {
        Table.Builder t = Table.builder(title, "node", "snapshot", "wal after snapshot", "data from", "data to", "catalog seq needed");
        for (RecoveryPoint rp : points) {
            String wal = rp.walLast() == null ? "none" : (rp.walFirst() + ".." + rp.walLast());
            t.row(rp.node(), rp.snapshot() == null ? "none" : rp.snapshot(), wal, time(rp.minTime()), time(rp.maxTime()),
                    rp.catalogSequence() == null ? "-" : rp.catalogSequence());
        }
        return t.build();
    }

    /** Nanoseconds since the epoch as an ISO instant; "-" when unknown or an empty sentinel. */
    public static String time(Long nanos) {
        if (nanos == null || nanos == Long.MAX_VALUE || nanos == Long.MIN_VALUE) {
            return "-";
        }
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L)).toString();
    }
}
