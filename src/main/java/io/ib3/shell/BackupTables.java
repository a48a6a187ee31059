package io.ib3.shell;

import io.ib3.manifest.BackupCatalog;
import io.ib3.manifest.BackupInfo;
import io.ib3.manifest.RecoveryPoint;
import io.ib3.report.Sizes;
import io.ib3.report.Table;
import io.ib3.store.Keys;

import java.util.stream.Collectors;

/** {@code backups list} for people: one row per backup with its chain, state, sizes and recovery point. */
public final class BackupTables {

    private BackupTables() {
    }

    public static Table table(BackupCatalog.Listing listing) {
        Table.Builder t = Table.builder("backups in " + listing.location() + ": " + listing.backups().size(),
                "NAME", "TYPE", "PARENT", "STATE", "CREATED", "OBJECTS", "SIZE", "HELD HERE", "RECOVERY POINT", "NOTE");
        for (BackupInfo b : listing.backups()) {
            String rp = b.recoveryPoint().stream().map(BackupTables::recoveryPointText).collect(Collectors.joining("; "));
            // a retired folder holds what others use of it, not what its old manifest listed
            boolean counted = b.state() != BackupInfo.State.FOREIGN && b.state() != BackupInfo.State.RETIRED;
            t.row(b.name(), b.type() == null ? "-" : b.type(), b.parent() == null ? "-" : b.parent(), b.state().label(),
                    b.createdAt() == null ? "?" : b.createdAt().toString(), counted ? b.objects() : "?",
                    counted ? Sizes.human(b.bytes()) : "?", counted ? Sizes.human(b.ownBytes()) : "?", rp, b.note());
        }
        return t.build();
    }

    /** "node0: snapshot 12, wal 40-57, catalog 88". */
    static String recoveryPointText(RecoveryPoint rp) {
        StringBuilder s = new StringBuilder(Keys.printable(rp.node())).append(':');
        s.append(" snapshot ").append(rp.snapshot() == null ? "none" : rp.snapshot());
        if (rp.walFirst() != null || rp.walLast() != null) {
            s.append(", wal ").append(rp.walFirst() == null ? "?" : rp.walFirst()).append('-')
                    .append(rp.walLast() == null ? "?" : rp.walLast());
        }
        if (rp.catalogSequence() != null) {
            s.append(", catalog ").append(rp.catalogSequence());
        }
        return s.toString();
    }
}
