package io.ib3.exec;

import io.ib3.manifest.Manifest;
import io.ib3.manifest.ManifestCodec;
import io.ib3.report.ProgressListener;
import io.ib3.sample.SampleTrees;
import io.ib3.store.Entry;
import io.ib3.store.NioStore;
import io.ib3.store.Store;
import io.ib3.store.s3.S3ServerExtension;
import io.ib3.store.s3.S3Stores;
import io.ib3.testing.Backends;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static io.ib3.testing.TreeAssert.assertSameTree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Backups the documented S3 scripts make ({@code aws s3 sync} of each node's snapshots, dbs and wal,
 * then the catalog, {@code aws s3 cp} of the checkpoint, the {@code enterprise} file and licences,
 * into {@code BACKUP_PREFIX/<id>/…}) on a real S3 server: adopted, verified deep and restored to a
 * local disk, they give back exactly what the scripts copied.
 */
class DocScriptS3Test {

    @RegisterExtension
    static final S3ServerExtension S3 = S3ServerExtension.s3proxy();

    private static final List<Store> OPENED = new ArrayList<>();

    @TempDir
    Path tmp;

    @AfterAll
    static void close() {
        OPENED.forEach(Store::close);
    }

    private static Store s3(String bucket, String prefix) {
        Store s = S3Stores.open(URI.create("s3://" + bucket + "/" + prefix), S3.options(), S3.env());
        OPENED.add(s);
        return s;
    }

    /** What the S3 scripts copy of one object key (relative to the data root). */
    private static boolean scriptCopies(String key, String clusterId) {
        String owner = key.substring(0, key.indexOf('/'));
        String inside = key.substring(key.indexOf('/') + 1);
        String top = inside.contains("/") ? inside.substring(0, inside.indexOf('/')) : inside;
        if (owner.equals(clusterId)) {
            return List.of("catalog", "_catalog_checkpoint", "enterprise", "commercial_license", "trial_or_home_license").contains(top);
        }
        return List.of("snapshots", "dbs", "wal", "catalog", "_catalog_checkpoint", "cs", "cd", "c").contains(top)
                && (clusterId == null || !top.startsWith("catalog") && !top.equals("_catalog_checkpoint"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"core", "enterprise"})
    void anAdoptedS3ScriptBackupRestoresWhatTheScriptCopied(String kind) {
        String bucket = S3.newBucket();
        Store source = s3(bucket, "data-" + kind);
        String cluster = kind.equals("core") ? null : "cluster0";
        (cluster == null ? SampleTrees.core("node0") : SampleTrees.enterprise(cluster).nodes("ingest1").compactor("compactor0"))
                .derived(true).writeTo(source, "");
        // aws s3 sync / cp of the documented prefixes into the backup prefix, same keys below it
        Store backup = s3(bucket, "backup-20261201-120000");
        Map<String, byte[]> expected = new TreeMap<>();
        Backends.contents(source, "").forEach((k, v) -> {
            if (scriptCopies(k, cluster)) {
                backup.write(k, new ByteArrayInputStream(v), v.length);
                expected.put(k, v);
            }
        });

        AdoptJob.Outcome o = AdoptJob.run(backup, new AdoptJob.Options(null, false, 0, false), ProgressListener.NONE);
        assertTrue(o.ok(), o.problems().toString());
        Manifest m = ManifestCodec.read(backup);
        assertEquals(expected.size(), m.entries().size());
        assertTrue(m.entries().stream().allMatch(e -> e.stored() == null), "node folders are there: stored where their key says");
        VerifyJob.Outcome v = VerifyJob.verify(backup, true, 8, ProgressListener.NONE);
        assertTrue(v.ok(), v.report().problems().toString());
        assertEquals(expected.size(), v.report().deepChecked());

        Store target = NioStore.local(tmp.resolve("restored-" + kind));
        RestoreJob.Options options = new RestoreJob.Options(false, true, 0, Duration.ZERO, null);
        RestoreJob.Preview preview = RestoreJob.preview(backup, target, options, ProgressListener.NONE);
        RestoreJob.run(preview, backup, target, options, ProgressListener.NONE);
        assertSameTree(expected, Backends.contents(target, ""));
        try (Stream<Entry> s = target.list("")) {
            assertEquals(expected.size(), s.count());
        }
    }
}
