package io.ib3.reliability;

import io.ib3.store.azure.AzureContainer;
import io.ib3.store.object.ObjectStore;
import io.ib3.error.ExitCode;
import io.ib3.error.Ib3Exception;
import io.ib3.exec.BackupJob;
import io.ib3.exec.RestoreJob;
import io.ib3.exec.VerifyJob;
import io.ib3.manifest.ManifestCodec;
import io.ib3.report.ProgressListener;
import io.ib3.sample.SampleTrees;
import io.ib3.store.NioStore;
import io.ib3.store.Store;
import io.ib3.store.azure.AzuriteExtension;
import io.ib3.testing.Backends;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static io.ib3.reliability.WireMockFaults.Fault;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults between ib3 and Azure Blob storage: WireMock (out of process) as a transparent proxy in
 * front of Azurite, with seeded 500, 503 and connection-reset schedules on uploads, reads and
 * property lookups. A backup file→Azure, a deep verify and a restore Azure→file complete byte for
 * byte through them (the SDK's retries); a store that keeps failing ends a backup with exit 1 and
 * no manifest and a verify with a read failure (exit 1, not "damaged"), and the same commands then
 * complete.
 */
class AzureFaultTest {

    @RegisterExtension
    static final AzuriteExtension AZ = new AzuriteExtension();

    private static WireMockFaults wiremock;

    @TempDir
    Path tmp;

    @BeforeAll
    static void proxy() throws IOException {
        URI blob = AZ.endpoint();
        wiremock = WireMockFaults.start(URI.create(blob.getScheme() + "://" + blob.getAuthority()));
    }

    @AfterAll
    static void stop() {
        if (wiremock != null) {
            wiremock.close();
        }
    }

    /** Through the proxy; few tries, so a persistent fault ends in about a second. */
    private static ObjectStore<AzureContainer> store(String container, int attempts) {
        return new ObjectStore<>(new AzureContainer(AZ.config().endpoint(wiremock.endpoint + "/" + AzuriteExtension.ACCOUNT).attempts(attempts)
                .blockSize(1024 * 1024).singleUploadThreshold(1024 * 1024).parallel(2).build(), AzuriteExtension.ACCOUNT, container), "");
    }

    /** A Core node whose Parquet files (1.5 MiB) go up as staged blocks, the rest in single PUTs. */
    private Store source(long seed) {
        Store src = NioStore.local(tmp.resolve("src"));
        SampleTrees.core("node0").snapshots(2).database("sensors", "cpu").parquetBytes(3 * 512 * 1024).seed(seed).writeTo(src, "");
        return src;
    }

    private static Fault[] pick(SplittableRandom random, int n) {
        Fault[] from = {Fault.ERROR_500, Fault.SLOW_DOWN_503, Fault.CONNECTION_RESET};
        Fault[] out = new Fault[n];
        for (int i = 0; i < n; i++) {
            out[i] = from[random.nextInt(from.length)];
        }
        return out;
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {3, 8})
    void seededFaultsAreRetriedAndNothingIsLost(long seed) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        String container = AZ.newContainer();
        Store src = source(seed);
        String blobs = "/" + AzuriteExtension.ACCOUNT + "/" + container + "/.+";
        // schedules shorter than the 4 tries a request gets: even one request drawing them all gets through
        try (ObjectStore<AzureContainer> target = store(container, 4)) {
            Fault[] puts = pick(random, 2 + random.nextInt(2));
            String putFaults = wiremock.schedule("PUT", blobs, Duration.ZERO, puts);
            BackupJob.Outcome b = BackupJob.run(src, "", target, new BackupJob.Options("b1", false, 2, 3), ProgressListener.NONE);
            int backupFaults = wiremock.served(putFaults);
            assertEquals(puts.length, backupFaults, "every scheduled fault was served");
            wiremock.heal();

            Fault[] reads = pick(random, 2 + random.nextInt(2));
            String getFaults = wiremock.schedule("GET", blobs, Duration.ZERO, reads);
            Store backup = target.at("b1");
            VerifyJob.Outcome v = VerifyJob.verify(backup, true, 2, ProgressListener.NONE);
            assertTrue(v.ok(), v.report().problems().toString());
            int verifyFaults = wiremock.served(getFaults);
            wiremock.heal();

            Fault[] restoreReads = pick(random, 2 + random.nextInt(2));
            String restoreFaults = wiremock.schedule("GET", blobs, Duration.ZERO, restoreReads);
            Fault[] heads = pick(random, 1);
            String headFaults = wiremock.schedule("HEAD", blobs, Duration.ZERO, heads);
            Store restored = NioStore.local(tmp.resolve("restored"));
            RestoreJob.Options ro = new RestoreJob.Options(false, true, 2, Duration.ZERO, null);
            RestoreJob.run(RestoreJob.preview(backup, restored, ro, ProgressListener.NONE), backup, restored, ro, ProgressListener.NONE);
            int restoreServed = wiremock.served(restoreFaults) + wiremock.served(headFaults);
            wiremock.heal();
            assertSameTree(Backends.contents(src, ""), Backends.contents(restored, ""));
            Report.line("AzureFaultTest seed " + seed, "3 runs (backup, verify --deep, restore) through WireMock to Azurite completed;"
                    + " faults injected " + (backupFaults + verifyFaults + restoreServed) + " (backup " + List.of(puts) + ", verify "
                    + verifyFaults + " " + List.of(reads) + ", restore " + restoreServed + " " + List.of(restoreReads) + List.of(heads)
                    + "); objects " + b.manifest().entries().size());
        }
    }

    @Test
    void aStoreThatKeepsFailingEndsCleanlyAndTheSameRunsThenComplete() throws Exception {
        String container = AZ.newContainer();
        Store src = source(5);
        String blobs = "/" + AzuriteExtension.ACCOUNT + "/" + container + "/.+";
        try (ObjectStore<AzureContainer> target = store(container, 2)) {
            // every upload of a WAL file fails (the SDK sends blob names with / as %2F): the backup
            // stops with exit 1 and no manifest
            wiremock.always500("PUT", blobs.replace(".+", "b1.+wal.+"));
            Ib3Exception e = assertThrows(Ib3Exception.class,
                    () -> BackupJob.run(src, "", target, new BackupJob.Options("b1", false, 2, 3), ProgressListener.NONE));
            assertEquals(ExitCode.FAILED, e.exitCode(), e.getMessage());
            assertTrue(e.getMessage().contains("node0/wal/"), e.getMessage());
            assertFalse(target.at("b1").stat(ManifestCodec.FILE).isPresent());
            wiremock.heal();
            BackupJob.Outcome b = BackupJob.run(src, "", target, new BackupJob.Options("b1", false, 2, 3), ProgressListener.NONE);
            assertTrue(b.skipped() > 0, "the re-run resumed");

            // every read of a Parquet file fails during verify --deep: a read failure, not damage
            wiremock.always500("GET", blobs.replace(".+", "b1.+dbs.+"));
            Store backup = target.at("b1");
            Ib3Exception r = assertThrows(Ib3Exception.class, () -> VerifyJob.verify(backup, true, 2, ProgressListener.NONE));
            assertEquals(ExitCode.FAILED, r.exitCode(), r.getMessage());
            assertTrue(r.getMessage().startsWith("cannot read ") && r.getMessage().contains("node0/dbs/"), r.getMessage());
            assertTrue(r.hints().stream().anyMatch(h -> h.contains("says nothing about the backup")), r.hints().toString());
            // and a restore that cannot read the backup fails the same way instead of refusing it as damaged
            Store restored = NioStore.local(tmp.resolve("restored"));
            RestoreJob.Options ro = new RestoreJob.Options(false, true, 2, Duration.ZERO, null);
            Ib3Exception rr = assertThrows(Ib3Exception.class, () -> RestoreJob.preview(backup, restored, ro, ProgressListener.NONE));
            assertEquals(ExitCode.FAILED, rr.exitCode(), rr.getMessage());
            wiremock.heal();
            assertTrue(VerifyJob.verify(backup, true, 2, ProgressListener.NONE).ok());
            RestoreJob.run(RestoreJob.preview(backup, restored, ro, ProgressListener.NONE), backup, restored, ro, ProgressListener.NONE);
            assertSameTree(Backends.contents(src, ""), Backends.contents(restored, ""));
            Report.line("AzureFaultTest persistent", "a persistent 500 on WAL uploads ended the backup with exit 1 and no manifest,"
                    + " the re-run resumed (" + b.skipped() + " objects kept) and completed; a persistent 500 on reads ended verify --deep"
                    + " and restore with exit 1 (read failure), then both completed");
        }
    }

    private static void assertSameTree(Map<String, byte[]> expected, Map<String, byte[]> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((k, v) -> assertArrayEquals(v, actual.get(k), k));
    }
}
