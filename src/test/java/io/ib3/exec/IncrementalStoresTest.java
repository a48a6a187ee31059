package io.ib3.exec;

import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import io.ib3.layout.Seqs;
import io.ib3.layout.WalHeader;
import io.ib3.manifest.BackupCatalog;
import io.ib3.manifest.BackupInfo;
import io.ib3.manifest.BackupRef;
import io.ib3.plan.Retention;
import io.ib3.report.ProgressListener;
import io.ib3.sample.SampleTree;
import io.ib3.sample.SampleTrees;
import io.ib3.store.Keys;
import io.ib3.store.NioStore;
import io.ib3.store.Store;
import io.ib3.store.azure.AzureContainer;
import io.ib3.store.azure.AzuriteExtension;
import io.ib3.store.gcs.GcsConfig;
import io.ib3.store.gcs.GcsBucket;
import io.ib3.store.s3.S3ServerExtension;
import io.ib3.store.s3.S3Stores;
import io.ib3.store.object.ObjectStore;
import io.ib3.testing.Backends;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.ib3.testing.TreeAssert.assertSameTree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Incremental chains and retention on every kind of store and across them: a full backup, an
 * incremental after a small change, a prune that removes the full one; the incremental verifies
 * deep and restores to a local disk byte for byte before and after.
 */
class IncrementalStoresTest {

    @RegisterExtension
    static final S3ServerExtension S3 = S3ServerExtension.s3proxy();
    @RegisterExtension
    static final AzuriteExtension AZ = new AzuriteExtension();

    private static final List<Store> OPENED = new ArrayList<>();
    private static String bucket;
    private static String container;
    private static int n;

    @TempDir
    Path tmp;

    @BeforeAll
    static void buckets() {
        bucket = S3.newBucket();
        container = AZ.newContainer();
    }

    @AfterAll
    static void close() {
        OPENED.forEach(Store::close);
    }

    private static <T extends Store> T opened(T s) {
        OPENED.add(s);
        return s;
    }

    private Store store(String kind, String name) {
        String prefix = name + "-" + (++n);
        return switch (kind) {
            case "file" -> NioStore.local(tmp.resolve(prefix));
            case "s3" -> opened(S3Stores.open(URI.create("s3://" + bucket + "/" + prefix), S3.options(), S3.env()));
            case "azure" -> opened(new ObjectStore<>(new AzureContainer(AZ.config().build(), AzuriteExtension.ACCOUNT, container), prefix));
            case "gcs" -> opened(new ObjectStore<>(new GcsBucket(GcsConfig.builder().build(), LocalStorageHelper.getOptions().getService(),
                    "bucket"), prefix));
            default -> throw new IllegalArgumentException(kind);
        };
    }

    /** "source kind to backup kind". */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"file>s3", "s3>s3", "file>azure", "s3>azure", "file>gcs"})
    void aChainAndItsPruningWorkOnEveryStore(String path) {
        String[] kinds = path.split(">");
        Store source = store(kinds[0], "src");
        SampleTree tree = SampleTrees.core("node0").writeTo(source, "");
        Store backups = store(kinds[1], "backups");
        BackupJob.run(source, "", backups, BackupJob.Options.defaults().withName("b1"), ProgressListener.NONE);
        byte[] w = WalHeader.frame("one more flush".getBytes(StandardCharsets.US_ASCII));
        source.write(Keys.join("node0", Seqs.walPath(tree.node("node0").walLast() + 1)), new ByteArrayInputStream(w), w.length);
        Map<String, byte[]> expected = Backends.contents(source, "");
        expected.keySet().removeIf(k -> tree.stagingKeys().contains(k) || tree.derivedKeys().contains(k));

        BackupJob.Outcome b2 = BackupJob.run(source, "", backups, BackupJob.Options.defaults().withName("b2").incrementalOn(null),
                ProgressListener.NONE);
        assertTrue(b2.reused() > 0 && b2.copied() < b2.reused(), path + ": copied " + b2.copied() + ", reused " + b2.reused());
        assertRestores(backups, expected, path);

        PruneJob.prune(backups, new PruneJob.Options(new Retention.Policy(1, 0, 0, 0, 0), false, true), ProgressListener.NONE);
        assertEquals(BackupInfo.State.RETIRED, BackupCatalog.list(backups).backups().get(0).state());
        assertRestores(backups, expected, path + " after prune");
    }

    private void assertRestores(Store backups, Map<String, byte[]> expected, String what) {
        BackupRef ref = new BackupRef(backups, "b2");
        VerifyJob.Outcome v = VerifyJob.verify(ref, true, 8, false, ProgressListener.NONE);
        assertTrue(v.ok(), what + ": " + v.report().problems());
        Store target = NioStore.local(tmp.resolve("restored-" + (++n)));
        RestoreJob.Options o = new RestoreJob.Options(false, true, 8, Duration.ZERO, null);
        RestoreJob.run(RestoreJob.preview(ref, target, o, ProgressListener.NONE), ref, target, o, ProgressListener.NONE);
        assertSameTree(expected, Backends.contents(target, ""));
    }
}
