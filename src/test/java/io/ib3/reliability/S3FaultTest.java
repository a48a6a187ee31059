package io.ib3.reliability;

import io.ib3.store.s3.S3Bucket;
import io.ib3.store.object.ObjectStore;
import io.ib3.App;
import io.ib3.error.Ib3Exception;
import io.ib3.exec.BackupJob;
import io.ib3.exec.RestoreJob;
import io.ib3.exec.VerifyJob;
import io.ib3.manifest.ManifestCodec;
import io.ib3.report.ProgressListener;
import io.ib3.sample.SampleTrees;
import io.ib3.host.Host;
import io.ib3.store.NioStore;
import io.ib3.store.Store;
import io.ib3.store.s3.S3Config;
import io.ib3.store.s3.S3ServerExtension;
import io.ib3.testing.Backends;
import io.ib3.reliability.WireMockFaults.Fault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static io.ib3.testing.TreeAssert.assertSameTree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults between ib3 and a real S3 server (S3Proxy): WireMock in between answers 500, 503
 * SlowDown, resets connections, sends garbage, breaks chunked bodies and stalls beyond the socket
 * timeout, on a seeded schedule; a TCP proxy of our own cuts connections at exact byte offsets in
 * the middle of uploads and downloads. Backup, verify and restore either complete with every byte
 * right (the SDK's and ib3's retries) or fail with one line and no manifest, and a re-run completes.
 */
class S3FaultTest {

    @RegisterExtension
    static final S3ServerExtension S3 = S3ServerExtension.s3proxy();

    private static final long MIB = 1024 * 1024;
    private static final Duration SOCKET_TIMEOUT = Duration.ofMillis(800);
    private static WireMockFaults wiremock;

    @TempDir
    Path tmp;

    @BeforeAll
    static void proxy() throws IOException {
        wiremock = WireMockFaults.start(S3.endpoint());
    }

    @AfterAll
    static void stop() {
        if (wiremock != null) {
            wiremock.close();
        }
    }

    /** A Core node with two Parquet files large enough for multipart uploads (two 5 MiB parts each). */
    private Store source(long seed) {
        Store src = NioStore.local(tmp.resolve("src"));
        SampleTrees.core("node0").snapshots(2).database("sensors", "cpu").parquetBytes((int) (5 * MIB + 300 * 1024))
                .seed(seed).writeTo(src, "");
        return src;
    }

    private static ObjectStore<S3Bucket> store(URI endpoint, String bucket, SdkAttempts attempts) {
        S3Config config = S3.config().endpoint(endpoint.toString()).partSize(5 * MIB).multipartThreshold(5 * MIB)
                .parallel(2).socketTimeout(SOCKET_TIMEOUT).attempts(5).interceptor(attempts).build();
        return new ObjectStore<>(new S3Bucket(config, bucket), "");
    }

    private static Fault[] pick(SplittableRandom random, int n, Fault... from) {
        Fault[] out = new Fault[n];
        for (int i = 0; i < n; i++) {
            out[i] = from[random.nextInt(from.length)];
        }
        return out;
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {7, 11})
    void seededFaultsOnEveryOperationAreRetriedAndNothingIsLost(long seed) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        String bucket = S3.newBucket();
        Store src = source(seed);
        SdkAttempts sdk = new SdkAttempts();
        ObjectStore<S3Bucket> target = store(wiremock.endpoint, bucket, sdk);
        Duration stall = SOCKET_TIMEOUT.multipliedBy(3);
        String objects = "/" + bucket + "/.+";

        // schedules of at most 4 faults in a row: fewer than the 5 attempts the client makes, so
        // even when one request draws every fault of a schedule it gets through
        // backup: faults on object and part uploads, and on multipart create/complete
        Fault[] puts = pick(random, 3 + random.nextInt(2), Fault.ERROR_500, Fault.SLOW_DOWN_503, Fault.CONNECTION_RESET,
                Fault.RANDOM_DATA_THEN_CLOSE, Fault.STALL);
        Fault[] posts = pick(random, 1 + random.nextInt(2), Fault.ERROR_500, Fault.CONNECTION_RESET);
        String putFaults = wiremock.schedule("PUT", objects, stall, puts);
        String postFaults = wiremock.schedule("POST", objects, stall, posts);
        BackupJob.Outcome b = BackupJob.run(src, "", target, new BackupJob.Options("b1", false, 2, 3), ProgressListener.NONE);
        int backupFaults = wiremock.served(putFaults) + wiremock.served(postFaults);
        assertEquals(puts.length + posts.length, backupFaults, "every scheduled fault was served");
        long backupRetries = sdk.retries();
        long backupResent = sdk.bytesResent.get();
        assertTrue(backupRetries >= backupFaults, "each fault cost at least one retry: " + backupRetries);
        wiremock.heal();

        // verify --deep: faults on HEAD (the stored CRC32C) and GET
        sdk.reset();
        Store backup = target.at("b1");
        String heads = wiremock.schedule("HEAD", objects, stall, pick(random, 3, Fault.ERROR_500, Fault.SLOW_DOWN_503,
                Fault.CONNECTION_RESET, Fault.STALL));
        VerifyJob.Outcome v = VerifyJob.verify(backup, true, 2, ProgressListener.NONE);
        assertTrue(v.ok(), v.report().problems().toString());
        int verifyFaults = wiremock.served(heads);
        long verifyRetries = sdk.retries();
        wiremock.heal();

        // restore: faults on downloads, including bodies broken after the status line
        sdk.reset();
        Fault[] gets = pick(random, 3 + random.nextInt(2), Fault.ERROR_500, Fault.SLOW_DOWN_503, Fault.CONNECTION_RESET,
                Fault.RANDOM_DATA_THEN_CLOSE, Fault.MALFORMED_RESPONSE_CHUNK, Fault.STALL);
        String getFaults = wiremock.schedule("GET", objects, stall, gets);
        Store restored = NioStore.local(tmp.resolve("restored"));
        RestoreJob.Options ro = new RestoreJob.Options(false, true, 2, Duration.ZERO, null);
        RestoreJob.run(RestoreJob.preview(backup, restored, ro, ProgressListener.NONE), backup, restored, ro, ProgressListener.NONE);
        int restoreFaults = wiremock.served(getFaults);
        wiremock.heal();
        assertSameTree(Backends.contents(src, ""), Backends.contents(restored, ""));
        assertTrue(restoreFaults > 0);

        Report.line("S3FaultTest seed " + seed, "3 runs (backup, verify --deep, restore) completed; faults injected "
                + (backupFaults + verifyFaults + restoreFaults) + " (backup " + backupFaults + " " + List.of(puts) + List.of(posts)
                + ", verify " + verifyFaults + ", restore " + restoreFaults + " " + List.of(gets) + "); SDK retries backup "
                + backupRetries + ", verify " + verifyRetries + ", restore " + sdk.retries() + "; bytes re-sent by the SDK "
                + backupResent + "; objects " + b.manifest().entries().size());
        target.close();
    }

    @Test
    void connectionsCutAtExactOffsetsMidUploadAndMidDownload() throws Exception {
        String bucket = S3.newBucket();
        Store src = source(3);
        try (CutProxy cut = new CutProxy(S3.endpoint())) {
            SdkAttempts sdk = new SdkAttempts();
            ObjectStore<S3Bucket> target = store(cut.endpoint(), bucket, sdk);
            // the connection that carries the 2 MiB-th byte up is cut there: inside a 5 MiB part;
            // then one cut inside the request headers of another connection
            cut.arm(CutProxy.Direction.UPLOAD, 2 * MIB, 1);
            BackupJob.run(src, "", target, new BackupJob.Options("b1", false, 2, 3), ProgressListener.NONE);
            int upCuts = cut.cuts.get();
            long upRetries = sdk.retries();
            long resent = sdk.bytesResent.get();
            assertEquals(1, upCuts);
            assertTrue(upRetries >= 1, "retried: " + upRetries);
            Store backup = target.at("b1");
            assertTrue(VerifyJob.verify(backup, true, 2, ProgressListener.NONE).ok());
            assertEquals(List.of(), S3.client().listMultipartUploads(r -> r.bucket(bucket)).uploads(), "no orphaned multipart uploads");

            // downloads cut in the middle of 5 MiB Parquet bodies, twice: the read goes on from
            // the byte it reached (a ranged GET pinned to the ETag)
            cut.arm(CutProxy.Direction.DOWNLOAD, MIB + 4321, 2);
            sdk.reset();
            Store restored = NioStore.local(tmp.resolve("restored"));
            RestoreJob.Options ro = new RestoreJob.Options(false, true, 2, Duration.ZERO, null);
            RestoreJob.run(RestoreJob.preview(backup, restored, ro, ProgressListener.NONE), backup, restored, ro, ProgressListener.NONE);
            int downCuts = cut.cuts.get() - upCuts;
            assertEquals(2, downCuts, "both armed download cuts fired");
            assertSameTree(Backends.contents(src, ""), Backends.contents(restored, ""));
            Report.line("S3FaultTest cuts", "2 runs completed; connections cut at exact offsets: " + upCuts
                    + " mid-upload (2 MiB), " + downCuts + " mid-download (1 MiB + 4321 bytes); SDK retries on upload " + upRetries
                    + ", bytes re-sent " + resent + "; the cut downloads went on from where they stopped");
            target.close();
        }
    }

    /** Through the console: a store that keeps failing ends the backup with one line, exit 1, no manifest; a re-run completes. */
    @Test
    void persistentFailureIsOneLineWithNoManifestAndTheSameCommandThenCompletes() throws Exception {
        String bucket = S3.newBucket();
        Path data = tmp.resolve("src");
        source(5);
        Path profiles = Files.createDirectories(tmp.resolve("profiles"));
        Files.writeString(profiles.resolve("faulty.yaml"), String.join("\n",
                "location: s3://" + bucket,
                "options:",
                "  endpoint: " + wiremock.endpoint,
                "  region: us-east-1",
                "  stripHeaders: x-amz-mp-object-size",
                "  socketTimeout: 800ms",
                "  attempts: 2",
                "credentials:",
                "  env: {accessKey: " + S3ServerExtension.ACCESS_ENV + ", secretKey: " + S3ServerExtension.SECRET_ENV + "}", ""));
        String walPuts = wiremock.always500("PUT", "/" + bucket + "/b1/node0/wal/.*");
        Host host = new Host(Map.of(S3ServerExtension.ACCESS_ENV, S3.env().apply(S3ServerExtension.ACCESS_ENV),
                S3ServerExtension.SECRET_ENV, S3.env().apply(S3ServerExtension.SECRET_ENV)), tmp, tmp.resolve("home"));

        String[] out = new String[2];
        int code = run(host, out, "backup", "--from", data.toString(), "--to", "@faulty", "--name", "b1", "--parallel", "2");
        assertEquals(1, code, out[1]);
        String err = out[1];
        assertTrue(err.contains("s3://" + bucket + "/b1/node0/wal/") && err.contains("500"), err);
        assertFalse(err.contains("\tat ") || err.contains("Exception"), "no stack trace: " + err);
        // progress lines come first on stderr; the error is one line, then hints only
        List<String> tail = err.lines().dropWhile(l -> !l.startsWith("error: ")).toList();
        assertFalse(tail.isEmpty(), err);
        tail.subList(1, tail.size()).forEach(l -> assertTrue(l.startsWith("hint: "), "one error line plus hints: " + err));
        assertFalse(S3.client().listObjectsV2(r -> r.bucket(bucket).prefix("b1/" + ManifestCodec.FILE)).hasContents(),
                "no manifest after a failed backup");
        assertFalse(err.contains(S3.secretKey()));

        wiremock.heal();
        Path script = tmp.resolve("again.ib3");
        Files.writeString(script, String.join("\n", "mount t @faulty",
                "backup --from " + data.toUri() + " --to t: --name b1 --parallel 2", "verify t:/b1 --deep", ""));
        code = run(host, out, "--script", script.toString());
        assertEquals(0, code, out[0] + out[1]);
        assertTrue(S3.client().listObjectsV2(r -> r.bucket(bucket).prefix("b1/" + ManifestCodec.FILE)).hasContents());
        Report.line("S3FaultTest console", "2 runs: a PUT answered 500 every time -> exit 1, one error line, no manifest: '"
                + tail.get(0) + "'; after healing the same command resumed and verify --deep passed");
    }

    private static int run(Host host, String[] out, String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = App.run(args, host, new PrintStream(o), new PrintStream(e), false);
        out[0] = o.toString(StandardCharsets.UTF_8);
        out[1] = e.toString(StandardCharsets.UTF_8);
        return code;
    }
}
