package io.ib3.exec;

import io.ib3.error.Ib3Exception;
import io.ib3.plan.Plan;
import io.ib3.plan.PlanItem;
import io.ib3.plan.PlanStep;
import io.ib3.store.Capability;
import io.ib3.store.Keys;
import io.ib3.store.Store;
import io.ib3.work.Workers;

import java.util.ArrayList;
import java.util.List;

/** Helpers shared by the backup and restore jobs. */
final class Jobs {

    private Jobs() {
    }

    /** A plan's steps as executor phases, in the same order, with the objects to copy. */
    static List<CopyPhase> phases(Plan plan, boolean tolerateMissing) {
        List<CopyPhase> phases = new ArrayList<>();
        for (PlanStep step : plan.steps()) {
            List<CopyItem> items = new ArrayList<>();
            for (PlanItem item : step.items()) {
                if (!item.reused()) {
                    // an incremental backup refers to the copy its parent's chain already holds
                    items.add(new CopyItem(item.sourceKey(), item.targetKey(), item.size(), item.crc32c()));
                }
            }
            phases.add(new CopyPhase(step.phase().of(step.node()), items, tolerateMissing, step.phase().mutable()));
        }
        return phases;
    }

    /** The result of work started beside the job; an interrupt while waiting ends the job ("interrupted while WHAT"). */
    static <T> T join(Workers.Pending<T> pending, String what) {
        try {
            return pending.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Ib3Exception.failed("interrupted while " + what);
        }
    }

    /** A sane number of objects in flight: object stores want many requests at once, disks fewer. */
    static int defaultParallel(Store source, Store target) {
        boolean objectStore = !source.has(Capability.REAL_FOLDERS) || !target.has(Capability.REAL_FOLDERS);
        return objectStore ? 16 : Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
    }

    /** Full location of a prefix in a store, for messages and nesting checks. */
    static String where(Store store, String prefix) {
        String base = store.location();
        String p = Keys.normalize(prefix);
        return p.isEmpty() ? base : (base.endsWith("/") ? base + p : base + "/" + p);
    }

    /**
     * Refuses a target inside the source or a source inside the target (design.md rule 2): a
     * backup would copy itself, a restore would overwrite what it reads.
     */
    static void refuseNesting(String source, String target, String what) {
        String s = trim(source);
        String t = trim(target);
        if (s.equals(t)) {
            throw Ib3Exception.refused(what + " source and target are the same location: " + s,
                    "write the backup to another directory, bucket or prefix");
        }
        if (t.startsWith(s + "/")) {
            throw Ib3Exception.refused(what + " target " + t + " is inside the source " + s,
                    "choose a target outside the data root; a backup inside the source would copy itself");
        }
        if (s.startsWith(t + "/")) {
            throw Ib3Exception.refused(what + " source " + s + " is inside the target " + t,
                    "choose a target that does not contain the source");
        }
    }

    private static String trim(String location) {
        String l = location;
        while (l.endsWith("/")) {
            l = l.substring(0, l.length() - 1);
        }
        return l;
    }
}
