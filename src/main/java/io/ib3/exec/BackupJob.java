package io.ib3.exec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ib3.error.Ib3Exception;
import io.ib3.layout.FileKind;
import io.ib3.layout.LayoutPath;
import io.ib3.layout.PathClassifier;
import io.ib3.layout.SnapshotFile;
import io.ib3.manifest.BackupRef;
import io.ib3.manifest.ChainView;
import io.ib3.manifest.Journal;
import io.ib3.manifest.Manifest;
import io.ib3.manifest.ManifestCodec;
import io.ib3.manifest.ManifestEntry;
import io.ib3.manifest.MissingFile;
import io.ib3.manifest.VerifyReport.Problem;
import io.ib3.plan.BackupPlanner;
import io.ib3.plan.Consistency;
import io.ib3.plan.LiveFiles;
import io.ib3.plan.Plan;
import io.ib3.plan.PlanItem;
import io.ib3.plan.PlanJson;
import io.ib3.plan.PlanStep;
import io.ib3.plan.SourceScan;
import io.ib3.report.ProgressListener;
import io.ib3.report.ToolVersion;
import io.ib3.store.Entry;
import io.ib3.store.Store;
import io.ib3.work.Workers;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A backup from plan to manifest: scan the source, plan, copy in the documented order, check the
 * copy for consistency, extend the cut when the live source moved on, and write the manifest
 * last — only for a consistent copy (design.md rules 1 and 4).
 */
public final class BackupJob {

    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("'backup-'yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    /**
     * @param name           backup folder under the target root ({@code backup-YYYYMMDD-HHMMSS} UTC when null)
     * @param includeDerived copy the derived group too
     * @param parallel       objects in flight; 0 picks a default for the stores
     * @param maxRounds      how often the cut may be extended when the source moves on during the copy
     * @param acceptMissing  Parquet files the source's snapshots reference but the source no longer
     *                       has are accepted (retention or a hard delete removed them); they are
     *                       recorded either way, and without this the backup ends with exit 5
     * @param incremental    refer to objects an earlier backup's chain already holds instead of copying them
     * @param parent         the backup to build on; {@code null} for the newest complete backup of the same source
     */
    public record Options(String name, boolean includeDerived, int parallel, int maxRounds, boolean acceptMissing,
                          boolean incremental, String parent) {

        public Options(String name, boolean includeDerived, int parallel, int maxRounds) {
            this(name, includeDerived, parallel, maxRounds, false);
        }

        public Options(String name, boolean includeDerived, int parallel, int maxRounds, boolean acceptMissing) {
            this(name, includeDerived, parallel, maxRounds, acceptMissing, false, null);
        }

        public static Options defaults() {
            return new Options(null, false, 0, 3, false, false, null);
        }

        public Options withName(String n) {
            return new Options(n, includeDerived, parallel, maxRounds, acceptMissing, incremental, parent);
        }

        /** An incremental backup on {@code parentName}, or (null) on the newest backup of the same source. */
        public Options incrementalOn(String parentName) {
            return new Options(name, includeDerived, parallel, maxRounds, acceptMissing, true, parentName);
        }

        public String nameOrDefault(Instant now) {
            return name != null ? name : NAME.format(now);
        }
    }

    /**
     * What a backup did.
     *
     * @param plan        the first round's plan (what was planned)
     * @param manifest    the manifest written
     * @param consistency the final check of the copy
     * @param rounds      copy rounds (more than 1 when the source moved on)
     * @param copied      objects copied (streamed or server-side) over all rounds
     * @param skipped     objects already in the target from an interrupted run
     * @param serverSide  objects the store copied itself
     * @param clientBytes bytes that went through ib3 to copy objects
     * @param readBackBytes bytes read back from the target to checksum server-side copies no store had a CRC32C for
     * @param lateFound   Parquet files a listing missed (written while it ran) that a direct look-up found and the backup copied
     * @param reused      objects an incremental backup refers to in its parent's chain instead of copying
     * @param reusedBytes their bytes
     * @param notes       what the operator should know about how the backup was made (its parent, a fallback to full)
     * @param took        wall time
     */
    public record Outcome(String location, Plan plan, Manifest manifest, Consistency consistency, int rounds, long copied,
                          long skipped, long serverSide, long clientBytes, long readBackBytes, int lateFound, long reused,
                          long reusedBytes, List<String> notes, Duration took) {

        /** Referenced Parquet files the source lacked, as recorded in the manifest. */
        public Manifest.SourceGaps sourceGaps() {
            return manifest.sourceGaps();
        }
    }

    private BackupJob() {
    }

    /** Plans without writing anything (the {@code plan backup} command and {@code backup --dry-run}). */
    public static Plan plan(Store source, String root, Store targetRoot, String name, BackupPlanner.Options options) {
        return plan(source, root, targetRoot, name, options, false, null, new ArrayList<>());
    }

    /**
     * Plans without writing anything; with {@code incremental} against {@code parent} (or the newest
     * backup of the same source), adding to {@code notes} how the parent was chosen.
     */
    public static Plan plan(Store source, String root, Store targetRoot, String name, BackupPlanner.Options options,
                            boolean incremental, String parent, List<String> notes) {
        Store backup = targetRoot.at(name);
        String from = Jobs.where(source, root);
        Jobs.refuseNesting(from, backup.location(), "backup");
        BackupPlanner.Parent p = incremental ? Chain.parent(targetRoot, name, from, parent, notes) : null;
        return BackupPlanner.plan(SourceScan.of(source, root), from, backup.location(),
                new BackupPlanner.Options(options.includeDerived(), p), journaled(backup));
    }

    /** Objects an interrupted run already copied, by key with their sizes, as the journal and a listing agree. */
    private static Map<String, Long> journaled(Store backup) {
        Map<String, Journal.Record> journal = Journal.read(backup, Journal.DEFAULT_PREFIX);
        if (journal.isEmpty()) {
            return Map.of();
        }
        Map<String, Long> out = new HashMap<>();
        try (Stream<Entry> s = backup.list("")) {
            s.forEach(e -> {
                Journal.Record r = journal.get(e.key());
                if (r != null && r.size() == e.size()) {
                    out.put(e.key(), e.size());
                }
            });
        }
        return out;
    }

    /** Runs a backup of the tree at {@code root} into {@code targetRoot}/name. */
    public static Outcome run(Store source, String root, Store targetRoot, Options options, ProgressListener listener) {
        return execute(source, root, targetRoot, options, null, listener);
    }

    /**
     * Runs a saved plan exactly. Refuses when the source changed in a way that breaks it: an object
     * the plan copies is gone or has another size (objects the server overwrites in place, such as
     * the catalog checkpoint, are taken at their current size).
     */
    public static Outcome runSaved(Plan saved, Store source, String root, Store targetRoot, Options options,
                                   ProgressListener listener) {
        return execute(source, root, targetRoot, options, saved, listener);
    }

    private static Outcome execute(Store source, String root, Store targetRoot, Options options, Plan saved,
                                   ProgressListener listener) {
        Instant started = Instant.now();
        String name = options.nameOrDefault(started);
        Store backup = targetRoot.at(name);
        String from = Jobs.where(source, root);
        Jobs.refuseNesting(from, backup.location(), "backup");
        if (backup.stat(ManifestCodec.FILE).isPresent()) {
            throw Ib3Exception.refused("a complete backup already exists at " + backup.location(),
                    "choose another --name; ib3 never overwrites a good backup");
        }
        // a run killed before this one may have left a temp file or an open multipart upload in the
        // backup folder (which only ever holds this backup's objects)
        backup.removeUnfinishedWrites("");
        int parallel = options.parallel() > 0 ? options.parallel() : Jobs.defaultParallel(source, backup);
        // the consistency scan lists the whole copy after each round and checks every size there
        ExecOptions execOptions = ExecOptions.defaults(parallel).withoutServerSideCopyListing();
        Executor executor = new Executor();
        List<String> notes = new ArrayList<>();
        BackupPlanner.Parent parent = null;
        // the parent's manifest and its chain's listings are read while the source is scanned
        Workers.Pending<BackupPlanner.Parent> parentLoad = null;
        List<String> parentNotes = new ArrayList<>();
        if (options.incremental() && saved == null) {
            String parentName = Chain.parentName(targetRoot, name, from, options.parent(), notes);
            if (parentName != null) {
                parentLoad = Workers.start("ib3-parent", () -> Chain.load(targetRoot, parentName, parentNotes));
            }
        } else if (saved != null && saved.parent() != null) {
            notes.add("incremental on " + saved.parent() + ", as planned");
        }
        Map<String, ManifestEntry> entries = new LinkedHashMap<>();
        Map<String, ManifestEntry> reused = new LinkedHashMap<>();
        Map<String, String> fingerprints = new HashMap<>();
        Map<String, SourceScan.Parsed> parsedSnapshots = new HashMap<>();
        // referenced Parquet files the source confirmed absent (asked directly, or gone when copied)
        Map<String, MissingFile> sourceMissing = new TreeMap<>();
        Plan first = null;
        Consistency consistency = null;
        Consistency inSource = null;
        long copied = 0;
        long skipped = 0;
        long serverSide = 0;
        long clientBytes = 0;
        long readBackBytes = 0;
        int lateFound = 0;
        int rounds = saved != null ? 1 : Math.max(1, options.maxRounds());
        int round = 0;
        Set<String> vanished = new TreeSet<>();
        List<Problem> lost = List.of();
        // every copy streamed through ib3 or read back has its size proven by the bytes counted;
        // only others (a server-side copy with the store's CRC32C, an object of an earlier run)
        // need the listing of the backup that checks sizes: on S3Proxy that listing alone took 12 s
        boolean unprovenSizes = false;
        while (round < rounds) {
            round++;
            SourceScan scan;
            try (Workers.Pending<BackupPlanner.Parent> loading = parentLoad) {
                scan = SourceScan.of(source, root);
                if (loading != null) {
                    parent = Jobs.join(loading, "reading the parent backup's manifest");
                    notes.addAll(parentNotes);
                }
            }
            parentLoad = null;
            lateFound += scan.lateFound();
            sourceMissing.putAll(scan.missing());
            // what is wrong with the source itself, whatever the copy does
            inSource = Consistency.check(scan, sourceMissing.keySet());
            Plan plan = saved != null ? checkSaved(saved, scan)
                    : BackupPlanner.plan(scan, from, backup.location(),
                            new BackupPlanner.Options(options.includeDerived(), parent), journaled(backup));
            if (first == null) {
                first = plan;
            }
            for (PlanStep step : plan.steps()) {
                for (PlanItem item : step.items()) {
                    if (item.fingerprint() != null) {
                        fingerprints.put(item.targetKey(), item.fingerprint());
                    }
                    if (item.reused()) {
                        ManifestEntry held = new ManifestEntry(item.targetKey(), step.phase().of(step.node()), item.size(),
                                item.crc32c(), item.reuse().storedKey(), item.fingerprint(), item.reuse().holder());
                        reused.put(held.key(), held);
                        entries.put(held.key(), held);
                    }
                }
            }
            // each round reports its own counts against its own totals
            ProgressListener progress = round == 1 ? listener : ProgressListener.prefixed(listener, "round " + round + " ");
            ExecResult result = executor.run(source, backup, Jobs.phases(plan, true), execOptions, progress);
            if (!result.ok()) {
                throw result.toException("backup");
            }
            for (ManifestEntry e : result.manifestEntries()) {
                entries.put(e.key(), e.withFingerprint(fingerprints.get(e.key())));
                reused.remove(e.key());
            }
            copied += result.count(CopyMethod.STREAMED) + result.count(CopyMethod.SERVER_SIDE);
            skipped += result.count(CopyMethod.SKIPPED_PRESENT);
            serverSide += result.count(CopyMethod.SERVER_SIDE);
            clientBytes += result.clientBytes();
            readBackBytes += result.readBackBytes();
            // the server may have deleted objects while they were copied (WAL after a snapshot,
            // Parquet by retention): the copy is judged by the consistency rules, not by the
            // listing it started from; a Parquet file the store said is gone is confirmed absent
            Set<String> gone = new TreeSet<>();
            result.missing().forEach(m -> {
                entries.remove(m.targetKey());
                vanished.add(m.targetKey());
                gone.add(m.targetKey());
            });
            referencesTo(scan, gone).forEach(m -> sourceMissing.put(m.key(), m));
            unprovenSizes |= result.items().stream().anyMatch(BackupJob::sizeUnproven);
            if (unprovenSizes) {
                requireCopiedSizes(backup, entries.values());
            }
            // the cut as a restore would write it: this folder's objects and those its chain holds;
            // a snapshot copied with the CRC32C of the bytes the scan parsed is not read back
            parsedSnapshots.putAll(scan.parsed());
            SourceScan copy = SourceScan.of(new ChainView(new BackupRef(targetRoot, name), new ArrayList<>(entries.values())), "",
                    null, e -> { }, rel -> {
                        ManifestEntry held = entries.get(rel);
                        SourceScan.Parsed p = parsedSnapshots.get(rel);
                        return held != null && p != null && p.crc32c().equals(held.crc32c()) ? p : null;
                    });
            consistency = Consistency.check(copy, sourceMissing.keySet());
            lost = lostWal(copy, vanished);
            if (consistency.ok() && lost.isEmpty()) {
                break;
            }
            if (lost.isEmpty() && inherent(consistency, inSource)) {
                break;  // another round copies the same inconsistent source again
            }
        }
        if (consistency == null || !consistency.ok() || !lost.isEmpty()) {
            throw notConsistent(backup, round, consistency, inSource, lost);
        }
        // a prune may have run meanwhile: the manifest never names an object its chain lost
        List<ManifestEntry> lostHeld = Chain.missing(targetRoot, reused.values());
        if (!lostHeld.isEmpty()) {
            throw Ib3Exception.failed("backup into " + backup.location() + ": " + lostHeld.size() + " object(s) of the parent's chain"
                            + " vanished while it ran, e.g. " + lostHeld.get(0).holder() + "/" + lostHeld.get(0).storedKey(),
                    "was a prune or delete running on " + targetRoot.location() + "? run the same command again: it copies them",
                    "no manifest was written: this folder is not a usable backup");
        }
        List<MissingFile> gaps = new ArrayList<>();
        consistency.excused().forEach(k -> gaps.add(sourceMissing.get(k)));
        ObjectNode planSummary = PlanJson.toJson(first, false);
        planSummary.put("rounds", round);
        planSummary.put("lateFound", lateFound);
        Manifest manifest = Manifest.of(ToolVersion.get(), started, Instant.now(), from, first.product(),
                first.clusterId(), first.nodes(), first.catalogGeneration(), consistency.recoveryPoint(), planSummary,
                new ArrayList<>(entries.values()))
                .withSourceGaps(new Manifest.SourceGaps(gaps, options.acceptMissing(), true))
                .withLineage(reused.isEmpty() ? Manifest.Lineage.FULL : Manifest.Lineage.incremental(first.parent()));
        ManifestCodec.write(backup, manifest);
        return new Outcome(backup.location(), first, manifest, consistency, round, copied, skipped, serverSide,
                clientBytes, readBackBytes, lateFound, reused.size(), reused.values().stream().mapToLong(ManifestEntry::size).sum(),
                List.copyOf(notes), Duration.between(started, Instant.now()));
    }

    /**
     * A copy whose size no byte count of this run proved: a server-side copy checksummed by the
     * store (not read back), or an object an earlier run left (skipped as present).
     */
    private static boolean sizeUnproven(ItemResult r) {
        return switch (r.method()) {
            case STREAMED -> false;
            case SERVER_SIDE -> r.readBackBytes() != r.size();
            case SKIPPED_PRESENT -> true;
        };
    }

    /** True when every problem of the copy is one the source has itself: copying again cannot help. */
    private static boolean inherent(Consistency copy, Consistency source) {
        return source != null && !copy.problems().isEmpty() && source.problems().containsAll(copy.problems());
    }

    /**
     * The error of a backup whose copy is not consistent, saying whether the source moved on while
     * it was copied (another run gets a later, consistent cut) or is itself inconsistent (its own
     * files disagree with its own snapshots or catalog: no copy of it can be better).
     */
    private static Ib3Exception notConsistent(Store backup, int round, Consistency consistency, Consistency inSource,
                                              List<Problem> lost) {
        List<Problem> problems = new ArrayList<>(lost);
        if (consistency != null) {
            problems.addAll(consistency.problems());
        }
        Problem p = problems.isEmpty() ? new Problem("", "unknown") : problems.get(0);
        List<Problem> ofSource = inSource == null ? List.of()
                : problems.stream().filter(inSource.problems()::contains).toList();
        boolean moved = ofSource.size() < problems.size();
        List<String> hints = new ArrayList<>();
        if (!ofSource.isEmpty()) {
            Problem s = ofSource.get(0);
            hints.add("the source itself is inconsistent (" + s.path() + ": " + s.problem() + (ofSource.size() > 1
                    ? "; and " + (ofSource.size() - 1) + " more" : "") + "): no copy of it can be better; look at it with 'inspect'"
                    + " and the server's log, and repair or accept it before backing it up");
        }
        if (moved) {
            hints.add("the source changed faster than it could be copied; run the same command again: it resumes and extends the cut");
        }
        hints.add("no manifest was written: this folder is not a usable backup");
        return new Ib3Exception(io.ib3.error.ExitCode.FAILED, "backup into " + backup.location() + " is not consistent after "
                + round + " round(s): " + p.path() + ": " + p.problem()
                + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : ""), hints, null);
    }

    /** The referenced-file records of Parquet keys, from the scan's snapshots (a file retention deleted mid-copy). */
    private static List<MissingFile> referencesTo(SourceScan scan, Set<String> keys) {
        List<MissingFile> out = new ArrayList<>();
        if (keys.isEmpty()) {
            return out;
        }
        scan.snapshots().forEach((node, snapshots) -> {
            for (LiveFiles.Ref r : LiveFiles.of(snapshots)) {
                if (keys.contains(r.key())) {
                    out.add(new MissingFile(r.key(), node, r.addedBy(), r.file().sizeBytes()));
                }
            }
        });
        return out;
    }

    /**
     * WAL files the plan saw that vanished before they were copied and that no snapshot in the copy
     * covers. The server deletes a WAL file only after a newer snapshot holds its data; until that
     * snapshot is in the copy too, the data of the vanished file is in neither (a copy without WAL
     * after its newest snapshot still passes the contiguity rule, so it must be caught here).
     */
    private static List<Problem> lostWal(SourceScan copy, Set<String> vanished) {
        List<Problem> out = new ArrayList<>();
        for (String key : vanished) {
            int slash = key.indexOf('/');
            if (slash < 0) {
                continue;
            }
            String node = key.substring(0, slash);
            LayoutPath path = PathClassifier.classify(key.substring(slash + 1));
            if (path.kind() != FileKind.WAL) {
                continue;
            }
            List<SnapshotFile> snapshots = copy.snapshotsOf(node);
            long covered = snapshots.isEmpty() ? 0 : snapshots.get(snapshots.size() - 1).walSequence();
            if (Long.compareUnsigned(path.sequence(), covered) > 0) {
                out.add(new Problem(key, "WAL file vanished from the source while copying and no copied snapshot covers it"
                        + " (newest copied snapshot covers WAL up to " + covered + ")"));
            }
        }
        return out;
    }

    /**
     * Every object this folder holds for the manifest is in it with the size it was copied with.
     * Runs only when some copy's size no byte count proved ({@link #sizeUnproven}): one listing
     * instead of a request per object.
     */
    private static void requireCopiedSizes(Store backup, java.util.Collection<ManifestEntry> entries) {
        Map<String, Long> sizes = new HashMap<>();
        try (Stream<Entry> s = backup.list("")) {
            s.forEach(e -> sizes.put(e.key(), e.size()));
        }
        for (ManifestEntry e : entries) {
            if (!e.ownBytes()) {
                continue;
            }
            Long size = sizes.get(e.storedKey());
            if (size == null || size != e.size()) {
                throw Ib3Exception.failed("backup into " + backup.location() + ": " + e.key() + " was copied with "
                                + e.size() + " bytes but the copy " + (size == null ? "is missing" : "has " + size),
                        "the source changed while it was copied; run the same command again: it resumes",
                        "no manifest was written: this folder is not a usable backup");
            }
        }
    }

    /** The saved plan with current sizes for in-place objects; refuses one the source no longer supports. */
    private static Plan checkSaved(Plan saved, SourceScan scan) {
        Map<String, Long> sizes = new HashMap<>();
        scan.objects().values().forEach(list -> list.forEach(o -> sizes.put(o.key(), o.size())));
        List<String> gone = new ArrayList<>();
        List<PlanStep> steps = new ArrayList<>();
        for (PlanStep step : saved.steps()) {
            boolean mutable = step.phase().mutable();
            List<PlanItem> items = new ArrayList<>();
            for (PlanItem item : step.items()) {
                Long now = sizes.get(item.sourceKey());
                if (now == null || (!mutable && now != item.size())) {
                    gone.add(item.sourceKey() + (now == null ? " (gone)" : " (size " + item.size() + " -> " + now + ")"));
                    continue;
                }
                items.add(new PlanItem(item.sourceKey(), item.targetKey(), now, item.crc32c(), false, item.fingerprint(),
                        item.reuse()));
            }
            steps.add(new PlanStep(step.phase(), step.node(), step.sourcePrefix(), step.targetPrefix(), items));
        }
        if (!gone.isEmpty()) {
            throw Ib3Exception.refused("the source changed since the plan was saved: " + gone.size()
                            + " planned object(s) are gone or changed, first " + gone.get(0),
                    "make a new plan: plan backup --from … --to … --save FILE");
        }
        return saved.withSteps(steps);
    }
}
