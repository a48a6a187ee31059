package io.ib3.exec;

import io.ib3.manifest.BackupCatalog;
import io.ib3.manifest.BackupInfo;
import io.ib3.manifest.Manifest;
import io.ib3.manifest.ManifestCodec;
import io.ib3.manifest.ManifestVerifier;
import io.ib3.manifest.RecoveryPoint;
import io.ib3.manifest.VerifyReport;
import io.ib3.report.ProgressListener;
import io.ib3.store.NioStore;
import io.ib3.store.Store;
import io.ib3.testing.Trees;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The way backup, verify, restore and backups list use these pieces together. */
class BackupFlowTest {

    @Test
    void backupThenVerifyThenRestoreThenList(@TempDir Path src, @TempDir Path dst, @TempDir Path restored) throws IOException {
        List<CopyPhase> phases = List.of(new CopyPhase("snapshots", Trees.files(src, "node0/snapshots", 2, 300)),
                new CopyPhase("parquet", Trees.files(src, "node0/dbs/1/2", 5, 9000)),
                new CopyPhase("wal", Trees.files(src, "node0/wal", 4, 800), true),
                new CopyPhase("catalog", Trees.files(src, "catalog/v3/logs", 3, 200)));
        Store source = NioStore.local(src);
        Store backup = NioStore.local(dst).at("backup-1");
        Instant started = Instant.now();

        ExecResult copied = new Executor().run(source, backup, phases, ExecOptions.defaults(3), ProgressListener.NONE);
        assertTrue(copied.ok());
        Manifest m = Manifest.of("0.1.0", started, Instant.now(), source.location(), io.ib3.layout.Product.CORE, null, List.of("node0"), "v3",
                List.of(new RecoveryPoint("node0", 2L, 1L, 4L, null, null, 3L)), null, copied.manifestEntries());
        ManifestCodec.write(backup, m);

        Manifest read = ManifestCodec.read(backup);
        VerifyReport report = ManifestVerifier.verify(backup, read, true, ProgressListener.NONE);
        assertTrue(report.ok(), report.problems().toString());
        assertEquals(14, report.deepChecked());
        assertEquals(List.of(), report.warnings(), "the journal is not an unexpected object");

        List<CopyItem> back = read.entries().stream()
                .map(e -> new CopyItem(e.key(), e.key(), e.size(), e.crc32c())).toList();
        ExecResult restoredRun = new Executor().run(backup, NioStore.local(restored), List.of(new CopyPhase("restore", back)),
                ExecOptions.defaults(2).withoutJournal(), ProgressListener.NONE);
        assertTrue(restoredRun.ok());
        assertFalse(Files.exists(restored.resolve("ib3-journal")), "no journal when the caller asks for none");
        for (CopyPhase p : phases) {
            for (CopyItem i : p.items()) {
                assertEquals(-1L, Files.mismatch(src.resolve(i.sourceKey()), restored.resolve(i.targetKey())));
            }
        }

        BackupCatalog.Listing listing = BackupCatalog.list(NioStore.local(dst));
        assertEquals(1, listing.backups().size());
        assertEquals(BackupInfo.State.COMPLETE, listing.backups().get(0).state());
        assertEquals(14, listing.backups().get(0).objects());
    }
}
