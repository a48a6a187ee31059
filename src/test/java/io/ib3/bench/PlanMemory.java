package io.ib3.bench;

import io.ib3.exec.BackupJob;
import io.ib3.plan.BackupPlanner;
import io.ib3.plan.Plan;
import io.ib3.plan.PlanStep;
import io.ib3.sample.SampleTrees;
import io.ib3.store.Capability;
import io.ib3.store.Entry;
import io.ib3.store.NioStore;
import io.ib3.store.Store;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * How much heap a backup plan of N objects holds: a real Core node (catalog, snapshots, WAL) whose
 * listing also yields N Parquet files that exist only as listing entries, so a million objects need
 * no disk. Run with the heap limit under test:
 *
 * <pre>java -Xmx512m -cp target/test-classes:target/classes:target/ib3.jar io.ib3.bench.PlanMemory 1000000</pre>
 *
 * Prints the objects planned, the heap in use with the plan held (after a full GC) and the time.
 */
public final class PlanMemory {

    private PlanMemory() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path dir = Files.createTempDirectory("ib3-planmem");
        NioStore real = NioStore.local(dir.resolve("src"));
        SampleTrees.core("node0").snapshots(3).writeTo(real, "");
        Store source = new Listed(real, n);
        long t0 = System.nanoTime();
        Plan plan = BackupJob.plan(source, "", NioStore.local(dir.resolve("dst")), "b", new BackupPlanner.Options(false));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        long objects = plan.steps().stream().mapToLong(s -> s.items().size()).sum();
        System.gc();
        long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long max = Runtime.getRuntime().maxMemory();
        System.out.printf("plan of %d objects in %d ms; heap in use with the plan held: %d MiB of max %d MiB%n",
                objects, ms, used >> 20, max >> 20);
        // keep the plan reachable until after the measurement
        if (plan.steps().stream().map(PlanStep::phase).count() < 0) {
            System.out.println(plan);
        }
    }

    /** A store whose listing adds {@code extra} Parquet entries (no data) to a real tree. */
    private static final class Listed implements Store {
        private final NioStore real;
        private final int extra;

        Listed(NioStore real, int extra) {
            this.real = real;
            this.extra = extra;
        }

        @Override
        public String location() {
            return real.location();
        }

        @Override
        public Set<Capability> capabilities() {
            return real.capabilities();
        }

        @Override
        public Stream<Entry> list(String prefix) {
            Stream<Entry> synthetic = IntStream.range(0, extra).mapToObj(i -> Entry.file(
                    String.format("node0/dbs/%d/%d/2026-06-%02d/%02d-%02d/%010d.parquet", 1 + i % 3, i % 7, 1 + (i / 1440) % 28,
                            (i / 60) % 24, i % 60, i), 4096 + i % 65536, Instant.EPOCH));
            return Stream.concat(real.list(prefix), prefix.isEmpty() ? synthetic : Stream.empty());
        }

        @Override
        public List<Entry> children(String folder) {
            return real.children(folder);
        }

        @Override
        public Optional<Entry> stat(String key) {
            return real.stat(key);
        }

        @Override
        public InputStream open(String key, long offset) {
            return real.open(key, offset);
        }

        @Override
        public void write(String key, InputStream content, long size) {
            throw new UnsupportedOperationException("read-only");
        }

        @Override
        public void delete(String key) {
            throw new UnsupportedOperationException("read-only");
        }
    }
}
