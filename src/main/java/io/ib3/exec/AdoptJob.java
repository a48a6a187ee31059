package io.ib3.exec;

import io.ib3.layout.Product;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ib3.error.Ib3Exception;
import io.ib3.inspect.Inspection;
import io.ib3.layout.FileKind;
import io.ib3.layout.PathClassifier;
import io.ib3.layout.SnapshotFile;
import io.ib3.manifest.Journal;
import io.ib3.manifest.Manifest;
import io.ib3.manifest.ManifestCodec;
import io.ib3.manifest.ManifestEntry;
import io.ib3.manifest.ManifestVerifier;
import io.ib3.manifest.VerifyReport.Problem;
import io.ib3.plan.BackupPlanner;
import io.ib3.plan.Consistency;
import io.ib3.plan.Phase;
import io.ib3.plan.Plan;
import io.ib3.plan.PlanItem;
import io.ib3.plan.PlanJson;
import io.ib3.plan.PlanStep;
import io.ib3.plan.SourceScan;
import io.ib3.report.ProgressListener;
import io.ib3.report.ToolVersion;
import io.ib3.store.Keys;
import io.ib3.store.ObjectNotFoundException;
import io.ib3.store.Store;
import io.ib3.store.StoreException;
import io.ib3.work.Workers;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code backups adopt}: takes a backup that something else copied (the documented shell scripts,
 * {@code aws s3 sync}, a storage snapshot) into ib3's care. Every object is read once: its CRC32C is
 * computed while its own format (WAL and catalog CRCs, Parquet frame) is checked; the consistency
 * rules are checked on the whole; then, and only if nothing is wrong, an ib3 manifest is written
 * into the folder that says it was adopted, what it restores to and where each object is. From then
 * on {@code verify}, {@code backups list} and {@code restore} treat it like an ib3 backup.
 *
 * <p>Two shapes of the documented scripts are understood and recorded, not moved:
 * <ul>
 *   <li>the Core file-system script copies the node's folders straight into {@code BACKUP_DIR}, without
 *       the node folder: entries are recorded under the node id (from the snapshots, or
 *       {@code --node-id}) and stored where they are, so a restore writes {@code node0/…};</li>
 *   <li>the Enterprise file-system script copies {@code cs} before the compactor's folder exists, so
 *       {@code cp -r} makes the compactor folder a copy of {@code cs}: files found directly in a
 *       compactor folder that has {@code cd/} or {@code c/} but no {@code cs/} are recorded as
 *       {@code <compactor>/cs/…}.</li>
 * </ul>
 * Staging ({@code #}) and derived files are left out of the manifest, as a backup leaves them out.
 */
public final class AdoptJob {

    /**
     * @param nodeId        node id of a backup without node folder (when its snapshots do not say, or to check they agree)
     * @param acceptMissing Parquet files the snapshots reference that the backup lacks are accepted
     *                      (recorded in the manifest) instead of refusing the adoption
     * @param parallel      objects read at once; 0 picks a default for the store
     * @param dryRun        check and describe, write nothing
     */
    public record Options(String nodeId, boolean acceptMissing, int parallel, boolean dryRun) {
    }

    /**
     * @param manifest the manifest written (or, in a dry run, that would be written); {@code null}
     *                 when problems were found and nothing was written
     * @param problems why the copy cannot be adopted (damaged files, consistency); empty when adopted
     * @param warnings what was left out and why
     * @param bytesRead bytes read to checksum and check every object
     * @param written  the manifest was written (not a dry run, no problems)
     */
    public record Outcome(String location, Manifest manifest, List<Problem> problems, List<String> warnings,
                          long bytesRead, boolean written, boolean onlyMissing, Duration took) {

        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private AdoptJob() {
    }

    public static Outcome run(Store backup, Options options, ProgressListener listener) {
        Instant started = Instant.now();
        if (backup.stat(ManifestCodec.FILE).isPresent()) {
            throw Ib3Exception.refused(backup.location() + " is already an ib3 backup (it has " + ManifestCodec.FILE + ")",
                    "check it with: verify " + backup.location());
        }
        if (Journal.exists(backup, Journal.DEFAULT_PREFIX)) {
            throw Ib3Exception.refused(backup.location() + " is an ib3 backup whose run stopped early (it has a journal, no manifest)",
                    "run the same backup command with --name again: it resumes and completes it");
        }
        String hint = options.nodeId() == null || options.nodeId().isEmpty() ? null : options.nodeId();
        SourceScan scan = SourceScan.of(backup, "", hint, e -> { });
        Inspection in = scan.inspection();
        if (in.kind() == Product.NONE) {
            throw Ib3Exception.usage("nothing to adopt: " + backup.location() + " holds no InfluxDB 3 node or cluster",
                    "give the folder the copy script wrote, e.g. /backup/20260101-120000 or s3://bucket/backup-20260101-120000");
        }
        List<String> notes = new ArrayList<>();
        notes.add("adopted " + started + ": copied outside ib3, then read and checked whole by 'backups adopt'");
        notes.addAll(layoutNotes(scan, hint));
        Plan planned = BackupPlanner.plan(scan, backup.location(), backup.location(), new BackupPlanner.Options(false), Map.of());
        Plan plan = compactorSummaryFix(planned, scan, notes);
        List<String> warnings = new ArrayList<>(plan.warnings());

        List<PlanItem> items = new ArrayList<>();
        List<String> phases = new ArrayList<>();
        for (PlanStep step : plan.steps()) {
            for (PlanItem item : step.items()) {
                items.add(item);
                phases.add(step.phase().of(step.node()));
            }
        }
        long total = items.stream().mapToLong(PlanItem::size).sum();
        ProgressListener progress = listener == null ? ProgressListener.NONE : listener;
        progress.started("adopt", items.size(), total);
        progress.phaseStarted("read and check", items.size(), total);
        Read[] reads = readAll(backup, items, options.parallel() > 0 ? options.parallel()
                : backup.has(io.ib3.store.Capability.REAL_FOLDERS) ? 4 : 16, progress);
        progress.phaseFinished("read and check");

        List<Problem> problems = new ArrayList<>();
        List<ManifestEntry> entries = new ArrayList<>();
        long bytesRead = 0;
        for (int i = 0; i < reads.length; i++) {
            Read r = reads[i];
            PlanItem item = items.get(i);
            bytesRead += r.size;
            if (r.problem != null) {
                problems.add(r.problem);
            } else if (r.size != item.size()) {
                problems.add(new Problem(item.sourceKey(), "read " + r.size + " bytes, the listing said " + item.size()));
            } else {
                entries.add(new ManifestEntry(item.targetKey(), phases.get(i), item.size(), r.crc32c).withStored(item.sourceKey()));
            }
        }
        Set<String> excused = options.acceptMissing() ? scan.missing().keySet() : Set.of();
        Consistency c = Consistency.check(scan, excused);
        problems.addAll(c.problems());
        if (entries.isEmpty() && problems.isEmpty()) {
            problems.add(new Problem("", "no object to adopt"));
        }
        progress.finished(problems.isEmpty());
        if (!problems.isEmpty()) {
            boolean onlyMissing = problems.stream().allMatch(x -> scan.missing().containsKey(x.path()));
            return new Outcome(backup.location(), null, problems, warnings, bytesRead, false, onlyMissing,
                    Duration.between(started, Instant.now()));
        }
        List<io.ib3.manifest.MissingFile> gaps = new ArrayList<>();
        c.excused().forEach(k -> gaps.add(scan.missing().get(k)));
        if (!gaps.isEmpty()) {
            notes.add(gaps.size() + " Parquet file(s) the snapshots reference are not in the copy; accepted with --accept-missing");
        }
        ObjectNode summary = PlanJson.toJson(plan, false);
        summary.put("adopted", true);
        Manifest manifest = Manifest.of(ToolVersion.get(), started, Instant.now(),
                        "unknown: copied outside ib3, adopted at " + backup.location(), plan.product(), plan.clusterId(),
                        plan.nodes(), plan.catalogGeneration(), c.recoveryPoint(), summary, entries)
                .withOrigin(new Manifest.Origin("adopted", started, notes))
                .withSourceGaps(new Manifest.SourceGaps(gaps, true, false));
        if (!options.dryRun()) {
            ManifestCodec.write(backup, manifest);
        }
        return new Outcome(backup.location(), manifest, List.of(), warnings, bytesRead, !options.dryRun(), false,
                Duration.between(started, Instant.now()));
    }

    /** What the shape of the copy is, and where the node id came from. */
    private static List<String> layoutNotes(SourceScan scan, String hint) {
        List<String> out = new ArrayList<>();
        var shape = scan.inspection().shape();
        if (!shape.pointedAtOwner()) {
            return out;
        }
        String id = shape.ownerId();
        if ("folder".equals(shape.ownerSource())) {
            throw Ib3Exception.usage("cannot tell which node the files at " + scan.inspection().location()
                            + " belong to: they are not in a node folder and no snapshot names the node",
                    "give the node id the server runs with: backups adopt " + scan.inspection().location() + " --node-id NODE_ID");
        }
        for (SnapshotFile s : scan.snapshotsOf(id)) {
            if (!s.nodeId().equals(id)) {
                throw Ib3Exception.usage("--node-id " + hint + " does not match snapshot " + Keys.name(s.key())
                                + ", written by node '" + s.nodeId() + "': its Parquet paths start with " + s.nodeId() + "/",
                        "give --node-id " + s.nodeId() + ", or leave it out: it is taken from the snapshots");
            }
        }
        out.add("node files directly in the backup folder, without the node folder (the documented Core file-system script):"
                + " recorded as " + id + "/… (node id " + ("given".equals(shape.ownerSource()) ? "given with --node-id" : "from its snapshots")
                + "), left where they are; a restore writes them under " + id + "/");
        if (scan.objectsOf(id).stream().noneMatch(o -> o.kind() == FileKind.CATALOG_V1_CHECKPOINT)
                && scan.objectsOf(id).stream().noneMatch(o -> o.kind() == FileKind.CATALOG_V1_LOG)) {
            out.add("no _catalog_checkpoint: normal from 3.4 on (the script's cp of it fails and the script goes on)");
        }
        return out;
    }

    /**
     * The Enterprise file-system script runs {@code cp -r …/compactor/cs "$BACKUP_DIR/compactor/"}
     * before that folder exists, so {@code cp} makes {@code compactor/} itself the copy of {@code cs}
     * and the next two commands put {@code cd} and {@code c} inside it. Files directly in such a
     * compactor folder are the compaction summaries: recorded under {@code cs/}, read from where they are.
     */
    private static Plan compactorSummaryFix(Plan plan, SourceScan scan, List<String> notes) {
        if (scan.inspection().kind() != Product.ENTERPRISE) {
            return plan;
        }
        List<PlanStep> steps = new ArrayList<>(plan.steps());
        for (Inspection.NodeInfo node : scan.inspection().nodes()) {
            String id = node.id();
            List<SourceScan.SourceObject> objects = scan.objectsOf(id);
            boolean hasSummaries = objects.stream().anyMatch(o -> o.kind() == FileKind.COMPACTION_SUMMARY);
            boolean compacts = objects.stream().anyMatch(o -> o.kind() == FileKind.COMPACTION_DETAIL || o.kind() == FileKind.GENERATION);
            int other = indexOf(steps, Phase.OTHER, id);
            if (hasSummaries || !compacts || other < 0) {
                continue;
            }
            PlanStep loose = steps.remove(other);
            List<PlanItem> moved = new ArrayList<>();
            for (PlanItem i : loose.items()) {
                String inside = Keys.relativize(id, i.targetKey());
                moved.add(new PlanItem(i.sourceKey(), Keys.join(id, "cs", inside), i.size(), i.crc32c(), false));
            }
            int cd = indexOf(steps, Phase.COMPACTOR_CD, id);
            steps.add(cd < 0 ? 0 : cd, new PlanStep(Phase.COMPACTOR_CS, id, loose.sourcePrefix(), Keys.join(id, "cs") + "/", moved));
            notes.add(id + ": " + moved.size() + " file(s) directly in the compactor folder, which has cd/ or c/ but no cs/:"
                    + " the documented file-system script copies cs/ that way (its first cp -r runs before the folder exists);"
                    + " recorded as " + id + "/cs/…, so a restore puts them where the server reads them");
        }
        return new Plan(plan.operation(), plan.source(), plan.target(), plan.product(), plan.clusterId(), plan.nodes(),
                plan.catalogGeneration(), plan.catalogSequence(), steps, plan.recoveryPoint(), plan.warnings(), plan.createdAt());
    }

    private static int indexOf(List<PlanStep> steps, Phase phase, String node) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).phase() == phase && steps.get(i).node().equals(node)) {
                return i;
            }
        }
        return -1;
    }

    /** One object read whole: its size, CRC32C and the problem its format check found, if any. */
    private record Read(long size, String crc32c, Problem problem) {
    }

    /** Reads every item once, {@code parallel} at a time, checksumming and checking formats on the same stream. */
    private static Read[] readAll(Store backup, List<PlanItem> items, int parallel, ProgressListener progress) {
        Read[] out = new Read[items.size()];
        try {
            Workers.run(out.length, parallel, "ib3-adopt", i -> out[i] = read(backup, items.get(i), progress));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Ib3Exception.failed("adopt interrupted: nothing was written");
        }
        return out;
    }

    private static Read read(Store backup, PlanItem item, ProgressListener progress) {
        String rel = item.targetKey();
        FileKind kind = PathClassifier.classify(rel.substring(rel.indexOf('/') + 1)).kind();
        try (ChecksumStream in = new ChecksumStream(backup.open(item.sourceKey()), new CancelToken(), progress, item.size())) {
            // the checks read to the end (and the Parquet one closes its stream): the rest, if any, is drained after
            Problem p = FormatCheck.check(item.sourceKey(), kind, new java.io.FilterInputStream(in) {
                @Override
                public void close() {
                }
            });
            in.transferTo(java.io.OutputStream.nullOutputStream());
            progress.itemDone(rel, item.size());
            return new Read(in.count(), in.crc32c(), p);
        } catch (ObjectNotFoundException gone) {
            return new Read(0, null, new Problem(item.sourceKey(), "gone while it was read"));
        } catch (StoreException | IOException e) {
            throw ManifestVerifier.readFailed(backup.location(), item.sourceKey(), e.getMessage(), 1);
        }
    }
}
