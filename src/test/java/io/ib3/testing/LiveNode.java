package io.ib3.testing;

import io.ib3.layout.CatalogGeneration;
import io.ib3.layout.CatalogV3Header;
import io.ib3.layout.ParquetFileRef;
import io.ib3.layout.ParquetFrame;
import io.ib3.layout.Seqs;
import io.ib3.layout.SnapshotFile;
import io.ib3.layout.WalHeader;
import io.ib3.sample.SampleTreeBuilder;
import io.ib3.store.Keys;
import io.ib3.store.Store;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An InfluxDB 3 Core node simulated on a store, in its own thread, while a backup reads the store
 * (influxdb3-layout.md §2.2 and §5). Every step writes one WAL file ({@code idb3.001} frame); every
 * {@link Speed#walPerSnapshot()}-th WAL file carries the snapshot marker, and then the node persists
 * the snapshot in the server's order: that WAL file, the snapshot's Parquet files, the snapshot
 * JSON, and only then deletes WAL files numbered below the snapshot's WAL number less the keep
 * window. The catalog grows (a new table, so a new v3 log) every few snapshots and its checkpoint
 * ({@code catalog/v3/snapshot}) is overwritten in place; retention deletes the oldest snapshot's
 * Parquet files between snapshots and the next snapshot lists them in {@code removed_files}.
 *
 * <p>Seeded (bodies, row counts) and bounded ({@code maxSteps}); the timing of the thread is the
 * only thing that is not reproducible, which is the point. Everything it writes is kept in
 * {@link #written()} so a test can compare a backup byte for byte.
 */
public final class LiveNode implements AutoCloseable {

    /**
     * @param name           for reports
     * @param stepMillis     pause between two WAL files
     * @param walPerSnapshot WAL files per snapshot (at least 2, so a pause point with WAL after the newest snapshot exists)
     * @param keep           {@code --snapshotted-wal-files-to-keep}
     * @param catalogEvery   a new table (catalog log) every this many snapshots
     * @param retentionEvery retention removes the oldest snapshot's files every this many snapshots (0 = never)
     */
    public record Speed(String name, int stepMillis, int walPerSnapshot, int keep, int catalogEvery, int retentionEvery) {
        public static final Speed SLOW = new Speed("slow", 25, 4, 3, 3, 4);
        public static final Speed MEDIUM = new Speed("medium", 4, 3, 2, 2, 3);
        public static final Speed FAST = new Speed("fast", 1, 2, 1, 2, 2);

        @Override
        public String toString() {
            return name;
        }
    }

    private static final int MAX_TABLES = 3;
    private static final long BASE_TIME_NS = 1_781_704_800_000_000_000L;
    private static final long TEN_MINUTES_NS = 600_000_000_000L;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter HOUR_MINUTE = DateTimeFormatter.ofPattern("HH-mm").withZone(ZoneOffset.UTC);

    private final Store store;
    private final String node;
    private final Speed speed;
    private final int maxSteps;
    private final SplittableRandom random;
    private final byte[] catalogUuid = new byte[16];
    private final Map<String, byte[]> written = new ConcurrentHashMap<>();
    private final java.util.Set<String> deleted = ConcurrentHashMap.newKeySet();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    // node state: touched only by the thread that runs steps (bootstrap, then the node thread)
    private long wal;
    private long snapshot;
    private long oldestWal = 1;
    private long nextFileId;
    private final List<CatalogV3Header.Record> catalog = new ArrayList<>();
    private final Deque<List<ParquetFileRef>> liveBySnapshot = new ArrayDeque<>();
    private List<ParquetFileRef> pendingRemoved = new ArrayList<>();
    private int tables = 1;

    // what tests may read while the node runs
    private volatile long steps;
    private volatile long newestSnapshot;
    private volatile long lowestWal = 1;
    private volatile boolean stop;
    private volatile boolean pauseRequested;
    private volatile boolean paused;
    private Thread thread;

    public LiveNode(Store store, String node, long seed, Speed speed, int maxSteps) {
        if (speed.walPerSnapshot() < 2) {
            throw new IllegalArgumentException("walPerSnapshot must be at least 2");
        }
        this.store = store;
        this.node = node;
        this.speed = speed;
        this.maxSteps = maxSteps;
        this.random = new SplittableRandom(seed);
        new SplittableRandom(seed ^ 0x5eed).nextBytes(catalogUuid);
        // the node registers itself, then its database and first table: catalog sequences 1..3
        appendCatalog("Node", node);
        appendCatalog("Database", "sensors");
        appendCatalog("Table", "t0");
        writeCatalogCheckpoint();
    }

    /** Runs steps in the caller's thread until {@code n} snapshots exist (a tree to back up). */
    public LiveNode bootstrap(int n) {
        while (snapshot < n) {
            step();
        }
        // and one WAL file after the newest snapshot, as a running server has
        step();
        return this;
    }

    /** Starts the node's thread. */
    public LiveNode start() {
        thread = new Thread(this::run, "live-node-" + node);
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    private void run() {
        try {
            while (!stop && steps < maxSteps) {
                boolean snapshotted = step();
                if (!snapshotted && pauseRequested) {
                    synchronized (this) {
                        paused = true;
                        notifyAll();
                        while (pauseRequested && !stop) {
                            wait();
                        }
                        paused = false;
                    }
                }
                if (speed.stepMillis() > 0) {
                    Thread.sleep(speed.stepMillis());
                } else {
                    Thread.onSpinWait();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            failure.set(t);
        }
    }

    /**
     * Stops the node at the next point where WAL files exist after its newest snapshot (never in the
     * middle of persisting a snapshot) and waits until it is there.
     */
    public synchronized void pause() throws InterruptedException {
        pauseRequested = true;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!paused && thread.isAlive()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IllegalStateException("live node did not pause");
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    public synchronized void resume() {
        pauseRequested = false;
        notifyAll();
    }

    /** Waits until the node has deleted every WAL file up to {@code seq} (bounded). */
    public void awaitWalDeletedThrough(long seq) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (lowestWal <= seq) {
            if (System.nanoTime() > deadline || !thread.isAlive()) {
                throw new IllegalStateException("live node did not delete WAL " + seq + " (lowest WAL " + lowestWal + ")");
            }
            Thread.sleep(1);
        }
    }

    /** Stops the thread; rethrows what failed in it. */
    @Override
    public void close() {
        stop = true;
        resume();
        if (thread != null) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Throwable t = failure.get();
        if (t != null) {
            throw new IllegalStateException("live node failed", t);
        }
    }

    /**
     * Waits until the node has persisted a snapshot that it began after this call (bounded): a
     * test's store hook calls it in the middle of a listing to put a snapshot there, all of whose
     * files are written after the listing began. One snapshot may be half persisted when it is
     * called (its Parquet files written, its JSON not yet): the one after it is the one waited for.
     */
    public void awaitNextSnapshot() {
        long now = newestSnapshot;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (newestSnapshot <= now + 1) {
            if (System.nanoTime() > deadline || !thread.isAlive()) {
                throw new IllegalStateException("live node made no snapshot after " + now);
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** Parquet files retention deleted (which a later snapshot lists in removed_files). */
    public java.util.Set<String> deleted() {
        return deleted;
    }

    /** Every object the node wrote, by key (an overwritten object with its newest bytes). */
    public Map<String, byte[]> written() {
        return written;
    }

    public long steps() {
        return steps;
    }

    public long newestSnapshot() {
        return newestSnapshot;
    }

    /** Number of the newest WAL file (meaningful while paused or stopped). */
    public long newestWal() {
        return wal;
    }

    // ------------------------------------------------------------------ one step

    /** One WAL file; persists a snapshot when it carries the marker. Returns whether it did. */
    private boolean step() {
        wal++;
        put(Keys.join(node, Seqs.walPath(wal)), WalHeader.frame(bytes(24 + random.nextInt(40))));
        boolean snapshotted = wal % speed.walPerSnapshot() == 0;
        if (snapshotted) {
            persistSnapshot();
        } else if (speed.retentionEvery() > 0 && pendingRemoved.isEmpty() && snapshot > 0
                && snapshot % speed.retentionEvery() == 0 && liveBySnapshot.size() > 2) {
            // retention purges the oldest files; the next snapshot says so in removed_files
            pendingRemoved = liveBySnapshot.removeFirst();
            for (ParquetFileRef f : pendingRemoved) {
                deleted.add(f.path());
                store.delete(f.path());
            }
        }
        steps++;
        return snapshotted;
    }

    private void persistSnapshot() {
        snapshot++;
        if (snapshot % speed.catalogEvery() == 0) {
            // a write to a new table (the catalog changes before the data that needs it), then,
            // to keep snapshots small, other catalog changes (tokens)
            if (tables < MAX_TABLES) {
                appendCatalog("Table", "t" + tables++);
            } else {
                appendCatalog("Token", "token" + catalog.size());
            }
            if (snapshot % (2L * speed.catalogEvery()) == 0) {
                writeCatalogCheckpoint();
            }
        }
        long chunk = BASE_TIME_NS + snapshot * TEN_MINUTES_NS;
        Instant t = Instant.ofEpochSecond(0, chunk);
        List<ParquetFileRef> added = new ArrayList<>();
        for (int table = 0; table < tables; table++) {
            String path = Keys.join(node, "dbs", "1", Integer.toString(table), DAY.format(t), HOUR_MINUTE.format(t),
                    Seqs.pad(wal, 10) + ".parquet");
            byte[] bytes = ParquetFrame.frame(bytes(64 + random.nextInt(128)), bytes(16));
            put(path, bytes);
            added.add(new ParquetFileRef(1, table, nextFileId++, path, bytes.length, 10 + random.nextInt(90), chunk, chunk,
                    chunk + TEN_MINUTES_NS - 1_000_000_000L));
        }
        List<ParquetFileRef> removed = pendingRemoved;
        pendingRemoved = new ArrayList<>();
        long size = added.stream().mapToLong(ParquetFileRef::sizeBytes).sum();
        long rows = added.stream().mapToLong(ParquetFileRef::rowCount).sum();
        SnapshotFile s = new SnapshotFile(null, node, nextFileId, snapshot, wal, catalog.size(), size, rows, chunk,
                chunk + TEN_MINUTES_NS - 1_000_000_000L, added, removed, true);
        put(Keys.join(node, Seqs.snapshotPath(snapshot)), SampleTreeBuilder.snapshotJson(s));
        liveBySnapshot.addLast(added);
        newestSnapshot = snapshot;
        // WAL cleanup after the snapshot file is persisted: [oldest, W - keep)
        for (; oldestWal < wal - speed.keep(); oldestWal++) {
            store.delete(Keys.join(node, Seqs.walPath(oldestWal)));
            lowestWal = oldestWal + 1;
        }
    }

    private void appendCatalog(String kind, String name) {
        long seq = catalog.size() + 1;
        CatalogV3Header.Record r = new CatalogV3Header.Record(switch (kind) {
            case "Node" -> 1;
            case "Database" -> 4;
            case "Table" -> 6;
            default -> 20;
        }, seq,
                (kind + "\u0000" + name).getBytes(StandardCharsets.UTF_8));
        catalog.add(r);
        put(CatalogGeneration.V3.logKey(node, seq), CatalogV3Header.build(false, catalogUuid, seq, List.of(r)));
    }

    /** The checkpoint holds every record so far; the server overwrites it in place. */
    private void writeCatalogCheckpoint() {
        put(CatalogGeneration.V3.snapshotKey(node), CatalogV3Header.build(true, catalogUuid, catalog.size(), List.copyOf(catalog)));
    }

    private void put(String key, byte[] data) {
        store.write(key, new ByteArrayInputStream(data), data.length);
        written.put(key, data);
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    @Override
    public String toString() {
        return "live node " + node + " (" + speed + ", " + steps + " steps, snapshot " + newestSnapshot + ")";
    }
}
