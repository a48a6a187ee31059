package io.ib3.exec;

import io.ib3.report.ProgressListener;
import io.ib3.store.NioStore;
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

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The executor's inner copy: source stream → CRC32C → target. {@code memory} isolates the checksum
 * and buffer handling; {@code file} is a whole NioStore write (temp file, copy, rename) from a file
 * in the page cache. {@code buffer} 8192 is what the JDK's transferTo uses; 1048576 is ib3's.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ChecksumCopyBench {

    @Param({"65536", "67108864"})
    int size;

    @Param({"8192", "1048576"})
    int buffer;

    private byte[] data;
    private Path dir;
    private Path sourceFile;
    private NioStore target;
    private int n;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        data = new byte[size];
        new SplittableRandom(1).nextBytes(data);
        dir = Files.createTempDirectory("ib3-jmh");
        sourceFile = dir.resolve("source.bin");
        Files.write(sourceFile, data);
        target = NioStore.local(dir.resolve("target"));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** The expected size that makes ChecksumStream pick {@code buffer}. */
    private long sizeHint() {
        return buffer <= 8192 ? 0 : Math.max(size, buffer);
    }

    @Benchmark
    public String memory() throws IOException {
        ChecksumStream in = new ChecksumStream(new ByteArrayInputStream(data), new CancelToken(), ProgressListener.NONE,
                sizeHint());
        in.transferTo(OutputStream.nullOutputStream());
        return in.crc32c();
    }

    @Benchmark
    public String file() throws IOException {
        try (InputStream raw = Files.newInputStream(sourceFile)) {
            ChecksumStream in = new ChecksumStream(raw, new CancelToken(), ProgressListener.NONE, sizeHint());
            target.write("d/" + (n++ % 64) + ".bin", in, size);
            return in.crc32c();
        }
    }
}
