package io.ib3.bench;

import io.ib3.manifest.Manifest;
import io.ib3.manifest.ManifestCodec;
import io.ib3.manifest.ManifestEntry;
import io.ib3.store.Entry;
import io.ib3.store.NioStore;
import io.ib3.store.Store;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Manifest writing (write + the read-back check, as a backup does it) and reading (what verify
 * starts with) for a backup of {@code entries} objects; and listing a backup folder of that many
 * files with NioStore (the no-data-read half of verify).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ManifestBench {

    @Param({"20000"})
    int entries;

    private Path dir;
    private Store store;
    private Manifest manifest;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("ib3-jmh");
        store = NioStore.local(dir);
        List<ManifestEntry> list = new ArrayList<>();
        for (int i = 0; i < entries; i++) {
            String key = String.format("node0/dbs/1/%d/2026-06-17/%02d-%02d/%010d.parquet", i % 4, (i / 6) % 24, i % 60, i);
            list.add(new ManifestEntry(key, "dbs node0", 4096 + i, String.format("%08x", i * 2654435761L & 0xffffffffL)));
            Path f = dir.resolve(key);
            Files.createDirectories(f.getParent());
            Files.write(f, new byte[0]);
        }
        manifest = Manifest.of("bench", Instant.EPOCH, Instant.EPOCH, "file:///src", "core", null, List.of("node0"), "v3",
                List.of(), com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode(), list);
        ManifestCodec.write(store, manifest);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Benchmark
    public void writeWithReadBack() {
        ManifestCodec.write(store, manifest);
    }

    @Benchmark
    public Manifest read() {
        return ManifestCodec.read(store);
    }

    @Benchmark
    public long listing() {
        try (Stream<Entry> s = store.list("")) {
            return s.mapToLong(Entry::size).sum();
        }
    }
}
