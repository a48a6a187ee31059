package io.ib3.bench;

import io.ib3.layout.CatalogGeneration;
import io.ib3.sample.SampleTree;
import io.ib3.sample.SampleTreeBuilder;
import io.ib3.sample.SampleTrees;
import io.ib3.store.NioStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.function.IntSupplier;

/**
 * Writes the benchmark's source trees: a Core node under {@code DIR/core} and an Enterprise cluster
 * (two ingest nodes and a compactor) under {@code DIR/enterprise}. At scale 1 that is about 20,000
 * objects and 2 GiB: thousands of small WAL, snapshot and catalog files, Parquet files mostly of
 * 4 KiB to 256 KiB with one in 500 of 16 to 64 MiB. Deterministic: the same scale gives the same bytes.
 *
 * <pre>java -cp target/ib3.jar:target/test-classes io.ib3.bench.GenerateTree DIR [SCALE]</pre>
 *
 * Prints {@code objects bytes} on stdout for the harness.
 */
public final class GenerateTree {

    private static final int KIB = 1024;
    private static final int MIB = 1024 * KIB;

    /** At scale 1, per ingest node: 1,100 snapshots × 4 tables = 4,400 Parquet files, 900 WAL files. */
    private static final int SNAPSHOTS = 1100;
    private static final int WAL_KEPT = 900;
    private static final int WAL_BYTES = 8 * KIB;

    private GenerateTree() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: GenerateTree DIR [SCALE]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        double scale = args.length > 1 ? Double.parseDouble(args[1]) : 1.0;
        Files.createDirectories(dir);
        int snapshots = Math.max(2, (int) Math.round(SNAPSHOTS * scale));
        int walKept = Math.max(2, (int) Math.round(WAL_KEPT * scale));
        SampleTree core = shape(SampleTrees.core("node0"), snapshots, walKept, 1)
                .writeTo(NioStore.local(dir.resolve("core")), "");
        SampleTree ent = shape(SampleTrees.enterprise("cluster0").nodes("ingest1", "ingest2").compactor("compactor0"),
                snapshots, walKept, 2).writeTo(NioStore.local(dir.resolve("enterprise")), "");
        long objects = core.keys().size() + ent.keys().size();
        long bytes = 0;
        for (Path root : new Path[] {dir.resolve("core"), dir.resolve("enterprise")}) {
            try (var s = Files.walk(root)) {
                bytes += s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
            }
        }
        System.out.println(objects + " " + bytes);
    }

    private static SampleTreeBuilder shape(SampleTreeBuilder b, int snapshots, int walKept, long seed) {
        return b.catalog(CatalogGeneration.V3).snapshots(snapshots).snapshotGaps(false).walPerSnapshot(600)
                .walKept(walKept).walAfterSnapshot(walKept / 10 + 1).database("sensors", "cpu", "mem", "disk", "net")
                .walBytes(WAL_BYTES).parquetSizes(sizes(seed)).seed(seed);
    }

    /** Mostly small files (log-uniform 4–256 KiB), every 500th one large (16–64 MiB). */
    static IntSupplier sizes(long seed) {
        SplittableRandom random = new SplittableRandom(seed * 7919);
        int[] n = {0};
        return () -> {
            int i = n[0]++;
            if (i % 500 == 250) {
                return 16 * MIB + random.nextInt(48 * MIB + 1);
            }
            return (int) Math.round(4 * KIB * Math.pow(64, random.nextDouble()));
        };
    }
}
