package io.ib3.bench;

import io.ib3.layout.LayoutPath;
import io.ib3.layout.PathClassifier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Turning a listing into a scan: every key of a 20,000-object node classified by the layout rules. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ClassifyBench {

    private final List<String> keys = new ArrayList<>();

    @Setup
    public void setUp() {
        for (int i = 0; i < 14_000; i++) {
            keys.add(String.format("dbs/1/%d/2026-06-17/%02d-%02d/%010d.parquet", i % 4, (i / 6) % 24, i % 60, i));
        }
        for (int i = 0; i < 3_000; i++) {
            keys.add(String.format("wal/%020d.wal", 660_000 + i));
            keys.add(String.format("snapshots/%020d.info.json", Long.MAX_VALUE - i));
        }
    }

    @Benchmark
    public void classify(Blackhole bh) {
        for (String k : keys) {
            LayoutPath p = PathClassifier.classify(k);
            bh.consume(p);
        }
    }
}
