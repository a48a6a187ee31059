package io.ib3.shell;

import io.ib3.inspect.Inspection;
import io.ib3.inspect.Inspection.DatabaseUsage;
import io.ib3.inspect.Inspection.NodeInfo;
import io.ib3.inspect.Inspection.TableUsage;
import io.ib3.inspect.Inspector;
import io.ib3.inspect.Usage;
import io.ib3.report.Sizes;
import io.ib3.report.Table;
import io.ib3.store.Store;

/** {@code du --by kind|db|table} for people. */
final class UsageTables {

    private UsageTables() {
    }

    static Table byKind(Usage.KindUsage u) {
        Table.Builder b = Table.builder("Usage by kind under " + u.where(), "kind", "files", "bytes", "size");
        u.totals().forEach((k, c) -> b.row(k.label(), c[0], c[1], Sizes.human(c[1])));
        b.row("total", u.all()[0], u.all()[1], Sizes.human(u.all()[1]));
        return b.build();
    }

    /** Parquet files and bytes per node and database, with names where the catalog has them. */
    static Table byDatabase(Store store, String prefix) {
        Inspection in = Inspector.inspect(store, prefix);
        Table.Builder b = Table.builder("Parquet usage by database under " + Usage.where(store, in.root()),
                "node", "database", "files", "bytes", "size");
        for (NodeInfo n : in.nodes()) {
            for (DatabaseUsage d : n.parquet().databases()) {
                b.row(n.id(), InspectionTables.label(d.name(), d.id()), d.files(), d.bytes(), Sizes.human(d.bytes()));
            }
        }
        return b.build();
    }

    /** Parquet files and bytes per node, database and table. */
    static Table byTable(Store store, String prefix) {
        Inspection in = Inspector.inspect(store, prefix);
        Table.Builder b = Table.builder("Parquet usage by table under " + Usage.where(store, in.root()),
                "node", "database", "table", "files", "bytes", "size");
        for (NodeInfo n : in.nodes()) {
            for (DatabaseUsage d : n.parquet().databases()) {
                for (TableUsage t : d.tables()) {
                    b.row(n.id(), InspectionTables.label(d.name(), d.id()), InspectionTables.label(t.name(), t.id()),
                            t.files(), t.bytes(), Sizes.human(t.bytes()));
                }
            }
        }
        return b.build();
    }
}
