package io.ib3.shell;

import io.ib3.inspect.Inspection;
import io.ib3.inspect.Inspection.CatalogInfo;
import io.ib3.inspect.Inspection.DatabaseUsage;
import io.ib3.inspect.Inspection.NodeInfo;
import io.ib3.inspect.Inspection.RecoveryPoint;
import io.ib3.inspect.Inspection.SeqSummary;
import io.ib3.inspect.Inspection.TableUsage;
import io.ib3.layout.Seqs;
import io.ib3.report.Sizes;
import io.ib3.report.Table;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** An {@link Inspection} as tables for people: summary, nodes, data per database and table, warnings. */
public final class InspectionTables {

    private InspectionTables() {
    }

    public static List<Table> tables(Inspection in) {
        List<Table> out = new ArrayList<>();
        out.add(summary(in));
        if (!in.nodes().isEmpty()) {
            out.add(nodes(in));
            out.add(recovery(in));
        }
        Table data = data(in);
        if (!data.rows().isEmpty()) {
            out.add(data);
        }
        if (!in.warnings().isEmpty()) {
            Table.Builder w = Table.builder("Warnings", "#", "warning");
            int i = 1;
            for (String s : in.warnings()) {
                w.row(i++, s);
            }
            out.add(w.build());
        }
        return out;
    }

    private static Table summary(Inspection in) {
        Table.Builder b = Table.builder("Layout of " + in.location() + (in.root().isEmpty() ? "" : " (" + in.root() + ")"), "item", "value");
        b.row("kind", in.kind().label());
        if (in.clusterId() != null) {
            b.row("cluster id", in.clusterId());
        }
        if (in.pointedAt() != null) {
            b.row("note", in.root().isEmpty() && "snapshots".equals(in.shape().ownerSource())
                    ? "node files directly at the root (no node folder); node id " + in.shape().ownerId() + " from its snapshots"
                    : "pointed at a " + in.pointedAt() + " directory; data root is '" + in.dataRoot() + "'");
        }
        CatalogInfo c = in.catalog();
        if (c != null) {
            b.row("catalog", c.generation().label() + " at " + c.owner() + ", sequence " + Seqs.str(c.sequence())
                    + (c.crcOk() ? "" : " (CRC problems)"));
            for (Inspection.StaleCatalog s : c.stale()) {
                b.row("stale catalog", s.generation().label() + ", sequence " + Seqs.str(s.sequence()) + ", " + s.files() + " files");
            }
        }
        b.row("engine", in.isPachaTree() ? "pachatree (not supported by file copy)" : "parquet");
        b.row("nodes", in.nodes().size());
        if (!in.licenceFiles().isEmpty()) {
            b.row("licence files", String.join(", ", in.licenceFiles()));
        }
        for (Inspection.BuiltinBackup bb : in.builtinBackups()) {
            b.row("built-in backup", bb.name() + " (" + bb.files() + " files, " + Sizes.human(bb.bytes()) + ")");
        }
        b.row("objects", in.files() + " (" + Sizes.human(in.bytes()) + ")");
        return b.build();
    }

    private static Table nodes(Inspection in) {
        Table.Builder b = Table.builder("Nodes", "node", "role", "catalog", "snapshots", "newest", "wal seq", "WAL files",
                "past snapshot", "parquet", "derived", "staging");
        for (NodeInfo n : in.nodes()) {
            b.row(n.id(), n.role(),
                    n.catalog() == null ? "-" : n.catalog().generation().label() + " @" + Seqs.str(n.catalog().sequence()),
                    range(n.snapshots()),
                    n.latestSnapshot() == null ? "-" : Seqs.str(n.latestSnapshot().sequence()),
                    n.latestSnapshot() == null ? "-" : Seqs.str(n.latestSnapshot().walSequence()),
                    range(n.wal().files()),
                    n.wal().pastSnapshot(),
                    n.parquet().files() + " (" + Sizes.human(n.parquet().bytes()) + ")",
                    n.derived().files(),
                    n.staging().files());
        }
        return b.build();
    }

    private static Table recovery(Inspection in) {
        Table.Builder b = Table.builder("Recovery point", "node", "snapshot", "WAL replayed", "data from", "data to");
        for (NodeInfo n : in.nodes()) {
            RecoveryPoint r = n.recoveryPoint();
            if (r == null) {
                continue;
            }
            b.row(r.node(), r.snapshot() == null ? "none" : Seqs.str(r.snapshot()),
                    r.walFirst() == null ? "none" : Seqs.str(r.walFirst()) + ".." + Seqs.str(r.walLast()),
                    r.minTime() == null ? "-" : Instant.ofEpochSecond(0, r.minTime()).toString(),
                    r.maxTime() == null ? "-" : Instant.ofEpochSecond(0, r.maxTime()).toString());
        }
        return b.build();
    }

    private static Table data(Inspection in) {
        Table.Builder b = Table.builder("Parquet data", "node", "database", "table", "files", "size");
        for (NodeInfo n : in.nodes()) {
            for (DatabaseUsage d : n.parquet().databases()) {
                for (TableUsage t : d.tables()) {
                    b.row(n.id(), label(d.name(), d.id()), label(t.name(), t.id()), t.files(), Sizes.human(t.bytes()));
                }
            }
        }
        return b.build();
    }

    /** "name (id)", or the id alone. */
    static String label(String name, String id) {
        return name == null ? "#" + id : name + " (" + id + ")";
    }

    private static String range(SeqSummary s) {
        if (s.count() == 0) {
            return "0";
        }
        return s.count() + " (" + Seqs.str(s.first()) + ".." + Seqs.str(s.last()) + (s.missing() > 0 ? ", " + s.missing() + " missing" : "") + ")";
    }
}
