package io.ib3.bench;

import io.ib3.layout.ParquetFileRef;
import io.ib3.layout.ParquetFrame;
import io.ib3.layout.Seqs;
import io.ib3.layout.SnapshotFile;
import io.ib3.layout.WalHeader;
import io.ib3.plan.SourceScan;
import io.ib3.sample.SampleTreeBuilder;
import io.ib3.store.Keys;
import io.ib3.store.NioStore;
import io.ib3.store.Store;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntSupplier;

/**
 * Adds a day of writes to the benchmark trees {@link GenerateTree} made, as a running server would
 * leave them: per data node, {@code N} more snapshots (a snapshot every 10 minutes is 144 a day),
 * each with a Parquet file per table (the generator's size mix), and the WAL window moved on (the
 * old files deleted, as many new ones written after the newest snapshot's WAL number). What the
 * nightly incremental backup copies.
 *
 * <pre>java -cp target/ib3.jar:target/test-classes io.ib3.bench.AppendDay DIR [SNAPSHOTS]</pre>
 *
 * Prints {@code objects bytes} written on stdout.
 */
public final class AppendDay {

    private static final long TEN_MINUTES_NS = 600_000_000_000L;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter HOUR_MINUTE = DateTimeFormatter.ofPattern("HH-mm").withZone(ZoneOffset.UTC);

    private long objects;
    private long bytes;

    private AppendDay() {
    }

    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: AppendDay DIR [SNAPSHOTS]");
            System.exit(2);
        }
        int snapshots = args.length > 1 ? Integer.parseInt(args[1]) : 144;
        AppendDay day = new AppendDay();
        for (String tree : new String[] {"core", "enterprise"}) {
            Store store = NioStore.local(Path.of(args[0]).resolve(tree));
            SourceScan scan = SourceScan.of(store, "");
            scan.snapshots().forEach((node, list) -> day.node(store, scan, node, list, snapshots));
        }
        System.out.println(day.objects + " " + day.bytes);
    }

    private void node(Store store, SourceScan scan, String node, List<SnapshotFile> snapshots, int n) {
        SnapshotFile newest = snapshots.get(snapshots.size() - 1);
        LinkedHashSet<List<Long>> tables = new LinkedHashSet<>();
        newest.added().forEach(f -> tables.add(List.of(f.dbId(), f.tableId())));
        long walPer = Math.max(1, newest.walSequence() / Math.max(1, newest.sequence()));
        List<Long> oldWal = new ArrayList<>();
        for (SourceScan.SourceObject o : scan.objectsOf(node)) {
            if (o.kind() == io.ib3.layout.FileKind.WAL) {
                oldWal.add(o.path().sequence());
            }
        }
        IntSupplier sizes = GenerateTree.sizes(newest.sequence() + node.hashCode());
        SplittableRandom random = new SplittableRandom(newest.sequence());
        long fileId = newest.nextFileId() == null ? 1_000_000 : newest.nextFileId();
        long wal = newest.walSequence();
        long seq = newest.sequence();
        long time = newest.hasTimeRange() ? newest.maxTime() + 1 : 1_781_704_800_000_000_000L;
        for (int i = 0; i < n; i++) {
            seq++;
            wal += walPer;
            time += TEN_MINUTES_NS;
            Instant t = Instant.ofEpochSecond(0, time);
            List<ParquetFileRef> added = new ArrayList<>();
            for (List<Long> table : tables) {
                String path = Keys.join(node, "dbs", table.get(0).toString(), table.get(1).toString(), DAY.format(t),
                        HOUR_MINUTE.format(t), Seqs.pad(wal, 10) + ".parquet");
                byte[] body = new byte[Math.max(16, sizes.getAsInt() - 24)];
                random.nextBytes(body);
                byte[] file = ParquetFrame.frame(body, new byte[8]);
                put(store, path, file);
                added.add(new ParquetFileRef(table.get(0), table.get(1), fileId++, path, file.length, 1000, time, time,
                        time + TEN_MINUTES_NS - 1));
            }
            long size = added.stream().mapToLong(ParquetFileRef::sizeBytes).sum();
            SnapshotFile s = new SnapshotFile(null, node, fileId, seq, wal, newest.catalogSequence(), size, 1000L * added.size(),
                    time, time + TEN_MINUTES_NS - 1, added, List.of(), true);
            put(store, Keys.join(node, Seqs.snapshotPath(seq)), SampleTreeBuilder.snapshotJson(s));
        }
        // the WAL window moved on: as many files as before, ending a little after the newest snapshot
        for (long old : oldWal) {
            store.delete(Keys.join(node, Seqs.walPath(old)));
        }
        long after = Math.max(1, oldWal.size() / 10);
        for (long w = wal - oldWal.size() + after + 1; w <= wal + after; w++) {
            byte[] body = new byte[8 * 1024];
            random.nextBytes(body);
            put(store, Keys.join(node, Seqs.walPath(w)), WalHeader.frame(body));
        }
    }

    private void put(Store store, String key, byte[] data) {
        store.write(key, new ByteArrayInputStream(data), data.length);
        objects++;
        bytes += data.length;
    }
}
