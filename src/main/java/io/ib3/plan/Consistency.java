package io.ib3.plan;

import io.ib3.layout.Product;
import io.ib3.inspect.Inspection;
import io.ib3.layout.FileKind;
import io.ib3.layout.ParquetFileRef;
import io.ib3.layout.SnapshotFile;
import io.ib3.manifest.RecoveryPoint;
import io.ib3.manifest.VerifyReport.Problem;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The consistency rules a restorable tree obeys (design.md rule 4), checked on a scanned tree:
 * the source before a backup, the copy after it, a backup when verified.
 *
 * <ol>
 *   <li>every Parquet file referenced by the snapshots (less those a later snapshot removed) is
 *       present with the size the snapshot records;</li>
 *   <li>WAL files after the newest snapshot's {@code wal_file_sequence_number} are contiguous
 *       (a hole there is data a restore would lose);</li>
 *   <li>the catalog sequence is at least the highest {@code catalog_sequence_number} of the
 *       snapshots (else restored data could name tables the catalog does not know).</li>
 * </ol>
 * It also states what the tree restores to, per node.
 *
 * @param recoveryPoint per node with data
 * @param problems      violations; a backup with any is not good
 * @param warnings      things that are expected in a live system but worth saying
 * @param excused       keys of referenced Parquet files absent from the tree that the caller
 *                      excused (confirmed absent from the source when it was backed up): neither
 *                      problems nor warnings here, the caller records and reports them as a
 *                      problem of the source
 */
public record Consistency(List<RecoveryPoint> recoveryPoint, List<Problem> problems, List<Problem> warnings,
                          List<String> excused) {

    public boolean ok() {
        return problems.isEmpty();
    }

    /**
     * Checks a scanned tree.
     *
     * @param excused keys of referenced Parquet files that are known to be absent from the source
     *                (the store confirmed it when the source was scanned): not held against this tree
     */
    public static Consistency check(SourceScan scan, Set<String> excused) {
        List<RecoveryPoint> points = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        List<Problem> warnings = new ArrayList<>();
        List<String> excusedFound = new ArrayList<>();
        Inspection in = scan.inspection();
        scan.unreadable().forEach((key, why) -> problems.add(new Problem(key, "unreadable snapshot: " + why)));
        for (Inspection.NodeInfo node : in.nodes()) {
            List<SourceScan.SourceObject> objects = scan.objectsOf(node.id());
            List<SnapshotFile> snapshots = scan.snapshotsOf(node.id());
            // sizes of the referenced files only: a node may hold a million objects, its
            // snapshots reference far fewer, and a map of every object would be most of the heap
            List<LiveFiles.Ref> live = LiveFiles.of(snapshots);
            Map<String, Long> sizes = new HashMap<>();
            for (LiveFiles.Ref r : live) {
                sizes.put(r.file().path(), null);
            }
            List<Long> wal = new ArrayList<>();
            for (SourceScan.SourceObject o : objects) {
                if (o.kind() == FileKind.WAL) {
                    wal.add(o.path().sequence());
                }
                if (sizes.containsKey(o.rel())) {
                    sizes.put(o.rel(), o.size());
                }
            }
            wal.sort(Long::compareUnsigned);
            if (snapshots.isEmpty() && wal.isEmpty()) {
                continue;
            }
            checkParquet(live, sizes, excused, problems, excusedFound);
            SnapshotFile newest = snapshots.isEmpty() ? null : snapshots.get(snapshots.size() - 1);
            long w = newest == null ? 0 : newest.walSequence();
            Long walFirst = null;
            Long walLast = null;
            long expected = w + 1;
            for (long seq : wal) {
                if (Long.compareUnsigned(seq, w) <= 0) {
                    continue;
                }
                if (seq != expected) {
                    problems.add(new Problem(node.id() + "/wal/",
                            "WAL " + expected + (seq - 1 > expected ? ".." + (seq - 1) : "") + " missing after snapshot "
                                    + (newest == null ? "(none)" : newest.sequence())
                                    + ": the data in it would be lost (deleted after a newer snapshot? back up again)"));
                    break;
                }
                if (walFirst == null) {
                    walFirst = seq;
                }
                walLast = seq;
                expected = seq + 1;
            }
            long needed = 0;
            Long minTime = null;
            Long maxTime = null;
            for (SnapshotFile s : snapshots) {
                needed = Math.max(needed, s.catalogSequence());
                if (s.hasTimeRange()) {
                    minTime = minTime == null ? s.minTime() : Math.min(minTime, s.minTime());
                    maxTime = maxTime == null ? s.maxTime() : Math.max(maxTime, s.maxTime());
                }
            }
            Inspection.CatalogInfo catalog = catalogOf(in, node);
            Long catalogSeq = catalog == null ? null : catalog.sequence();
            if (catalog == null && !snapshots.isEmpty()) {
                problems.add(new Problem(node.id(), "no catalog for this node's snapshots (catalog sequence "
                        + needed + " needed)"));
            } else if (catalog != null && Long.compareUnsigned(catalog.sequence(), needed) < 0) {
                problems.add(new Problem(catalog.snapshotKey() != null ? catalog.snapshotKey() : catalog.ownerPrefix(),
                        "catalog sequence " + catalog.sequence() + " is behind snapshot catalog sequence " + needed
                                + " (the catalog must be copied after the snapshots)"));
            }
            points.add(new RecoveryPoint(node.id(), newest == null ? null : newest.sequence(), walFirst, walLast,
                    minTime, maxTime, catalogSeq));
        }
        return new Consistency(points, problems, warnings, excusedFound);
    }

    /** The catalog a node's data is described by: its own (Core) or the cluster's (Enterprise). */
    static Inspection.CatalogInfo catalogOf(Inspection in, Inspection.NodeInfo node) {
        if (in.kind() == Product.ENTERPRISE) {
            return in.catalog();
        }
        return node.catalog() != null ? node.catalog() : in.catalog();
    }

    private static void checkParquet(List<LiveFiles.Ref> live, Map<String, Long> sizes, Set<String> excused,
                                     List<Problem> problems, List<String> excusedFound) {
        for (LiveFiles.Ref r : live) {
            ParquetFileRef f = r.file();
            Long size = sizes.get(f.path());
            String by = "snapshot " + r.addedBy();
            if (size == null) {
                if (excused.contains(f.path())) {
                    excusedFound.add(f.path());
                } else {
                    problems.add(new Problem(f.path(), "referenced by " + by + " but missing"));
                }
            } else if (size != f.sizeBytes()) {
                problems.add(new Problem(f.path(), "size " + size + " but " + by + " records " + f.sizeBytes()));
            }
        }
    }
}
