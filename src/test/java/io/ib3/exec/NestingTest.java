package io.ib3.exec;

import io.ib3.error.ExitCode;
import io.ib3.error.Ib3Exception;
import io.ib3.report.ProgressListener;
import io.ib3.sample.SampleTrees;
import io.ib3.store.Store;
import io.ib3.testing.Backends;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Design.md rule 2: a target inside the source, a source inside the target, or one location for both is refused. */
class NestingTest {

    @TempDir
    Path tmp;

    private static void refused(Runnable r, String why) {
        Ib3Exception e = assertThrows(Ib3Exception.class, r::run);
        assertEquals(ExitCode.REFUSED, e.exitCode(), e.getMessage());
        assertTrue(e.getMessage().contains(why), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Backends.class)
    void backupAndRestoreRefuseNestedLocationsInOneStore(Backends backend) {
        Store store = backend.open(tmp, "store");
        SampleTrees.core("node0").snapshots(2).writeTo(store, "data");
        Map<String, byte[]> before = Backends.contents(store, "");
        BackupJob.Options o = new BackupJob.Options("b1", false, 2, 1);

        refused(() -> BackupJob.run(store, "data", store.at("data/backups"), o, ProgressListener.NONE), "inside the source");
        refused(() -> BackupJob.run(store, "data", store, o.withName("data"), ProgressListener.NONE), "same location");
        refused(() -> BackupJob.run(store, "data/node0", store.at("data"), o.withName("node0"), ProgressListener.NONE), "same location");
        refused(() -> BackupJob.plan(store, "data", store.at("data"), "b1", new io.ib3.plan.BackupPlanner.Options(false)), "inside the source");
        assertEquals(before.keySet(), Backends.contents(store, "").keySet(), "nothing written");

        // a sibling whose name starts like the source is not inside it
        BackupJob.run(store, "data", store.at("data2"), o, ProgressListener.NONE);
        Store backup = store.at("data2/b1");
        RestoreJob.Options ro = new RestoreJob.Options(true, false, 2, Duration.ZERO, null);
        refused(() -> RestoreJob.preview(backup, store.at("data2"), ro, ProgressListener.NONE), "inside the target");
        refused(() -> RestoreJob.preview(backup, store.at("data2/b1/x"), ro, ProgressListener.NONE), "inside the source");
        refused(() -> RestoreJob.preview(backup, store.at("data2/b1"), ro, ProgressListener.NONE), "same location");
        assertTrue(VerifyJob.verify(backup, true, 2, ProgressListener.NONE).ok());
    }
}
