package io.ib3.exec;

import io.ib3.layout.Product;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ib3.error.Ib3Exception;
import io.ib3.inspect.Inspection;
import io.ib3.layout.FileKind;
import io.ib3.layout.LayoutFormatException;
import io.ib3.layout.ParquetFrame;
import io.ib3.layout.PathClassifier;
import io.ib3.manifest.BackupCatalog;
import io.ib3.manifest.BackupRef;
import io.ib3.manifest.ChainView;
import io.ib3.manifest.Manifest;
import io.ib3.manifest.ManifestCodec;
import io.ib3.manifest.ManifestVerifier;
import io.ib3.manifest.MissingFile;
import io.ib3.manifest.RecoveryPoint;
import io.ib3.manifest.VerifyReport;
import io.ib3.manifest.VerifyReport.Problem;
import io.ib3.plan.Consistency;
import io.ib3.plan.SourceScan;
import io.ib3.report.ProgressListener;
import io.ib3.store.Entry;
import io.ib3.store.ObjectNotFoundException;
import io.ib3.store.Store;
import io.ib3.store.StoreException;
import io.ib3.work.Workers;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code verify}: the manifest's objects present with their sizes (and, deep, their CRC32C), plus
 * the consistency rules re-checked from the backed-up snapshot files; deep also checks the WAL and
 * catalog CRCs and the Parquet frames. A backup made by the documented shell scripts has no
 * manifest: then only the consistency rules run, and the report says so.
 */
public final class VerifyJob {

    /**
     * @param report        every check with its problems and warnings
     * @param manifest      the backup's manifest, {@code null} for a backup without one
     * @param recoveryPoint what the backup restores to
     */
    public record Outcome(VerifyReport report, Manifest manifest, List<RecoveryPoint> recoveryPoint) {

        public boolean ok() {
            return report.ok();
        }

        public ObjectNode toJson() {
            ObjectNode o = report.toJson(manifest);
            o.put("manifest", manifest != null);
            if (manifest == null) {
                ArrayNode rps = o.putArray("recoveryPoint");
                recoveryPoint.forEach(rp -> rps.add(BackupCatalog.recoveryPointJson(rp)));
            }
            return o;
        }
    }

    private VerifyJob() {
    }

    /**
     * @param parallel objects read at once with {@code deep}; 0 picks a default for the store (object
     *                 stores want many requests in flight, disks fewer)
     */
    public static Outcome verify(Store backup, boolean deep, int parallel, ProgressListener listener) {
        return verify(backup, deep, parallel, false, listener);
    }

    /**
     * @param acceptMissing referenced Parquet files the manifest records as absent from the source
     *                      are reported as warnings, not as source problems (exit 5)
     */
    public static Outcome verify(Store backup, boolean deep, int parallel, boolean acceptMissing, ProgressListener listener) {
        return verify(BackupRef.alone(backup), deep, parallel, acceptMissing, listener);
    }

    /**
     * Verifies a backup under its backup root: an incremental backup's objects held by earlier
     * backups of its chain are checked where they are, and the consistency rules and file formats
     * are checked on the tree a restore would write, wherever each object is kept.
     */
    public static Outcome verify(BackupRef ref, boolean deep, int parallel, boolean acceptMissing, ProgressListener listener) {
        Store backup = ref.store();
        if (parallel <= 0) {
            parallel = backup.has(io.ib3.store.Capability.REAL_FOLDERS) ? ManifestVerifier.DEFAULT_PARALLEL : 16;
        }
        if (backup.stat(ManifestCodec.RETIRED).isPresent()) {
            throw Ib3Exception.usage("not a backup any more: " + backup.location() + " was removed (prune or delete); it only keeps"
                    + " objects that other backups of its chain use", "'backups list' shows the backups there");
        }
        boolean hasManifest = backup.stat(ManifestCodec.FILE).isPresent();
        Manifest manifest = null;
        VerifyReport report;
        List<Entry> listed = null;
        if (hasManifest) {
            // the listing and the manifest are independent: list while the manifest is read and parsed
            try (Workers.Pending<List<Entry>> listing = Workers.start("ib3-verify-list", () -> listAll(backup))) {
                manifest = ManifestCodec.read(backup);
                listed = Jobs.join(listing, "listing " + backup.location());
            }
        } else if (io.ib3.manifest.Journal.exists(backup, io.ib3.manifest.Journal.DEFAULT_PREFIX)) {
            manifest = ManifestCodec.read(backup);  // an interrupted backup (journal, no manifest) ends here: exit 3
        }
        // the layout checks judge the tree a restore writes: every entry at its key, read where it is held
        SourceScan scan = null;
        DeepContent content = null;
        if (manifest != null) {
            content = deep ? new DeepContent() : null;
            report = ManifestVerifier.verify(ref, manifest, deep, parallel, listener, listed, content);
            if (deep) {
                DeepContent read = content;
                scan = SourceScan.of(new ChainView(ref, manifest.entries()), "", null, e -> { }, read::snapshot);
            }
        } else {
            scan = SourceScan.of(backup, "");
            long objects = scan.objects().values().stream().mapToLong(List::size).sum();
            long bytes = scan.objects().values().stream().flatMap(List::stream).mapToLong(SourceScan.SourceObject::size).sum();
            report = new VerifyReport(backup.location(), objects, objects, bytes, deep, 0, 0,
                    List.of(new VerifyReport.Check("manifest", true,
                            "none (not made by ib3: a copy script's backup?); without checksums, consistency and every"
                                    + " file's own format are checked; 'backups adopt' records checksums")),
                    List.of(), List.of());
            if (scan.inspection().kind() == Product.NONE) {
                throw Ib3Exception.usage("not a backup: " + backup.location() + " has no ib3 manifest and no InfluxDB 3 node or cluster",
                        "give the backup folder itself, e.g. DST/backup-20260101-000000; 'backups list DST' shows them");
            }
        }
        Manifest.SourceGaps gaps = manifest == null ? Manifest.SourceGaps.NONE : manifest.sourceGaps();
        List<Problem> problems = new ArrayList<>();
        List<Problem> warnings = new ArrayList<>();
        Consistency c = null;
        if (scan != null) {
            c = Consistency.check(scan, gaps.keys());
            problems.addAll(c.problems());
            warnings.addAll(c.warnings());
        }
        problems.addAll(vacuous(manifest, scan));
        if (manifest != null && Quarantine.isQuarantine(manifest)) {
            // a quarantine promises the old target as it was, consistent or not: what it already
            // had is said, not held against it (restore asks for --force to put it back)
            List<Problem> was = Quarantine.recordedProblems(manifest);
            for (Problem p : was) {
                if (c == null || problems.remove(p)) {
                    warnings.add(new Problem(p.path(), p.problem() + " (already so when the target was quarantined)"));
                }
            }
        }
        String consistent = c == null
                // a listing proves every object is there with the size the consistent copy had: the rules
                // are re-derived from the snapshot files' content only by a deep verify, which reads them
                ? "as recorded when backed up (every object present with its size; --deep re-checks the rules from the files)"
                : c.ok() ? "snapshots, Parquet, WAL and catalog agree" : "as when quarantined: " + c.problems().size() + " problem(s) of the old target";
        report = report.withCheck("consistency", problems.isEmpty() ? consistent : problems.size() + " problem(s)", problems, warnings);
        if (gaps.any()) {
            report = sourceCheck(report, gaps, acceptMissing);
        }
        if (scan != null) {
            List<Problem> formats = content != null ? content.formats() : formats(backup, scan, parallel);
            report = report.withCheck("formats", formats.isEmpty() ? "WAL and catalog CRCs, Parquet frames"
                    : formats.size() + " damaged file(s)", formats, List.of());
        }
        List<RecoveryPoint> rp = manifest != null && !manifest.recoveryPoint().isEmpty() ? manifest.recoveryPoint()
                : c != null ? c.recoveryPoint() : List.of();
        return new Outcome(report, manifest, rp);
    }

    private static List<Entry> listAll(Store backup) {
        try (Stream<Entry> s = backup.list("")) {
            return s.toList();
        }
    }

    /**
     * A verify that looked at nothing proves nothing: a backup whose manifest lists no object, or
     * in which no node with data was found (an InfluxDB tree needs at least one), is not OK. A
     * quarantine of files that were no InfluxDB tree has no nodes by nature.
     */
    private static List<Problem> vacuous(Manifest manifest, SourceScan scan) {
        List<Problem> out = new ArrayList<>();
        if (manifest != null && manifest.entries().isEmpty()) {
            out.add(new Problem("", "the manifest lists no object: nothing was verified"));
        }
        boolean none = manifest != null && manifest.product() == Product.NONE;
        boolean nodeWithData = scan != null
                ? scan.inspection().nodes().stream().anyMatch(n -> !scan.objectsOf(n.id()).isEmpty())
                : manifest.entries().stream().anyMatch(e -> {
                    String inside = e.key().substring(e.key().indexOf('/') + 1);
                    return e.key().indexOf('/') > 0 && PathClassifier.kind(inside).isNodeData();
                });
        if (!none && !nodeWithData) {
            out.add(new Problem("", "no InfluxDB 3 node with data found in the backup: nothing was verified"
                    + (manifest != null ? " (the manifest names " + String.join(", ", manifest.nodeIds()) + ")" : "")));
        }
        return out;
    }

    /** Referenced Parquet files the source lacked: source problems (exit 5), or warnings once accepted. */
    private static VerifyReport sourceCheck(VerifyReport report, Manifest.SourceGaps gaps, boolean acceptMissing) {
        List<Problem> files = new ArrayList<>();
        for (MissingFile m : gaps.missing()) {
            files.add(new Problem(m.key(), "absent from the source when it was backed up, " + m.describe()
                    + (gaps.confirmed() ? "" : "; recorded from a listing by an older ib3, not confirmed")));
        }
        boolean accepted = gaps.accepted() || acceptMissing;
        String detail = gaps.missing().size() + " referenced Parquet file(s) were not in the source"
                + (gaps.accepted() ? " (accepted when backed up)" : acceptMissing ? " (accepted: --accept-missing)"
                : "; a restore gives a server whose snapshots name them: --accept-missing if retention or a delete removed them");
        return accepted ? report.withSourceCheck(detail, true, List.of(), files) : report.withSourceCheck(detail, false, files, List.of());
    }

    /**
     * Reads WAL, catalog and Parquet files and checks their own framing and CRCs, {@code parallel}
     * at a time: on an object store each check is a request or two, and one after the other their
     * latency would dominate. Problems come out in listing order whatever the order of the reads.
     */
    private static List<Problem> formats(Store backup, SourceScan scan, int parallel) {
        List<SourceScan.SourceObject> objects = new ArrayList<>();
        scan.objects().values().forEach(list -> list.stream().filter(o -> FormatCheck.applies(o.kind())).forEach(objects::add));
        Problem[] found = new Problem[objects.size()];
        try {
            Workers.run(found.length, parallel, "ib3-verify-formats", i -> found[i] = check(backup, objects.get(i)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of(new Problem("", "verify was cancelled before every file's format was checked"));
        }
        List<Problem> out = new ArrayList<>();
        for (Problem p : found) {
            if (p != null) {
                out.add(p);
            }
        }
        return out;
    }

    /** One file's own framing and CRCs; the problem, or {@code null}. */
    private static Problem check(Store backup, SourceScan.SourceObject o) {
        try {
            if (o.kind() == FileKind.PARQUET && backup.has(io.ib3.store.Capability.REAL_FOLDERS)) {
                // a file system reads the head and the tail without the body; an object store
                // answers a read of the head with the whole body, so one streamed read is cheaper
                ParquetFrame.check(backup, o.key(), o.size());
                return null;
            }
            try (InputStream in = backup.open(o.key())) {
                return FormatCheck.check(o.rel(), o.kind(), in);
            }
        } catch (LayoutFormatException e) {
            return new Problem(o.rel(), e.getMessage());
        } catch (ObjectNotFoundException e) {
            return new Problem(o.rel(), "missing (gone while it was verified)");
        } catch (StoreException | IOException e) {
            // the store failed, not the backup: no verdict on this object (exit 1, not 3)
            throw ManifestVerifier.readFailed(backup.location(), o.key(), e.getMessage(), 1);
        }
    }
}
