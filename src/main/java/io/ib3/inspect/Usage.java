package io.ib3.inspect;

import io.ib3.inspect.Inspection.DatabaseUsage;
import io.ib3.inspect.Inspection.NodeInfo;
import io.ib3.inspect.Inspection.TableUsage;
import io.ib3.layout.FileKind;
import io.ib3.layout.PathClassifier;
import io.ib3.report.Sizes;
import io.ib3.report.Table;
import io.ib3.store.Entry;
import io.ib3.store.Keys;
import io.ib3.store.Store;

import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Stream;

/** Disk usage of an InfluxDB 3 tree grouped by file kind, database or table ({@code du --by …}). */
public final class Usage {

    private Usage() {
    }

    /** Objects and bytes per {@link FileKind}, one streaming pass, no reads. */
    public static Table byKind(Store store, String prefix) {
        RootShape shape = RootShape.of(store, prefix);
        Map<FileKind, long[]> totals = new EnumMap<>(FileKind.class);
        long[] all = new long[2];
        try (Stream<Entry> entries = store.list(shape.root())) {
            entries.filter(e -> !e.folder()).forEach(e -> {
                String[] split = shape.split(Keys.relativize(shape.root(), e.key()));
                FileKind k = split == null ? FileKind.UNKNOWN : PathClassifier.kind(split[1]);
                long[] c = totals.computeIfAbsent(k, x -> new long[2]);
                c[0]++;
                c[1] += e.size();
                all[0]++;
                all[1] += e.size();
            });
        }
        Table.Builder b = Table.builder("Usage by kind under " + where(store, shape.root()), "kind", "files", "bytes", "size");
        totals.forEach((k, c) -> b.row(k.label(), c[0], c[1], Sizes.human(c[1])));
        b.row("total", all[0], all[1], Sizes.human(all[1]));
        return b.build();
    }

    /** Parquet files and bytes per node and database, with names where the catalog has them. */
    public static Table byDatabase(Store store, String prefix) {
        Inspection in = Inspector.inspect(store, prefix);
        Table.Builder b = Table.builder("Parquet usage by database under " + where(store, in.root()), "node", "database", "files", "bytes", "size");
        for (NodeInfo n : in.nodes()) {
            for (DatabaseUsage d : n.parquet().databases()) {
                b.row(n.id(), InspectionReport.label(d.name(), d.id()), d.files(), d.bytes(), Sizes.human(d.bytes()));
            }
        }
        return b.build();
    }

    /** Parquet files and bytes per node, database and table. */
    public static Table byTable(Store store, String prefix) {
        Inspection in = Inspector.inspect(store, prefix);
        Table.Builder b = Table.builder("Parquet usage by table under " + where(store, in.root()),
                "node", "database", "table", "files", "bytes", "size");
        for (NodeInfo n : in.nodes()) {
            for (DatabaseUsage d : n.parquet().databases()) {
                for (TableUsage t : d.tables()) {
                    b.row(n.id(), InspectionReport.label(d.name(), d.id()), InspectionReport.label(t.name(), t.id()),
                            t.files(), t.bytes(), Sizes.human(t.bytes()));
                }
            }
        }
        return b.build();
    }

    private static String where(Store store, String root) {
        return root.isEmpty() ? store.location() : store.location() + " (" + root + ")";
    }
}
