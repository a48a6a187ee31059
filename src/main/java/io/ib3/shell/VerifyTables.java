package io.ib3.shell;

import io.ib3.exec.VerifyJob;
import io.ib3.manifest.VerifyReport;
import io.ib3.manifest.VerifyReport.Check;
import io.ib3.manifest.VerifyReport.Problem;
import io.ib3.report.Sizes;
import io.ib3.report.Table;

import java.util.ArrayList;
import java.util.List;

/** What {@code verify} found, for people: the checks, then problems and warnings, then what the backup restores to. */
public final class VerifyTables {

    private VerifyTables() {
    }

    public static List<Table> tables(VerifyJob.Outcome o) {
        List<Table> out = new ArrayList<>();
        out.add(table(o.report()));
        out.add(PlanTables.recoveryTable("Restores to", o.recoveryPoint()));
        return out;
    }

    /** Checks, then problems and warnings. */
    public static Table table(VerifyReport r) {
        Table.Builder t = Table.builder("verify " + r.location() + ": " + (r.ok() ? "OK" : !r.problems().isEmpty() ? r.problems().size() + " problem(s)"
                        : "the source lacked " + r.sourceProblems().size() + " referenced file(s)")
                + ", " + r.present() + "/" + r.entries() + " objects, " + Sizes.human(r.bytes())
                + (r.deep() ? ", " + r.deepChecked() + " checksums compared" : ""), "CHECK / PATH", "RESULT");
        for (Check c : r.checks()) {
            t.row(c.name(), (c.ok() ? "ok" : "FAILED") + (c.detail() == null || c.detail().isEmpty() ? "" : ": " + c.detail()));
        }
        for (Problem p : r.problems()) {
            t.row(p.path(), "problem: " + p.problem());
        }
        for (Problem p : r.sourceProblems()) {
            t.row(p.path(), "source problem: " + p.problem());
        }
        for (Problem w : r.warnings()) {
            t.row(w.path(), "warning: " + w.problem());
        }
        return t.build();
    }
}
