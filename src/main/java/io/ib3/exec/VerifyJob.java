package io.ib3.exec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ib3.error.Ib3Exception;
import io.ib3.inspect.Inspection;
import io.ib3.layout.CatalogV3Header;
import io.ib3.layout.FileKind;
import io.ib3.layout.FramedCatalogFile;
import io.ib3.layout.LayoutFormatException;
import io.ib3.layout.ParquetFrame;
import io.ib3.layout.WalHeader;
import io.ib3.manifest.BackupCatalog;
import io.ib3.manifest.Manifest;
import io.ib3.manifest.ManifestCodec;
import io.ib3.manifest.ManifestVerifier;
import io.ib3.manifest.RecoveryPoint;
import io.ib3.manifest.VerifyReport;
import io.ib3.manifest.VerifyReport.Problem;
import io.ib3.plan.Consistency;
import io.ib3.plan.PlanReport;
import io.ib3.plan.SourceScan;
import io.ib3.report.ProgressListener;
import io.ib3.report.Table;
import io.ib3.store.ObjectNotFoundException;
import io.ib3.store.Store;
import io.ib3.store.StoreException;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

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

        public List<Table> tables() {
            List<Table> out = new ArrayList<>();
            out.add(report.table());
            out.add(PlanReport.recoveryTable("Restores to", recoveryPoint));
            return out;
        }
    }

    private VerifyJob() {
    }

    public static Outcome verify(Store backup, boolean deep, int parallel, ProgressListener listener) {
        boolean hasManifest = backup.stat(ManifestCodec.FILE).isPresent();
        Manifest manifest = null;
        VerifyReport report;
        Set<String> knownMissing = new HashSet<>();
        if (hasManifest || io.ib3.manifest.Journal.exists(backup, io.ib3.manifest.Journal.DEFAULT_PREFIX)) {
            manifest = ManifestCodec.read(backup);  // an interrupted backup (journal, no manifest) ends here: exit 3
            report = ManifestVerifier.verify(backup, manifest, deep, parallel, listener);
            for (JsonNode k : manifest.plan().path("knownMissing")) {
                knownMissing.add(k.asText());
            }
        } else {
            report = new VerifyReport(backup.location(), 0, 0, 0, deep, 0, 0,
                    List.of(new VerifyReport.Check("manifest", true,
                            "none: not made by ib3 (the documented copy scripts?); consistency checks only")),
                    List.of(), List.of());
        }
        SourceScan scan = SourceScan.of(backup, "");
        if (manifest == null && scan.inspection().kind() == Inspection.Kind.NONE) {
            throw Ib3Exception.usage("not a backup: " + backup.location() + " has no ib3 manifest and no InfluxDB 3 node or cluster",
                    "give the backup folder itself, e.g. DST/backup-20260101-000000; 'backups list DST' shows them");
        }
        Consistency c = Consistency.check(scan, knownMissing);
        List<Problem> problems = new ArrayList<>(c.problems());
        List<Problem> warnings = new ArrayList<>(c.warnings());
        if (manifest != null && Quarantine.isQuarantine(manifest)) {
            // a quarantine promises the old target as it was, consistent or not: what it already
            // had is said, not held against it (restore asks for --force to put it back)
            List<Problem> was = Quarantine.recordedProblems(manifest);
            for (Problem p : was) {
                if (problems.remove(p)) {
                    warnings.add(new Problem(p.path(), p.problem() + " (already so when the target was quarantined)"));
                }
            }
        }
        report = report.withCheck("consistency", problems.isEmpty() ? (c.ok() ? "snapshots, Parquet, WAL and catalog agree"
                : "as when quarantined: " + c.problems().size() + " problem(s) of the old target")
                : problems.size() + " problem(s)", problems, warnings);
        if (deep) {
            List<Problem> formats = formats(backup, scan);
            report = report.withCheck("formats", formats.isEmpty() ? "WAL and catalog CRCs, Parquet frames"
                    : formats.size() + " damaged file(s)", formats, List.of());
        }
        List<RecoveryPoint> rp = manifest != null && !manifest.recoveryPoint().isEmpty() ? manifest.recoveryPoint() : c.recoveryPoint();
        return new Outcome(report, manifest, rp);
    }

    /** Reads WAL, catalog and Parquet files and checks their own framing and CRCs. */
    private static List<Problem> formats(Store backup, SourceScan scan) {
        List<Problem> out = new ArrayList<>();
        for (List<SourceScan.SourceObject> objects : scan.objects().values()) {
            for (SourceScan.SourceObject o : objects) {
                FileKind k = o.kind();
                try {
                    if (k == FileKind.WAL) {
                        try (InputStream in = backup.open(o.key())) {
                            WalHeader.validate(o.rel(), in);
                        }
                    } else if (k == FileKind.CATALOG_V3_LOG || k == FileKind.CATALOG_V3_SNAPSHOT) {
                        try (InputStream in = backup.open(o.key())) {
                            CatalogV3Header.validate(o.rel(), in);
                        }
                    } else if (k.isCatalog()) {
                        try (InputStream in = backup.open(o.key())) {
                            FramedCatalogFile.validate(o.rel(), in.readAllBytes());
                        }
                    } else if (k == FileKind.PARQUET) {
                        ParquetFrame.check(backup, o.key(), o.size());
                    }
                } catch (LayoutFormatException e) {
                    out.add(new Problem(o.rel(), e.getMessage()));
                } catch (ObjectNotFoundException e) {
                    out.add(new Problem(o.rel(), "missing (gone while it was verified)"));
                } catch (StoreException | IOException e) {
                    // the store failed, not the backup: no verdict on this object (exit 1, not 3)
                    throw ManifestVerifier.readFailed(backup.location(), o.key(), e.getMessage(), 1);
                }
            }
        }
        return out;
    }
}
