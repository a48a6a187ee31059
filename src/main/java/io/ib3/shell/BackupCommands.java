package io.ib3.shell;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ib3.error.CommandResultException;
import io.ib3.error.ExitCode;
import io.ib3.error.Ib3Exception;
import io.ib3.exec.AdoptJob;
import io.ib3.exec.BackupJob;
import io.ib3.exec.PruneJob;
import io.ib3.exec.RestoreJob;
import io.ib3.exec.VerifyJob;
import io.ib3.manifest.BackupCatalog;
import io.ib3.manifest.Manifest;
import io.ib3.manifest.ManifestCodec;
import io.ib3.plan.BackupPlanner;
import io.ib3.plan.Plan;
import io.ib3.plan.PlanJson;
import io.ib3.plan.Retention;
import io.ib3.profile.Profile;
import io.ib3.report.ProgressBar;
import io.ib3.report.ProgressListener;
import io.ib3.report.ProgressLog;
import io.ib3.report.Sizes;
import io.ib3.report.Table;
import io.ib3.session.BackupTarget;
import io.ib3.session.Session;
import io.ib3.session.Target;
import io.ib3.store.Keys;
import io.ib3.store.Store;
import org.springframework.shell.core.command.CommandContext;
import org.springframework.shell.core.command.annotation.Argument;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.shell.core.command.annotation.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Backup, verify and restore: thin commands over {@link BackupJob}, {@link VerifyJob} and
 * {@link RestoreJob}. Plans are data: {@code plan …} and {@code --dry-run} render the plan the
 * real run executes.
 */
public class BackupCommands {

    static final String GROUP = "Backup and restore";

    private final Session session;
    private final Printer printer;
    private final ConsoleMode mode;
    private final Ib3Shell shell;

    public BackupCommands(Session session, Printer printer, ConsoleMode mode, Ib3Shell shell) {
        this.session = session;
        this.printer = printer;
        this.mode = mode;
        this.shell = shell;
    }

    // ------------------------------------------------------------------ plan

    @Command(name = {"plan", "backup"}, group = GROUP, completionProvider = "locationCompletion",
            description = "plan backup --from SRC --to DST [--name ID] [--include-derived] [--incremental] [--parent NAME] [--json] [--save FILE]: the ordered steps, files and bytes (and what an incremental backup reuses), and what the backup restores to; writes nothing")
    public void planBackup(@Option(longName = "from", description = "data root to back up (URI, mount path or @profile)") String from,
                           @Option(longName = "to", description = "folder that holds backups") String to,
                           @Option(longName = "name", description = "backup folder name (default backup-YYYYMMDD-HHMMSS, UTC)") String name,
                           @Option(longName = "include-derived", description = "also copy table-snapshots, db-indices, snapshot-checkpoints") boolean includeDerived,
                           @Option(longName = "json", description = "print the plan as JSON") boolean json,
                           @Option(longName = "save", description = "write the plan (with every object) to FILE for backup --plan") String save,
                           @Option(longName = "incremental", description = "refer to objects the newest backup of this source already holds instead of copying them") boolean incremental,
                           @Option(longName = "parent", description = "the backup an incremental builds on (default: the newest complete one of this source)") String parent,
                           CommandContext ctx) throws IOException {
        try (Target src = session.locate(requireFrom(from)); Target dst = target(from, to)) {
            String backupName = name == null || name.isEmpty() ? BackupJob.Options.defaults().nameOrDefault(Instant.now()) : checkName(name);
            List<String> notes = new ArrayList<>();
            Plan plan = BackupJob.plan(src.store(), src.key(), dst.view(), backupName, new BackupPlanner.Options(includeDerived),
                    incremental || present(parent), present(parent) ? checkName(parent) : null, notes);
            if (!json) {
                notes.forEach(n -> ctx.outputWriter().println("note: " + n));
            }
            if (save != null && !save.isEmpty()) {
                Path file = Path.of(save);
                Files.writeString(file, PlanJson.write(plan), StandardCharsets.UTF_8);
                if (!json) {
                    ctx.outputWriter().println("saved plan to " + file.toAbsolutePath() + " (" + plan.files() + " objects); run it with: backup --plan " + file);
                }
            }
            printPlan(ctx, plan, json);
        }
    }

    @Command(name = {"plan", "restore"}, group = GROUP, completionProvider = "locationCompletion",
            description = "plan restore --from BACKUP --to TARGET [--deep] [--json]: verifies the backup, shows the restore steps and what the target holds; writes nothing")
    public void planRestore(@Option(longName = "from", description = "backup folder (DST/backup-…)") String from,
                            @Option(longName = "to", description = "data root to restore into") String to,
                            @Option(longName = "deep", description = "verify the backup by checksum first") boolean deep,
                            @Option(longName = "accept-missing", description = "plan a backup whose source lacked referenced Parquet files") boolean acceptMissing,
                            @Option(longName = "json", description = "print the plan as JSON") boolean json,
                            CommandContext ctx) {
        try (BackupTarget backup = session.locateBackup(require(from, "--from", "plan restore --from DST/backup-20260101-000000 --to file:///var/lib/influxdb3"));
             Target target = session.locate(require(to, "--to", "plan restore --from BACKUP --to file:///var/lib/influxdb3"))) {
            RestoreJob.Preview preview = RestoreJob.preview(backup.ref(), target.view(),
                    new RestoreJob.Options(false, deep, 0, Duration.ZERO, null, acceptMissing), deep ? progress() : ProgressListener.NONE);
            printRestorePreview(ctx, preview, json);
        }
    }

    // ------------------------------------------------------------------ backup

    @Command(name = "backup", group = GROUP, completionProvider = "locationCompletion",
            description = "backup --from SRC --to DST [--name ID] [--incremental] [--parent NAME] [--parallel N] [--include-derived] [--accept-missing] [--dry-run] [--plan FILE] [--json]: copy in the documented order with CRC32C, check consistency, write ib3-manifest.json last; re-run the same command to resume. --incremental copies only what the newest backup of this source does not hold. Exit 5: the source lacks files its snapshots reference")
    public void backup(@Option(longName = "from", description = "data root to back up (URI, mount path or @profile)") String from,
                       @Option(longName = "to", description = "folder that holds backups (default: the profile's backupTarget)") String to,
                       @Option(longName = "name", description = "backup folder name (default backup-YYYYMMDD-HHMMSS, UTC); give the same name to resume") String name,
                       @Option(longName = "parallel", description = "objects copied at once (default: 16 for object stores, 2×cores for disks)") int parallel,
                       @Option(longName = "include-derived", description = "also copy table-snapshots, db-indices, snapshot-checkpoints") boolean includeDerived,
                       @Option(longName = "dry-run", description = "show the plan, copy nothing") boolean dryRun,
                       @Option(longName = "plan", description = "run a plan saved with plan backup --save") String planFile,
                       @Option(longName = "accept-missing", description = "accept Parquet files the source's snapshots reference but the source no longer has (retention, hard delete): recorded either way; without this the backup ends with exit 5") boolean acceptMissing,
                       @Option(longName = "incremental", description = "refer to objects the newest backup of this source already holds instead of copying them (immutable files with the same key, size and fingerprint)") boolean incremental,
                       @Option(longName = "parent", description = "the backup an incremental builds on (default: the newest complete one of this source under --to)") String parent,
                       @Option(longName = "json", description = "print the result as JSON") boolean json,
                       CommandContext ctx) throws IOException {
        if (parallel < 0) {
            throw Ib3Exception.usage("option --parallel of backup must be 1 or more, not " + parallel);
        }
        Plan saved = null;
        if (planFile != null && !planFile.isEmpty()) {
            Path file = Path.of(planFile);
            if (!Files.isRegularFile(file)) {
                throw Ib3Exception.usage("no plan file " + file, "save one with: plan backup --from … --to … --save " + file);
            }
            saved = PlanJson.read(Files.readString(file, StandardCharsets.UTF_8), file.toString());
            if (from == null || from.isEmpty()) {
                from = saved.source();
            }
            if (to == null || to.isEmpty()) {
                to = saved.target().substring(0, saved.target().lastIndexOf('/'));
            }
            if (name == null || name.isEmpty()) {
                name = saved.target().substring(saved.target().lastIndexOf('/') + 1);
            }
        }
        try (Target src = session.locate(requireFrom(from)); Target dst = target(from, to)) {
            boolean incr = incremental || present(parent);
            BackupJob.Options options = new BackupJob.Options(name == null || name.isEmpty() ? null : checkName(name),
                    includeDerived, parallel, 3, acceptMissing, incr, present(parent) ? checkName(parent) : null);
            if (dryRun) {
                String backupName = options.nameOrDefault(Instant.now());
                List<String> notes = new ArrayList<>();
                Plan plan = saved != null ? saved
                        : BackupJob.plan(src.store(), src.key(), dst.view(), backupName, new BackupPlanner.Options(includeDerived),
                                incr, options.parent(), notes);
                if (!json) {
                    notes.forEach(n -> ctx.outputWriter().println("note: " + n));
                }
                printPlan(ctx, plan, json);
                if (!json) {
                    ctx.outputWriter().println("dry run: nothing copied");
                }
                return;
            }
            BackupJob.Outcome outcome = saved != null
                    ? BackupJob.runSaved(saved, src.store(), src.key(), dst.view(), options, progress())
                    : BackupJob.run(src.store(), src.key(), dst.view(), options, progress());
            PrintWriter out = ctx.outputWriter();
            Manifest.SourceGaps gaps = outcome.sourceGaps();
            if (json) {
                ObjectNode o = JsonNodeFactory.instance.objectNode();
                o.put("ok", !gaps.unaccepted());
                o.put("backup", outcome.location());
                o.put("rounds", outcome.rounds());
                o.put("objects", outcome.manifest().totals().files());
                o.put("bytes", outcome.manifest().totals().bytes());
                o.put("copied", outcome.copied());
                o.put("skipped", outcome.skipped());
                o.put("serverSide", outcome.serverSide());
                o.put("clientBytes", outcome.clientBytes());
                o.put("readBackBytes", outcome.readBackBytes());
                o.put("seconds", outcome.took().toMillis() / 1000.0);
                o.put("lateFound", outcome.lateFound());
                o.put("type", outcome.manifest().lineage().type());
                o.put("parent", outcome.manifest().lineage().parent());
                o.put("reused", outcome.reused());
                o.put("reusedBytes", outcome.reusedBytes());
                o.put("ownBytes", outcome.manifest().totals().ownBytes());
                ArrayNode notes = o.putArray("notes");
                outcome.notes().forEach(notes::add);
                o.set("recoveryPoint", PlanJson.recoveryPoints(outcome.manifest().recoveryPoint()));
                o.set("sourceMissing", sourceMissingJson(gaps));
                ArrayNode w = o.putArray("warnings");
                outcome.consistency().warnings().forEach(p -> w.add(p.path() + ": " + p.problem()));
                printer.json(out, o);
                endWithSourceGaps(gaps, outcome.location());
                return;
            }
            Manifest.Lineage lineage = outcome.manifest().lineage();
            out.println("backup complete: " + outcome.location() + (lineage.incremental() ? " (incremental on " + lineage.parent() + ")" : ""));
            out.println("  " + outcome.manifest().totals().files() + " objects, " + Sizes.human(outcome.manifest().totals().bytes())
                    + " (copied " + outcome.copied() + (outcome.serverSide() > 0 ? ", " + outcome.serverSide() + " server-side" : "")
                    + ", already there " + outcome.skipped()
                    + (outcome.reused() > 0 ? ", " + outcome.reused() + " (" + Sizes.human(outcome.reusedBytes()) + ") held by the chain of "
                    + lineage.parent() : "") + ") in " + seconds(outcome.took())
                    + (outcome.rounds() > 1 ? ", " + outcome.rounds() + " rounds: the source moved on while copying" : ""));
            outcome.notes().forEach(n -> out.println("  note: " + n));
            long unchecked = outcome.manifest().entries().stream().filter(e -> e.crc32c() == null).count();
            out.println(unchecked == 0 ? "  every object has a CRC32C in ib3-manifest.json; consistency checked"
                    : "  " + unchecked + " object(s) have no CRC32C in ib3-manifest.json; consistency checked");
            if (outcome.readBackBytes() > 0) {
                out.println("  " + Sizes.human(outcome.readBackBytes()) + " of server-side copies read back to checksum them"
                        + " (neither store keeps a CRC32C for them)");
            }
            if (outcome.lateFound() > 0) {
                out.println("  " + outcome.lateFound() + " Parquet file(s) written while the source was listed were found by a direct look-up and copied");
            }
            printer.table(out, PlanTables.recoveryTable("This backup restores to", outcome.manifest().recoveryPoint()));
            outcome.consistency().warnings().forEach(p -> out.println("warning: " + p.path() + ": " + p.problem()));
            printSourceGaps(out, gaps);
            endWithSourceGaps(gaps, outcome.location());
        }
    }

    /** The referenced files a source lacked, for people: a problem of the source, said loudly. */
    private void printSourceGaps(PrintWriter out, Manifest.SourceGaps gaps) {
        if (!gaps.any()) {
            return;
        }
        out.println((gaps.accepted() ? "accepted (--accept-missing): " : "SOURCE PROBLEM: ") + "the source lacks "
                + gaps.missing().size() + " Parquet file(s) its snapshots reference; the backup holds everything the source has:");
        Table.Builder t = Table.builder("Referenced by the source's snapshots, absent from the source", "FILE", "SNAPSHOT", "BYTES");
        gaps.missing().stream().limit(20).forEach(m -> t.row(m.key(), m.node() + " " + m.snapshot(), m.size()));
        if (gaps.missing().size() > 20) {
            t.row("… and " + (gaps.missing().size() - 20) + " more (ib3-manifest.json lists them all)", "", "");
        }
        printer.table(out, t.build());
        if (!gaps.accepted()) {
            out.println("  retention or a hard delete removes files before the next snapshot records it; anything else is data the source lost");
            out.println("  verify and restore of this backup say so (exit 5 / refused) until accepted: --accept-missing");
        }
    }

    private static ArrayNode sourceMissingJson(Manifest.SourceGaps gaps) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        gaps.missing().forEach(m -> a.addObject().put("key", m.key()).put("node", m.node()).put("snapshot", m.snapshot())
                .put("size", m.size()).put("accepted", gaps.accepted()));
        return a;
    }

    /** Exit 5 for a complete backup of a source that lacked referenced files nobody accepted. */
    private static void endWithSourceGaps(Manifest.SourceGaps gaps, String where) {
        if (gaps.unaccepted()) {
            throw new CommandResultException(ExitCode.SOURCE_INCOMPLETE, "backup " + where + " is complete, but its source lacked "
                    + gaps.missing().size() + " referenced Parquet file(s)");
        }
    }

    // ------------------------------------------------------------------ verify

    @Command(name = "verify", group = GROUP, completionProvider = "locationCompletion",
            description = "verify BACKUP [--deep] [--parallel N] [--accept-missing] [--json]: manifest objects present with their sizes and the consistency rules; --deep re-reads every object (CRC32C, WAL and catalog CRCs, Parquet frames). Exit 3 on damage, 5 when the source lacked referenced files")
    public void verify(@Argument(index = 0, description = "backup folder (DST/backup-…)") String location,
                       @Option(longName = "deep", description = "read every object and check checksums and formats") boolean deep,
                       @Option(longName = "parallel", description = "objects read at once with --deep") int parallel,
                       @Option(longName = "accept-missing", description = "report Parquet files the source lacked when it was backed up as warnings, not exit 5") boolean acceptMissing,
                       @Option(longName = "json", description = "print the verify JSON document") boolean json,
                       CommandContext ctx) {
        try (BackupTarget backup = session.locateBackup(require(location, "BACKUP", "verify DST/backup-20260101-000000"))) {
            VerifyJob.Outcome outcome = VerifyJob.verify(backup.ref(), deep, parallel, acceptMissing, deep ? progress() : ProgressListener.NONE);
            if (json) {
                printer.json(ctx.outputWriter(), outcome.toJson());
            } else {
                VerifyTables.tables(outcome).forEach(t -> printer.table(ctx.outputWriter(), t));
            }
            if (!outcome.ok()) {
                ExitCode code = outcome.report().exitCode();
                throw new CommandResultException(code, code == ExitCode.SOURCE_INCOMPLETE
                        ? "the source of " + backup.display() + " lacked " + outcome.report().sourceProblems().size() + " referenced file(s)"
                        : "verify found " + outcome.report().problems().size() + " problem(s) in " + backup.display());
            }
        }
    }

    // ------------------------------------------------------------------ restore

    @Command(name = "restore", group = GROUP, completionProvider = "locationCompletion",
            description = "restore --from BACKUP --to TARGET [--dry-run] [--force] [--deep] [--owner USER[:GROUP]] [--yes] [--live-check SECONDS]: verified backup into an empty data root, in restore order; --force quarantines what the target holds")
    public void restore(@Option(longName = "from", description = "backup folder (DST/backup-…)") String from,
                        @Option(longName = "to", description = "data root to restore into (servers stopped)") String to,
                        @Option(longName = "dry-run", description = "verify and show the plan, write nothing") boolean dryRun,
                        @Option(longName = "force", description = "restore into a non-empty target: move what is there to ib3-quarantine-… first") boolean force,
                        @Option(longName = "deep", description = "verify backup and restored objects by checksum") boolean deep,
                        @Option(longName = "owner", description = "USER[:GROUP] to own restored files (file stores; needs the right to chown)") String owner,
                        @Option(longName = "yes", description = "do not ask for confirmation (scripts)") boolean yes,
                        @Option(longName = "live-check", defaultValue = "3", description = "seconds between the two listings that detect a running server") int liveCheck,
                        @Option(longName = "parallel", description = "objects copied at once") int parallel,
                        @Option(longName = "accept-missing", description = "restore a backup whose source lacked referenced Parquet files, as it was") boolean acceptMissing,
                        @Option(longName = "json", description = "print the result as JSON") boolean json,
                        CommandContext ctx) throws Exception {
        if (liveCheck < 0 || parallel < 0) {
            throw Ib3Exception.usage("options --live-check and --parallel of restore must be 0 or more");
        }
        try (BackupTarget backup = session.locateBackup(require(from, "--from", "restore --from DST/backup-20260101-000000 --to file:///var/lib/influxdb3"));
             Target target = session.locate(require(to, "--to", "restore --from BACKUP --to file:///var/lib/influxdb3"))) {
            RestoreJob.Options options = new RestoreJob.Options(force, deep, parallel, Duration.ofSeconds(liveCheck),
                    owner == null || owner.isEmpty() ? null : owner, acceptMissing);
            RestoreJob.Preview preview = RestoreJob.preview(backup.ref(), target.view(), options,
                    deep ? progress() : ProgressListener.NONE);
            PrintWriter out = ctx.outputWriter();
            if (dryRun) {
                printRestorePreview(ctx, preview, json);
                if (!json) {
                    out.println("dry run: nothing written");
                }
                return;
            }
            if (!json) {
                printRestorePreview(ctx, preview, false);
            }
            if (!yes) {
                if (!mode.interactive()) {
                    throw Ib3Exception.refused("restore needs --yes outside the interactive console",
                            "check the plan with: plan restore --from … --to …, then add --yes");
                }
                String answer = ctx.inputReader().readInput("restore " + preview.plan().files() + " objects ("
                        + Sizes.human(preview.plan().bytes()) + ") into " + target.display()
                        + (preview.existing() > 0 ? ", quarantining " + preview.existing() + " existing object(s)" : "") + "? [y/N] ");
                if (answer == null || !(answer.strip().equalsIgnoreCase("y") || answer.strip().equalsIgnoreCase("yes"))) {
                    out.println("nothing restored");
                    return;
                }
            }
            RestoreJob.Outcome outcome = RestoreJob.run(preview, backup.ref(), target.view(), options, progress());
            if (json) {
                ObjectNode o = JsonNodeFactory.instance.objectNode();
                o.put("ok", true);
                o.put("target", target.display());
                o.put("objects", preview.plan().files());
                o.put("bytes", preview.plan().bytes());
                o.put("copied", outcome.copied());
                o.put("skipped", outcome.skipped());
                o.put("serverSide", outcome.serverSide());
                o.put("clientBytes", outcome.clientBytes());
                o.put("quarantine", outcome.quarantine());
                o.put("verifiedChecksums", outcome.verified().deepChecked());
                o.put("owner", outcome.ownerNote());
                o.set("recoveryPoint", PlanJson.recoveryPoints(preview.manifest().recoveryPoint()));
                ArrayNode next = o.putArray("nextSteps");
                outcome.nextSteps().forEach(next::add);
                printer.json(out, o);
                return;
            }
            out.println("restore complete: " + preview.plan().files() + " objects, " + Sizes.human(preview.plan().bytes())
                    + " into " + target.display() + " in " + seconds(outcome.took())
                    + (outcome.serverSide() > 0 ? " (" + outcome.serverSide() + " copied server-side)" : "")
                    + "; verified by size" + (deep ? " and CRC32C (" + outcome.verified().deepChecked() + " compared)" : ""));
            if (outcome.quarantine() != null) {
                out.println("earlier objects of the target are in " + outcome.quarantine() + "/ (nothing was deleted)");
            }
            if (outcome.ownerNote() != null) {
                out.println(outcome.ownerNote());
            }
            out.println("next steps:");
            outcome.nextSteps().forEach(s -> out.println("  - " + s));
        }
    }

    // ------------------------------------------------------------------ backups list

    @Command(name = {"backups", "list"}, group = GROUP, completionProvider = "locationCompletion",
            description = "backups list DST [--json]: backups under a folder, complete or not, with recovery points and sizes")
    public void backupsList(@Argument(index = 0, description = "folder that holds backups") String location,
                            @Option(longName = "json", description = "print JSON") boolean json,
                            CommandContext ctx) {
        try (Target root = session.locate(location)) {
            BackupCatalog.Listing listing = BackupCatalog.list(root.view());
            if (json) {
                printer.json(ctx.outputWriter(), listing.json());
            } else {
                printer.table(ctx.outputWriter(), BackupTables.table(listing));
            }
        }
    }

    // ------------------------------------------------------------------ backups prune / delete

    @Command(name = {"backups", "prune"}, group = GROUP, completionProvider = "locationCompletion",
            description = "backups prune DST [--keep-last N] [--keep-daily N] [--keep-weekly N] [--keep-monthly N] [--keep-yearly N] [--include-adopted] [--yes] [--dry-run] [--json]: which backups a retention policy keeps and removes, and the bytes freed; a preview unless --yes. Objects kept backups use are never deleted")
    public void backupsPrune(@Argument(index = 0, description = "folder that holds backups") String location,
                             @Option(longName = "keep-last", description = "keep the N newest backups") int last,
                             @Option(longName = "keep-daily", description = "keep the newest backup of each of the last N days that have one (UTC)") int daily,
                             @Option(longName = "keep-weekly", description = "… of each of the last N ISO weeks") int weekly,
                             @Option(longName = "keep-monthly", description = "… of each of the last N months") int monthly,
                             @Option(longName = "keep-yearly", description = "… of each of the last N years") int yearly,
                             @Option(longName = "include-adopted", description = "let the policy remove adopted backups too") boolean includeAdopted,
                             @Option(longName = "yes", description = "delete (without it: a preview)") boolean yes,
                             @Option(longName = "dry-run", description = "preview only, even with --yes") boolean dryRun,
                             @Option(longName = "json", description = "print JSON") boolean json,
                             CommandContext ctx) {
        if (last < 0 || daily < 0 || weekly < 0 || monthly < 0 || yearly < 0) {
            throw Ib3Exception.usage("--keep-* counts of backups prune must be 0 or more");
        }
        Retention.Policy policy = new Retention.Policy(last, daily, weekly, monthly, yearly);
        try (Target root = session.locate(require(location, "DST", "backups prune /backups --keep-daily 7 --keep-weekly 4"))) {
            PruneJob.Outcome preview = PruneJob.prune(root.view(), new PruneJob.Options(policy, includeAdopted, false), ProgressListener.NONE);
            PruneJob.Outcome outcome = preview;
            if (!dryRun && preview.removed() + cleanups(preview) > 0 && confirmed(ctx, yes, json, preview, "keep " + policy)) {
                outcome = PruneJob.prune(root.view(), new PruneJob.Options(policy, includeAdopted, true), progress());
            }
            printPrune(ctx, outcome, json, "keep " + policy);
        }
    }

    @Command(name = {"backups", "delete"}, group = GROUP, completionProvider = "locationCompletion",
            description = "backups delete BACKUP [--yes] [--dry-run] [--json]: remove one backup; objects that other backups of its chain use stay where they are. A preview unless --yes")
    public void backupsDelete(@Argument(index = 0, description = "the backup folder (DST/NAME)") String location,
                              @Option(longName = "yes", description = "delete (without it: a preview)") boolean yes,
                              @Option(longName = "dry-run", description = "preview only, even with --yes") boolean dryRun,
                              @Option(longName = "json", description = "print JSON") boolean json,
                              CommandContext ctx) {
        try (BackupTarget backup = session.locateBackup(require(location, "BACKUP", "backups delete /backups/backup-20260101-000000"))) {
            if (backup.name().isEmpty()) {
                throw Ib3Exception.usage("give the backup as a folder of its backup root: " + backup.display() + " is a root of its own",
                        "for example: backups delete s3://bucket/backups/backup-20260101-000000");
            }
            Store root = backup.root().view();
            PruneJob.Outcome preview = PruneJob.delete(root, backup.name(), false, ProgressListener.NONE);
            PruneJob.Outcome outcome = preview;
            if (!dryRun && confirmed(ctx, yes, json, preview, "delete " + backup.name())) {
                outcome = PruneJob.delete(root, backup.name(), true, progress());
            }
            printPrune(ctx, outcome, json, "delete " + backup.name());
        }
    }

    private static long cleanups(PruneJob.Outcome o) {
        return o.items().stream().filter(i -> i.action() == PruneJob.Action.CLEAN && i.freeObjects() > 0).count();
    }

    /** Deletes only with --yes, or when the operator says yes at the console after seeing the preview. */
    private boolean confirmed(CommandContext ctx, boolean yes, boolean json, PruneJob.Outcome preview, String what) {
        if (yes) {
            return true;
        }
        if (!mode.interactive() || json) {
            return false;
        }
        printPrune(ctx, preview, false, what);
        String answer;
        try {
            answer = ctx.inputReader().readInput("delete " + preview.freeObjects() + " objects ("
                    + Sizes.human(preview.freeBytes()) + ") of " + preview.removed() + " backup(s)? [y/N] ");
        } catch (Exception e) {
            return false;  // no answer (end of input): nothing is deleted
        }
        return answer != null && (answer.strip().equalsIgnoreCase("y") || answer.strip().equalsIgnoreCase("yes"));
    }

    private void printPrune(CommandContext ctx, PruneJob.Outcome o, boolean json, String what) {
        PrintWriter out = ctx.outputWriter();
        if (json) {
            ObjectNode root = JsonNodeFactory.instance.objectNode();
            root.put("location", o.location());
            root.put("what", what);
            root.put("applied", o.applied());
            root.put("removed", o.removed());
            root.put("freeObjects", o.freeObjects());
            root.put("freeBytes", o.freeBytes());
            ArrayNode list = root.putArray("backups");
            for (PruneJob.Item i : o.items()) {
                ObjectNode b = list.addObject();
                b.put("name", i.name());
                b.put("type", i.type());
                b.put("state", i.state().label());
                b.put("createdAt", i.createdAt() == null ? null : i.createdAt().toString());
                b.put("action", i.action().label());
                ArrayNode why = b.putArray("reasons");
                i.reasons().forEach(why::add);
                b.put("freeObjects", i.freeObjects());
                b.put("freeBytes", i.freeBytes());
                b.put("heldObjects", i.heldObjects());
                b.put("heldBytes", i.heldBytes());
                ArrayNode heldFor = b.putArray("heldFor");
                i.heldFor().forEach(heldFor::add);
            }
            printer.json(out, root);
            return;
        }
        Table.Builder t = Table.builder((o.applied() ? "" : "PREVIEW, nothing deleted (add --yes to delete): ") + what + " in "
                + o.location(), "NAME", "TYPE", "CREATED", "ACTION", "WHY", "FREES", "STAYS FOR");
        for (PruneJob.Item i : o.items()) {
            t.row(i.name(), i.type() == null ? "-" : i.type(), i.createdAt() == null ? "?" : i.createdAt().toString(),
                    i.action().label(), String.join("; ", i.reasons()),
                    i.freeObjects() == 0 ? "-" : i.freeObjects() + " (" + Sizes.human(i.freeBytes()) + ")",
                    i.heldObjects() == 0 ? "-" : i.heldObjects() + " (" + Sizes.human(i.heldBytes()) + ") for " + String.join(", ", i.heldFor()));
        }
        printer.table(out, t.build());
        out.println((o.applied() ? "removed " : "would remove ") + o.removed() + " backup(s), "
                + (o.applied() ? "freed " : "freeing ") + o.freeObjects() + " object(s), " + Sizes.human(o.freeBytes())
                + (o.applied() ? " in " + seconds(o.took()) : ""));
    }

    // ------------------------------------------------------------------ backups adopt

    @Command(name = {"backups", "adopt"}, group = GROUP, completionProvider = "locationCompletion",
            description = "backups adopt BACKUP [--node-id ID] [--accept-missing] [--dry-run] [--parallel N] [--json]: read and check a backup made by the documented copy scripts (or any copy of a data root) and write an ib3 manifest, so verify, backups list and restore treat it like an ib3 backup. Exit 3 when it is damaged")
    public void backupsAdopt(@Argument(index = 0, description = "the folder the copy script wrote (BACKUP_DIR, or bucket/prefix)") String location,
                             @Option(longName = "node-id", description = "node id of a Core backup without node folder, when its snapshots do not name it") String nodeId,
                             @Option(longName = "accept-missing", description = "adopt even though Parquet files the snapshots reference are not in the copy (recorded)") boolean acceptMissing,
                             @Option(longName = "dry-run", description = "read and check everything, write nothing") boolean dryRun,
                             @Option(longName = "parallel", description = "objects read at once") int parallel,
                             @Option(longName = "json", description = "print the result as JSON") boolean json,
                             CommandContext ctx) {
        if (parallel < 0) {
            throw Ib3Exception.usage("option --parallel of backups adopt must be 1 or more, not " + parallel);
        }
        if (nodeId != null && !nodeId.isEmpty() && !ManifestCodec.BACKUP_NAME.matcher(nodeId).matches()) {
            throw Ib3Exception.usage("bad node id '" + Keys.printable(nodeId) + "'", "a node id is one path segment: letters, digits, '.', '_', '-'");
        }
        try (Target backup = session.locate(require(location, "BACKUP", "backups adopt /backup/20260101-120000"))) {
            AdoptJob.Outcome outcome = AdoptJob.run(backup.view(), new AdoptJob.Options(nodeId, acceptMissing, parallel, dryRun),
                    progress());
            PrintWriter out = ctx.outputWriter();
            if (json) {
                ObjectNode o = JsonNodeFactory.instance.objectNode();
                o.put("ok", outcome.ok());
                o.put("backup", backup.display());
                o.put("written", outcome.written());
                o.put("bytesRead", outcome.bytesRead());
                ArrayNode ps = o.putArray("problems");
                outcome.problems().forEach(p -> ps.addObject().put("path", p.path()).put("problem", p.problem()));
                ArrayNode ws = o.putArray("warnings");
                outcome.warnings().forEach(ws::add);
                if (outcome.manifest() != null) {
                    Manifest m = outcome.manifest();
                    o.put("product", m.product().label());
                    o.put("clusterId", m.clusterId());
                    ArrayNode nodes = o.putArray("nodes");
                    m.nodeIds().forEach(nodes::add);
                    o.put("objects", m.totals().files());
                    o.put("bytes", m.totals().bytes());
                    ArrayNode notes = o.putArray("notes");
                    m.origin().notes().forEach(notes::add);
                    o.set("recoveryPoint", PlanJson.recoveryPoints(m.recoveryPoint()));
                    o.set("sourceMissing", sourceMissingJson(m.sourceGaps()));
                }
                printer.json(out, o);
            } else if (outcome.ok()) {
                Manifest m = outcome.manifest();
                out.println((outcome.written() ? "adopted: " : "dry run, nothing written; would adopt: ") + backup.display());
                out.println("  " + m.product().label() + (m.clusterId() == null ? "" : " cluster " + m.clusterId()) + ", node(s) "
                        + String.join(", ", m.nodeIds()) + "; " + m.totals().files() + " objects, " + Sizes.human(m.totals().bytes())
                        + ", every one read, checksummed (CRC32C) and its format checked, in " + seconds(outcome.took()));
                m.origin().notes().stream().skip(1).forEach(n -> out.println("  note: " + n));
                outcome.warnings().forEach(w -> out.println("  warning: " + w));
                printer.table(out, PlanTables.recoveryTable("This backup restores to", m.recoveryPoint()));
                printSourceGaps(out, m.sourceGaps());
                if (outcome.written()) {
                    out.println("next: verify " + backup.display() + " --deep; restore --from " + backup.display() + " --to TARGET");
                }
            } else {
                Table.Builder t = Table.builder("cannot adopt " + backup.display() + ": " + outcome.problems().size()
                        + " problem(s); nothing written", "PATH", "PROBLEM");
                outcome.problems().forEach(p -> t.row(p.path(), p.problem()));
                printer.table(out, t.build());
                if (outcome.onlyMissing()) {
                    out.println("hint: if the source had already lost them (retention or a hard delete), add --accept-missing: they are recorded, and verify and restore say so");
                }
            }
            if (!outcome.ok()) {
                throw new CommandResultException(ExitCode.VERIFY_FAILED, "cannot adopt " + backup.display() + ": "
                        + outcome.problems().size() + " problem(s)");
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    private void printPlan(CommandContext ctx, Plan plan, boolean json) {
        if (json) {
            printer.json(ctx.outputWriter(), PlanJson.toJson(plan, false));
            return;
        }
        for (Table t : PlanTables.tables(plan)) {
            printer.table(ctx.outputWriter(), t);
        }
    }

    private void printRestorePreview(CommandContext ctx, RestoreJob.Preview preview, boolean json) {
        if (json) {
            ObjectNode o = PlanJson.toJson(preview.plan(), false);
            o.put("targetObjects", preview.existing());
            o.put("resuming", preview.resuming());
            ArrayNode w = o.withArray("warnings");
            preview.warnings().forEach(w::add);
            printer.json(ctx.outputWriter(), o);
            return;
        }
        PrintWriter out = ctx.outputWriter();
        for (Table t : PlanTables.tables(preview.plan())) {
            printer.table(out, t);
        }
        long unchecked = preview.manifest().entries().stream().filter(e -> e.crc32c() == null).count();
        out.println("backup verified: " + preview.manifest().totals().files() + " objects"
                + (unchecked == 0 ? " with CRC32C" : ", " + unchecked + " of them without a CRC32C") + ", consistency rules hold");
        out.println(preview.existing() == 0 ? "target is empty"
                : "target holds " + preview.existing() + " object(s), e.g. " + String.join(", ", preview.existingSample())
                + (preview.resuming() ? " (an interrupted restore: it resumes)" : "; restore refuses without --force, which moves them to a quarantine prefix"));
        preview.warnings().forEach(w -> out.println("warning: " + w));
    }

    private ProgressListener progress() {
        PrintWriter err = shell.err();
        return mode.interactive() ? new ProgressBar(err) : new ProgressLog(err, Duration.ofSeconds(10));
    }

    private String requireFrom(String from) {
        return require(from, "--from", "backup --from file:///var/lib/influxdb3 --to file:///backups");
    }

    /**
     * The folder that holds backups: --to, or the backupTarget of the profile named by --from
     * @NAME, opened with that profile's store options (endpoint, credentials …): a backup target
     * in the same profile lives on the same service.
     */
    private Target target(String from, String to) {
        if (to != null && !to.isEmpty()) {
            return session.locate(to);
        }
        if (from != null && from.startsWith("@")) {
            Profile p = session.profiles().load(from.substring(1)).profile();
            if (p.backupTarget() != null && !p.backupTarget().isEmpty()) {
                Store store = session.stores().open(p.backupTarget(), p.storeOptions());
                return new Target(store, "", store.location(), null);
            }
            throw Ib3Exception.usage("profile " + from.substring(1) + " has no backupTarget and no --to was given",
                    "add --to DST, or set backupTarget in the profile");
        }
        throw Ib3Exception.usage("missing --to", "give the folder that holds backups, e.g. --to file:///backups");
    }

    private static boolean present(String option) {
        return option != null && !option.isEmpty();
    }

    private static String require(String value, String what, String example) {
        if (value == null || value.isEmpty()) {
            throw Ib3Exception.usage("missing " + what, "for example: " + example);
        }
        return value;
    }

    private static String checkName(String name) {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}")) {
            throw Ib3Exception.usage("bad backup name '" + Keys.printable(name) + "'",
                    "use letters, digits, '.', '_' and '-' (one folder, no '/')");
        }
        return name;
    }

    private static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
