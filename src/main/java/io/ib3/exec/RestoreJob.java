package io.ib3.exec;

import io.ib3.layout.Product;
import com.fasterxml.jackson.databind.JsonNode;
import io.ib3.error.Ib3Exception;
import io.ib3.manifest.BackupRef;
import io.ib3.manifest.Journal;
import io.ib3.manifest.Manifest;
import io.ib3.manifest.ManifestCodec;
import io.ib3.manifest.ManifestEntry;
import io.ib3.manifest.ManifestVerifier;
import io.ib3.manifest.VerifyReport;
import io.ib3.plan.Operation;
import io.ib3.plan.Plan;
import io.ib3.plan.RestorePlanner;
import io.ib3.plan.PlanItem;
import io.ib3.plan.PlanStep;
import io.ib3.report.ProgressListener;
import io.ib3.store.Capability;
import io.ib3.store.Entry;
import io.ib3.store.Keys;
import io.ib3.store.Store;
import io.ib3.store.StoreException;

import java.time.Duration;
import java.time.Instant;
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
 * {@code restore}: writes a verified backup into a data root, in the documented restore order (the
 * backup order reversed), with the safety rules of design.md rule 5:
 * <ul>
 *   <li>the backup must have a manifest and pass verification (deep with {@code --deep});</li>
 *   <li>the target must be empty, unless {@code --force}: then every object already there is
 *       moved to a quarantine prefix first, never deleted, with a manifest that makes the
 *       quarantine restorable like a backup ({@link Quarantine});</li>
 *   <li>a target that looks live (objects appearing or changing between two listings) is refused
 *       even with {@code --force}: a running server would overwrite the restore;</li>
 *   <li>an Enterprise backup restored to another store gets a licence-binding warning.</li>
 * </ul>
 * What was written is verified afterwards (sizes; CRC32C with {@code --deep}).
 */
public final class RestoreJob {

    /** Folder of the restore's resume journal in the target; removed when the restore completes. */
    public static final String JOURNAL = "ib3-restore-journal";
    /** First part of quarantine folders in the target. */
    public static final String QUARANTINE = "ib3-quarantine-";

    /**
     * @param force      restore into a non-empty target, quarantining what is there
     * @param deep       verify the backup and the restored objects by checksum
     * @param parallel   objects in flight; 0 picks a default
     * @param liveCheck  time between the two listings of the live-target check ({@code 0} skips the wait but
     *                   still compares WAL numbers)
     * @param owner      {@code USER[:GROUP]} to own restored files on a file store, or {@code null}
     */
    public record Options(boolean force, boolean deep, int parallel, Duration liveCheck, String owner, boolean acceptMissing) {

        public Options(boolean force, boolean deep, int parallel, Duration liveCheck, String owner) {
            this(force, deep, parallel, liveCheck, owner, false);
        }

        public static Options defaults() {
            return new Options(false, false, 0, Duration.ofSeconds(3), null, false);
        }
    }

    /**
     * What a restore found before writing: the plan and the reasons it would refuse.
     *
     * @param plan       steps in restore order
     * @param manifest   the backup's manifest
     * @param existing   objects already in the target (not counting quarantines or the restore journal)
     * @param resuming   the target holds an interrupted restore of this backup
     * @param warnings   licence binding and the like
     */
    public record Preview(Plan plan, Manifest manifest, long existing, List<String> existingSample, boolean resuming,
                          List<String> warnings) {
    }

    /**
     * @param quarantine prefix where the target's earlier objects now are, {@code null} when none were moved
     * @param copied      objects copied (streamed or server-side)
     * @param skipped     objects an interrupted restore had already written
     * @param serverSide  objects the target store copied itself
     * @param clientBytes bytes that went through ib3 (zero when every object was copied server-side)
     * @param verified   the check of what was written
     * @param ownerNote  what happened with {@code --owner}, {@code null} when not asked
     * @param nextSteps  what the operator still has to do
     */
    public record Outcome(Preview preview, String quarantine, long copied, long skipped, long serverSide, long clientBytes,
                          VerifyReport verified, String ownerNote, List<String> nextSteps, Duration took) {
    }

    private RestoreJob() {
    }

    /** Reads the manifest, verifies the backup and plans the restore; writes nothing. */
    public static Preview preview(Store backup, Store target, Options options, ProgressListener listener) {
        return preview(BackupRef.alone(backup), target, options, listener);
    }

    /**
     * As above for a backup under its backup root: an incremental backup's objects are read from
     * the earlier backups of its chain that hold them.
     */
    public static Preview preview(BackupRef ref, Store target, Options options, ProgressListener listener) {
        Store backup = ref.store();
        Jobs.refuseNesting(backup.location(), target.location(), "restore");
        if (!ref.name().isEmpty()) {
            // a restore into a sibling folder could overwrite the earlier backups that hold objects
            String root = ref.root().location().replaceAll("/+$", "");
            String t = target.location().replaceAll("/+$", "");
            if (t.startsWith(root + "/") || root.equals(t) || root.startsWith(t + "/")) {
                throw Ib3Exception.refused("restore target " + t + " lies in or around the backup root " + root
                                + ", beside the backups an incremental chain reads from",
                        "restore into a location outside " + root);
            }
        }
        if (backup.stat(ManifestCodec.RETIRED).isPresent()) {
            throw Ib3Exception.refused("backup " + backup.location() + " was removed (prune or delete): it only keeps objects"
                    + " other backups of its chain use", "'backups list' shows the backups there; restore one of them");
        }
        if (backup.stat(ManifestCodec.FILE).isEmpty()) {
            if (Journal.exists(backup, Journal.DEFAULT_PREFIX)) {
                throw Ib3Exception.refused("backup " + backup.location() + " is incomplete (interrupted: no manifest)",
                        "run the backup command again to finish it, then restore");
            }
            throw Ib3Exception.refused("no ib3 manifest in " + backup.location() + ": cannot prove this backup is complete",
                    "run 'verify " + backup.location() + "' to check it; restore backups made by ib3",
                    "'backups list' on the parent shows the backups there");
        }
        Manifest manifest = ManifestCodec.read(backup);
        VerifyJob.Outcome verified = VerifyJob.verify(ref, options.deep(), verifyParallel(options), options.acceptMissing(), listener);
        if (verified.report().problems().isEmpty() && !verified.report().sourceProblems().isEmpty()) {
            List<VerifyReport.Problem> lacked = verified.report().sourceProblems();
            throw Ib3Exception.refused("backup " + backup.location() + " was taken from a source that lacked " + lacked.size()
                            + " Parquet file(s) its snapshots reference, e.g. " + lacked.get(0).path()
                            + ": the restored server's snapshots would name files it does not have",
                    "if retention or a hard delete removed them, add --accept-missing to restore it as it was",
                    "'verify " + backup.location() + "' lists them; an older backup may still hold them");
        }
        if (!verified.ok()) {
            VerifyReport.Problem p = verified.report().problems().get(0);
            throw Ib3Exception.refused("backup " + backup.location() + " fails verification: " + p.path() + ": " + p.problem()
                            + (verified.report().problems().size() > 1 ? " (and " + (verified.report().problems().size() - 1) + " more)" : ""),
                    "run 'verify " + backup.location() + "' for the full list; restore another backup");
        }
        List<String> warnings = new ArrayList<>();
        if (Quarantine.isQuarantine(manifest)) {
            List<VerifyReport.Problem> was = Quarantine.recordedProblems(manifest);
            if (!was.isEmpty() && !options.force()) {
                throw Ib3Exception.refused("quarantine " + backup.location() + " holds a tree that was not consistent when it was moved aside: "
                                + was.get(0).path() + ": " + was.get(0).problem() + (was.size() > 1 ? " (and " + (was.size() - 1) + " more)" : ""),
                        "add --force to put it back exactly as it was (the server may not start on it, or lose the data named above)",
                        "or restore a backup instead: 'backups list' shows them");
            }
            warnings.add("restoring quarantine " + backup.location() + ": the objects " + manifest.source()
                    + " held before a forced restore moved them aside"
                    + (was.isEmpty() ? "" : "; " + was.size() + " consistency problem(s) they already had are restored with them"));
        }
        if (manifest.product() == Product.ENTERPRISE && !sameStore(manifest.source(), target.location())) {
            warnings.add("licence binding: the backup came from " + manifest.source() + " and is restored to "
                    + target.location() + "; licences before 3.10 are bound to endpoint/bucket/region (S3), account/container (Azure), "
                    + "bucket (GCS) or file path plus cluster id: request a licence for this store before starting the cluster");
        }
        List<String> sample = new ArrayList<>();
        long existing = 0;
        boolean resuming = Journal.exists(target, JOURNAL);
        try (Stream<Entry> s = target.list("")) {
            for (Entry e : (Iterable<Entry>) s::iterator) {
                if (isOwn(e.key())) {
                    continue;
                }
                existing++;
                if (sample.size() < 5) {
                    sample.add(e.key());
                }
            }
        }
        // read from the backup root: this backup's folder, or the earlier backup that holds the object
        Plan plan = RestorePlanner.plan(manifest, ref.location(), target.location(), ref::rootKey);
        return new Preview(plan, manifest, existing, sample, resuming, warnings);
    }

    private static int verifyParallel(Options o) {
        return o.parallel() > 0 ? o.parallel() : ManifestVerifier.DEFAULT_PARALLEL;
    }

    private static boolean isOwn(String key) {
        return key.startsWith(QUARANTINE) || Keys.isUnder(key, JOURNAL);
    }

    /**
     * Restores after {@link #preview}: checks emptiness and liveness, quarantines with
     * {@code --force}, copies, verifies what it wrote and sets ownership.
     */
    public static Outcome run(Preview preview, Store backup, Store target, Options options, ProgressListener listener) {
        return run(preview, BackupRef.alone(backup), target, options, listener);
    }

    /** Restores after {@link #preview(BackupRef, Store, Options, ProgressListener)}. */
    public static Outcome run(Preview preview, BackupRef ref, Store target, Options options, ProgressListener listener) {
        Store backup = ref.root();
        Instant started = Instant.now();
        if (preview.existing() > 0 && !options.force() && !preview.resuming()) {
            throw Ib3Exception.refused("target " + target.location() + " is not empty: " + preview.existing()
                            + " object(s), e.g. " + preview.existingSample().get(0),
                    "restore into an empty location, or add --force to move what is there to a quarantine prefix first (nothing is deleted)");
        }
        refuseLive(target, preview, options.liveCheck());
        if (preview.resuming()) {
            // what the interrupted restore was writing when it died (the target is not live: checked above)
            target.removeUnfinishedWrites("");
        }
        String quarantine = null;
        if (preview.existing() > 0 && options.force()) {
            quarantine = Quarantine.moveAside(target, started, RestoreJob::isOwn);
        }
        int parallel = options.parallel() > 0 ? options.parallel() : Jobs.defaultParallel(backup, target);
        ExecOptions exec = ExecOptions.defaults(parallel).withJournal(JOURNAL, 1000, Duration.ofSeconds(2));
        ExecResult result = new Executor().run(backup, target, Jobs.phases(preview.plan(), false), exec, listener);
        if (!result.ok()) {
            throw result.toException("restore");
        }
        VerifyReport written = ManifestVerifier.verifyRestored(target, preview.manifest(), options.deep(), parallel, ProgressListener.NONE);
        if (!written.ok()) {
            VerifyReport.Problem p = written.problems().get(0);
            throw Ib3Exception.failed("restored objects in " + target.location() + " do not match the backup: " + p.path() + ": " + p.problem(),
                    "run the restore again with --force: the mismatching objects are copied again");
        }
        removeJournal(target);
        String ownerNote = options.owner() == null ? null : chown(target, preview.manifest(), options.owner());
        return new Outcome(preview, quarantine, result.count(CopyMethod.STREAMED) + result.count(CopyMethod.SERVER_SIDE),
                result.count(CopyMethod.SKIPPED_PRESENT), result.count(CopyMethod.SERVER_SIDE), result.clientBytes(), written,
                ownerNote, nextSteps(preview.manifest()), Duration.between(started, Instant.now()));
    }

    /**
     * A running server writes WAL files and catalog logs continuously: two listings some seconds
     * apart that differ mean the target is live. WAL numbers beyond the backup's mean a server
     * wrote after the backup was taken.
     */
    private static void refuseLive(Store target, Preview preview, Duration wait) {
        if (preview.existing() == 0) {
            return;
        }
        Map<String, Long> first = snapshot(target);
        if (!wait.isZero()) {
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw Ib3Exception.failed("restore interrupted");
            }
            Map<String, Long> second = snapshot(target);
            Set<String> changed = new TreeSet<>();
            second.forEach((k, v) -> {
                if (!v.equals(first.get(k))) {
                    changed.add(k);
                }
            });
            first.keySet().stream().filter(k -> !second.containsKey(k)).forEach(changed::add);
            if (!changed.isEmpty()) {
                throw Ib3Exception.refused("target " + target.location() + " looks live: " + changed.size()
                                + " object(s) changed within " + wait.toSeconds() + " s, e.g. " + changed.iterator().next(),
                        "stop every InfluxDB 3 node using this store first, then restore (a running server would overwrite the restore)");
            }
        }
    }

    private static Map<String, Long> snapshot(Store target) {
        Map<String, Long> out = new TreeMap<>();
        try (Stream<Entry> s = target.list("")) {
            s.filter(e -> !isOwn(e.key())).forEach(e -> out.put(e.key(), e.size()));
        }
        return out;
    }

    private static void removeJournal(Store target) {
        List<String> keys = new ArrayList<>();
        try (Stream<Entry> s = target.list(JOURNAL)) {
            s.forEach(e -> keys.add(e.key()));
        }
        keys.forEach(target::delete);
        target.removeEmptyFolders(JOURNAL);
    }

    /** Sets the owner of every restored object and its folders; says so when the right is missing. */
    private static String chown(Store target, Manifest m, String owner) {
        if (!target.has(Capability.POSIX_OWNER)) {
            return "--owner ignored: " + target.location() + " has no file ownership (object store)";
        }
        String[] ug = owner.split(":", 2);
        Set<String> folders = new TreeSet<>();
        try {
            for (ManifestEntry e : m.entries()) {
                target.setOwner(e.key(), ug[0], ug.length > 1 ? ug[1] : null);
                for (String p = Keys.parent(e.key()); !p.isEmpty(); p = Keys.parent(p)) {
                    folders.add(p);
                }
            }
            for (String f : folders) {
                target.setOwner(f, ug[0], ug.length > 1 ? ug[1] : null);
            }
            return "owner of " + m.entries().size() + " files and " + folders.size() + " folders set to " + owner;
        } catch (StoreException | UnsupportedOperationException e) {
            return "could not set owner " + owner + ": " + e.getMessage() + " — run as root, or: chown -R " + owner + " "
                    + target.location().replaceFirst("^file://", "");
        }
    }

    private static List<String> nextSteps(Manifest m) {
        List<String> out = new ArrayList<>();
        if (m.product() == Product.NONE) {
            // a quarantine of files that were no InfluxDB tree: nothing to start
            out.add("the files are back as they were; they hold no InfluxDB 3 node or cluster");
            return out;
        }
        if (m.product() == Product.ENTERPRISE) {
            out.add("start the data nodes first (" + String.join(", ", m.nodeIds()) + " except the compactor), then the compactor, all with cluster id "
                    + m.clusterId() + " and their own node ids");
        } else {
            out.add("start influxdb3 serve with --node-id " + String.join(", ", m.nodeIds())
                    + " on this store (same object-store settings as the backup's source)");
        }
        out.add("the server replays the WAL after the newest snapshot and rebuilds table-snapshots, db-indices and snapshot-checkpoints");
        out.add("check with a query per database, then take a new backup");
        return out;
    }

    private static boolean sameStore(String a, String b) {
        return trim(a).equals(trim(b));
    }

    private static String trim(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
