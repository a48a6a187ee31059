package io.ib3.bench;

import io.ib3.store.s3.S3Stores;
import io.ib3.store.s3.S3Bucket;
import io.ib3.store.object.ObjectStore;
import io.ib3.exec.BackupJob;
import io.ib3.report.ProgressListener;
import io.ib3.sample.SampleTree;
import io.ib3.sample.SampleTrees;
import io.ib3.store.Entry;
import io.ib3.store.Store;
import io.ib3.store.s3.S3ServerExtension;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A measurement, not a test (surefire never runs it: it has a main method and no test name):
 * backs up one InfluxDB 3 tree of about 5,000 small objects S3 to S3 on S3Proxy, with server-side
 * copy and with forced streaming (the source wrapped in a view that hides that it is S3), 3 runs
 * each, interleaved in one JVM against one server, and prints wall times and the ratio.
 *
 * <pre>
 * mvn -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp target/classes:target/test-classes:$(cat target/cp.txt) -Dbasedir=. io.ib3.bench.S3CopyBench [runs [aws]]
 * </pre>
 */
public final class S3CopyBench {

    private S3CopyBench() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        // "aws" as second argument adds the pip/Debian aws CLI's "s3 sync" (CopyObject per key) as a third mode
        boolean withAws = args.length > 1 && args[1].equals("aws");
        S3ServerExtension s3 = S3ServerExtension.s3proxy().startStandalone();
        String srcBucket = s3.newBucket();
        String dstBucket = s3.newBucket();
        List<Store> opened = new ArrayList<>();
        ObjectStore<S3Bucket> source = open(s3, srcBucket, "data", opened);

        long t0 = System.nanoTime();
        // 400 snapshots of 10 tables: a snapshot file, 10 Parquet files of 4 KiB each, WAL of 2 KiB
        SampleTree tree = SampleTrees.core("node0").database("sensors", "t0", "t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8", "t9")
                .snapshots(400).walPerSnapshot(2).walKept(560).walAfterSnapshot(8).snapshotGaps(false)
                .parquetBytes(4096).walBytes(2048).writeTo(source, "");
        long objects;
        long bytes;
        try (Stream<Entry> s = source.list("")) {
            List<Entry> all = s.toList();
            objects = all.size();
            bytes = all.stream().mapToLong(Entry::size).sum();
        }
        System.out.printf(Locale.ROOT, "source: %s, %d objects, %.1f MiB, written in %.1f s (%d keys in the tree)%n",
                source.location(), objects, bytes / 1048576.0, (System.nanoTime() - t0) / 1e9, tree.keys().size());
        System.out.println("server: S3Proxy 4.1.0 (transient-nio2) at " + s3.endpoint() + "; client parallel: default (16)");
        System.out.println();
        System.out.println("run  mode          seconds  objects  server-side  client MiB");

        List<String> modes = new ArrayList<>(List.of("server-side", "streamed"));
        if (withAws) {
            modes.add("aws s3 sync");
        }
        java.util.Map<String, List<Double>> times = new java.util.LinkedHashMap<>();
        modes.forEach(m -> times.put(m, new ArrayList<>()));
        for (int run = 1; run <= runs; run++) {
            // rotate which mode goes first, so none always runs on a warmer server
            for (int i = 0; i < modes.size(); i++) {
                String mode = modes.get((i + run - 1) % modes.size());
                String prefix = "run" + run + "-" + mode.replace(' ', '-');
                long start = System.nanoTime();
                long count;
                long serverCopies = 0;
                double clientMiB = 0;
                if (mode.startsWith("aws")) {
                    count = awsSync(s3, "s3://" + srcBucket + "/data", "s3://" + dstBucket + "/" + prefix);
                } else {
                    Store from = mode.equals("server-side") ? source : new HiddenS3(source);
                    Store to = open(s3, dstBucket, prefix, opened);
                    BackupJob.Outcome o = BackupJob.run(from, "", to, BackupJob.Options.defaults().withName("b"), ProgressListener.NONE);
                    count = o.manifest().entries().size();
                    serverCopies = o.serverSide();
                    clientMiB = o.clientBytes() / 1048576.0;
                }
                double secs = (System.nanoTime() - start) / 1e9;
                times.get(mode).add(secs);
                // S3Proxy keeps objects in its heap: drop each copy, or later runs measure its GC
                removeAll(s3, dstBucket, prefix);
                boolean ours = !mode.startsWith("aws"); // the CLI's requests are not counted: "-"
                System.out.printf(Locale.ROOT, "%-4d %-13s %7.2f  %7d  %11s  %10s%n", run, mode, secs, count,
                        ours ? Long.toString(serverCopies) : "-", ours ? String.format(Locale.ROOT, "%.1f", clientMiB) : "-");
            }
        }
        System.out.println();
        double base = median(times.get("server-side"));
        for (String m : modes) {
            double med = median(times.get(m));
            System.out.printf(Locale.ROOT, "median %-13s %6.2f s  (%.2f x server-side)%n", m, med, med / base);
        }
        opened.forEach(Store::close);
        System.exit(0);
    }

    private static ObjectStore<S3Bucket> open(S3ServerExtension s3, String bucket, String prefix, List<Store> opened) {
        ObjectStore<S3Bucket> s = S3Stores.open(URI.create("s3://" + bucket + "/" + prefix), s3.options(), s3.env());
        opened.add(s);
        return s;
    }

    /** {@code aws s3 sync SRC DST} against the test server; returns the objects in DST. */
    private static long awsSync(S3ServerExtension s3, String from, String to) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("aws", "--endpoint-url", s3.endpoint().toString(), "--region", "us-east-1",
                "s3", "sync", "--only-show-errors", from, to).inheritIO();
        pb.environment().put("AWS_ACCESS_KEY_ID", s3.env().apply(S3ServerExtension.ACCESS_ENV));
        pb.environment().put("AWS_SECRET_ACCESS_KEY", s3.secretKey());
        pb.environment().remove("AWS_PROFILE");
        int rc = pb.start().waitFor();
        if (rc != 0) {
            throw new IllegalStateException("aws s3 sync exited with " + rc);
        }
        URI u = URI.create(to);
        try (ObjectStore<S3Bucket> dst = S3Stores.open(u, s3.options(), s3.env()); Stream<Entry> s = dst.list("")) {
            return s.count();
        }
    }

    private static void removeAll(S3ServerExtension s3, String bucket, String prefix) {
        try (ObjectStore<S3Bucket> dst = S3Stores.open(URI.create("s3://" + bucket + "/" + prefix), s3.options(), s3.env())) {
            List<String> keys;
            try (Stream<Entry> s = dst.list("")) {
                keys = s.map(Entry::key).toList();
            }
            keys.parallelStream().forEach(dst::delete);
        }
    }

    private static double median(List<Double> xs) {
        List<Double> s = xs.stream().sorted().toList();
        return s.size() % 2 == 1 ? s.get(s.size() / 2) : (s.get(s.size() / 2 - 1) + s.get(s.size() / 2)) / 2;
    }

    /**
     * The same store, except that no target can copy from it server-side: every object is read
     * and written through ib3.
     */
    static final class HiddenS3 extends io.ib3.testing.ForwardingStore {

        HiddenS3(Store store) {
            super(store);
        }

        @Override
        public Optional<String> nativeCrc32c(String key) {
            return real.nativeCrc32c(key);
        }
    }
}
