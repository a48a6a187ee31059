package io.ib3.plan;

import io.ib3.layout.ParquetFileRef;
import io.ib3.layout.SnapshotFile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Parquet files a node's snapshots make live, folded the way the server folds them
 * ({@code persisted_files.rs}): add each snapshot's files, oldest snapshot first, then drop the
 * files a later snapshot lists in {@code removed_files}, by id (by path for redacted ids).
 */
public final class LiveFiles {

    /** A live Parquet file and the snapshot that added it. */
    public record Ref(ParquetFileRef file, long addedBy) {
        public String key() {
            return file.path();
        }
    }

    private LiveFiles() {
    }

    /** @param snapshots one node's snapshots, oldest first */
    public static List<Ref> of(List<SnapshotFile> snapshots) {
        Map<Object, Ref> live = new LinkedHashMap<>();
        for (SnapshotFile s : snapshots) {
            for (ParquetFileRef f : s.added()) {
                live.put(f.id() != null ? f.id() : f.path(), new Ref(f, s.sequence()));
            }
            for (ParquetFileRef f : s.removed()) {
                live.remove(f.id() != null ? f.id() : f.path());
            }
        }
        return new ArrayList<>(live.values());
    }
}
