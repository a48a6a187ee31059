package io.ib3.reliability;

import io.ib3.error.ExitCode;
import io.ib3.error.Ib3Exception;
import io.ib3.exec.BackupJob;
import io.ib3.exec.VerifyJob;
import io.ib3.report.ProgressListener;
import io.ib3.sample.SampleTrees;
import io.ib3.store.ObjectNotFoundException;
import io.ib3.store.Store;
import io.ib3.store.StoreException;
import io.ib3.testing.Backends;
import io.ib3.testing.HookedStore;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * On any store: an object the store fails to deliver during verify --deep is a read failure
 * (exit 1, the store's reason, "says nothing about the backup"), while an object that is gone is
 * damage (a problem, exit 3). The object stores (S3, Azure, GCS) all report delivery failures as
 * {@link StoreException}; AzureFaultTest shows it against a real server.
 */
class VerifyReadFailureTest {

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}")
    @EnumSource(Backends.class)
    void aStoreThatCannotDeliverIsNotDamage(Backends backend) {
        Store source = backend.open(tmp, "src");
        SampleTrees.core("node0").writeTo(source, "");
        Store backups = backend.open(tmp, "backups");
        BackupJob.run(source, "", backups, new BackupJob.Options("b1", false, 2, 3), ProgressListener.NONE);

        HookedStore failing = new HookedStore(backups.at("b1")).beforeOpen(k -> {
            if (k.contains("/dbs/")) {
                throw new StoreException("cannot read " + k + ": connection refused", null);
            }
        });
        Ib3Exception e = assertThrows(Ib3Exception.class, () -> VerifyJob.verify(failing, true, 2, ProgressListener.NONE));
        assertEquals(ExitCode.FAILED, e.exitCode());
        assertTrue(e.getMessage().startsWith("cannot read ") && e.getMessage().contains("connection refused"), e.getMessage());

        HookedStore vanishing = new HookedStore(backups.at("b1")).beforeOpen(k -> {
            if (k.contains("/dbs/")) {
                throw new ObjectNotFoundException(backups.location(), k);
            }
        });
        VerifyJob.Outcome v = VerifyJob.verify(vanishing, true, 2, ProgressListener.NONE);
        assertFalse(v.ok());
        assertTrue(v.report().problems().stream().anyMatch(p -> p.problem().contains("missing")), v.report().problems().toString());
    }
}
