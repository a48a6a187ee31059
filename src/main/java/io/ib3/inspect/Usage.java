package io.ib3.inspect;

import io.ib3.layout.FileKind;
import io.ib3.layout.PathClassifier;
import io.ib3.store.Entry;
import io.ib3.store.Keys;
import io.ib3.store.Store;

import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Stream;

/** Disk usage of an InfluxDB 3 tree grouped by file kind ({@code du --by kind}); by database and table the inspection says. */
public final class Usage {

    private Usage() {
    }

    /**
     * Objects and bytes per kind of a tree.
     *
     * @param where  the tree, for people
     * @param totals {files, bytes} per kind
     * @param all    {files, bytes} in all
     */
    public record KindUsage(String where, Map<FileKind, long[]> totals, long[] all) {
    }

    /** Objects and bytes per {@link FileKind}, one streaming pass, no reads. */
    public static KindUsage byKind(Store store, String prefix) {
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
        return new KindUsage(where(store, shape.root()), totals, all);
    }

    /** A tree for people: its store, and the prefix inside it. */
    public static String where(Store store, String root) {
        return root.isEmpty() ? store.location() : store.location() + " (" + root + ")";
    }
}
