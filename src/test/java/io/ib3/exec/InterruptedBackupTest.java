package io.ib3.exec;

import io.ib3.error.ExitCode;
import io.ib3.error.Ib3Exception;
import io.ib3.manifest.BackupCatalog;
import io.ib3.manifest.BackupInfo;
import io.ib3.manifest.Journal;
import io.ib3.manifest.ManifestCodec;
import io.ib3.report.ProgressListener;
import io.ib3.sample.SampleTrees;
import io.ib3.store.Store;
import io.ib3.testing.Backends;
import io.ib3.testing.HookedStore;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.ib3.testing.TreeAssert.assertSameTree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A backup whose target fails mid-way leaves no manifest, shows as incomplete, is refused by verify
 * and restore, and the same command again resumes: what the journal holds is not copied again.
 */
class InterruptedBackupTest {

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}")
    @EnumSource(Backends.class)
    void failedWriteLeavesAnIncompleteBackupThatResumes(Backends backend) {
        Store source = backend.open(tmp, "src");
        SampleTrees.core("node0").snapshots(6).walAfterSnapshot(4).writeTo(source, "");
        HookedStore backups = new HookedStore(backend.open(tmp, "backups")).failWrite(20);
        BackupJob.Options options = new BackupJob.Options("b1", false, 2, 3);

        Ib3Exception failed = assertThrows(Ib3Exception.class,
                () -> BackupJob.run(source, "", backups, options, ProgressListener.NONE));
        assertEquals(ExitCode.FAILED, failed.exitCode());
        assertTrue(failed.getMessage().contains("injected write failure"), failed.getMessage());
        Store backup = backups.real().at("b1");
        assertFalse(backup.stat(ManifestCodec.FILE).isPresent(), "no manifest after a failed run");
        int writtenBefore = backups.dataWrites().size();
        assertTrue(writtenBefore >= 20, "the run got as far as the failing write");

        BackupInfo info = BackupCatalog.list(backups.real()).backups().get(0);
        assertEquals("b1", info.name());
        assertEquals(BackupInfo.State.INCOMPLETE, info.state());
        assertTrue(info.objects() > 0);

        Ib3Exception verify = assertThrows(Ib3Exception.class, () -> VerifyJob.verify(backup, false, 2, ProgressListener.NONE));
        assertEquals(ExitCode.VERIFY_FAILED, verify.exitCode());
        Ib3Exception restore = assertThrows(Ib3Exception.class, () -> RestoreJob.preview(backup, backend.open(tmp, "rt"),
                RestoreJob.Options.defaults(), ProgressListener.NONE));
        assertEquals(ExitCode.REFUSED, restore.exitCode());
        assertTrue(restore.getMessage().contains("incomplete"), restore.getMessage());

        // objects the journal vouches for, outside the phases the server overwrites in place
        Set<String> journaled = new HashSet<>();
        Journal.read(backup, Journal.DEFAULT_PREFIX).keySet().stream()
                .filter(k -> !k.contains("/catalog/"))
                .forEach(k -> journaled.add("b1/" + k));
        assertTrue(journaled.size() >= 10, journaled.toString());

        backups.heal().clearRecords();
        BackupJob.Outcome resumed = BackupJob.run(source, "", backups, options, ProgressListener.NONE);
        List<String> again = backups.dataWrites();
        assertEquals(List.of(), again.stream().filter(journaled::contains).toList(), "journaled objects are not copied again");
        assertTrue(resumed.skipped() >= journaled.size(), "skipped " + resumed.skipped());
        assertEquals(resumed.manifest().entries().size(), resumed.copied() + resumed.skipped());
        assertTrue(again.size() < resumed.manifest().entries().size());

        VerifyJob.Outcome v = VerifyJob.verify(backup, true, 2, ProgressListener.NONE);
        assertTrue(v.ok(), v.report().problems().toString());
        assertEquals(BackupInfo.State.COMPLETE, BackupCatalog.list(backups.real()).backups().get(0).state());

        Store restored = backend.open(tmp, "rt");
        RestoreJob.Options ro = new RestoreJob.Options(false, true, 2, Duration.ZERO, null);
        RestoreJob.run(RestoreJob.preview(backup, restored, ro, ProgressListener.NONE), backup, restored, ro, ProgressListener.NONE);
        assertSameTree(Backends.contents(source, ""), Backends.contents(restored, ""));
    }
}
