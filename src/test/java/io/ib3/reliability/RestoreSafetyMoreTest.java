package io.ib3.reliability;

import io.ib3.error.ExitCode;
import io.ib3.error.Ib3Exception;
import io.ib3.exec.BackupJob;
import io.ib3.exec.RestoreJob;
import io.ib3.report.ProgressListener;
import io.ib3.sample.SampleTrees;
import io.ib3.store.NioStore;
import io.ib3.store.Store;
import io.ib3.testing.Backends;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static io.ib3.testing.TreeAssert.assertSameTree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What RestoreSafetyTest does not cover: the storage engine and the Enterprise licence binding. */
class RestoreSafetyMoreTest {

    @TempDir
    Path tmp;

    @Test
    void aPachaTreeClusterIsRefusedBeforeAnythingIsWritten() {
        Store src = NioStore.local(tmp.resolve("src"));
        SampleTrees.enterprise("cluster0").nodes("ingest0").compactor("compactor0").pachaTree(true).writeTo(src, "");
        Store dst = NioStore.local(tmp.resolve("dst"));
        Ib3Exception e = assertThrows(Ib3Exception.class,
                () -> BackupJob.run(src, "", dst, new BackupJob.Options("b1", false, 2, 3), ProgressListener.NONE));
        assertEquals(ExitCode.REFUSED, e.exitCode());
        assertTrue(e.getMessage().contains("PachaTree"), e.getMessage());
        assertEquals(Map.of(), Backends.contents(dst, ""), "nothing written");
    }

    @Test
    void anEnterpriseBackupRestoredToAnotherStoreWarnsAboutTheLicenceBinding() {
        Store src = NioStore.local(tmp.resolve("src"));
        SampleTrees.enterprise("cluster0").nodes("ingest0").compactor("compactor0").writeTo(src, "");
        Store backups = NioStore.local(tmp.resolve("backups"));
        BackupJob.run(src, "", backups, new BackupJob.Options("b1", false, 2, 3), ProgressListener.NONE);
        Store backup = backups.at("b1");
        Store elsewhere = NioStore.local(tmp.resolve("elsewhere"));
        RestoreJob.Options o = new RestoreJob.Options(false, true, 2, Duration.ZERO, null);
        RestoreJob.Preview p = RestoreJob.preview(backup, elsewhere, o, ProgressListener.NONE);
        assertTrue(p.warnings().stream().anyMatch(w -> w.startsWith("licence binding") && w.contains(src.location())
                && w.contains(elsewhere.location())), p.warnings().toString());
        RestoreJob.run(p, backup, elsewhere, o, ProgressListener.NONE);
        assertSameTree(Backends.contents(src, ""), Backends.contents(elsewhere, ""));
    }
}
