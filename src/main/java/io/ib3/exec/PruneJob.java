package io.ib3.exec;

import io.ib3.error.Ib3Exception;
import io.ib3.manifest.BackupCatalog;
import io.ib3.manifest.BackupInfo;
import io.ib3.manifest.Journal;
import io.ib3.manifest.Manifest;
import io.ib3.manifest.ManifestCodec;
import io.ib3.manifest.ManifestEntry;
import io.ib3.plan.Retention;
import io.ib3.report.ProgressListener;
import io.ib3.store.Entry;
import io.ib3.store.Keys;
import io.ib3.store.Store;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * {@code backups prune} and {@code backups delete}: removes backups from a backup root without
 * ever breaking one that stays. A backup is removed in two steps, in this order, so that a run
 * killed at any point leaves every kept backup verifiable and a re-run finishes the job:
 * <ol>
 *   <li>its manifest is retired ({@code ib3-manifest.json} becomes {@code ib3-retired-manifest.json}):
 *       from then on it is no backup (verify and restore refuse it, no incremental builds on it);</li>
 *   <li>every object in its folder that no remaining manifest names is deleted. Objects that kept
 *       incremental backups name stay where they are, so their manifests stay true; the folder is
 *       listed as {@code retired} until nothing in it is used, then it goes.</li>
 * </ol>
 * Object references come from every manifest that stays, so a chain is never broken whatever is
 * removed. Incomplete and adopted backups, invalid manifests and folders ib3 did not write are
 * handled explicitly, never silently: see {@link #prune}.
 */
public final class PruneJob {

    /**
     * @param policy         which backups to keep
     * @param includeAdopted let the policy remove adopted backups too (by default they are kept: ib3
     *                       did not make them, and their age is when they were adopted)
     * @param apply          delete; without it nothing is changed (the preview)
     */
    public record Options(Retention.Policy policy, boolean includeAdopted, boolean apply) {
    }

    /** What happens to one folder. */
    public enum Action {
        KEEP("keep"), REMOVE("remove"), LEAVE("leave"), CLEAN("clean up");

        private final String label;

        Action(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * One folder under the backup root.
     *
     * @param reasons     why it is kept, removed or left alone
     * @param freeObjects objects deleted (or, in a preview, that would be)
     * @param heldObjects objects that stay because backups that remain name them
     * @param heldFor     those backups
     */
    public record Item(String name, String type, BackupInfo.State state, Instant createdAt, Action action, List<String> reasons,
                       long freeObjects, long freeBytes, long heldObjects, long heldBytes, List<String> heldFor) {
    }

    /**
     * @param applied false for a preview: nothing was changed
     */
    public record Outcome(String location, List<Item> items, boolean applied, Duration took) {

        public long freeObjects() {
            return items.stream().mapToLong(Item::freeObjects).sum();
        }

        public long freeBytes() {
            return items.stream().mapToLong(Item::freeBytes).sum();
        }

        public long removed() {
            return items.stream().filter(i -> i.action() == Action.REMOVE).count();
        }
    }

    private PruneJob() {
    }

    /**
     * Applies a retention policy to the backups ib3 made under {@code root}. Left alone, and said
     * so: incomplete backups (a run may still be going; resume or delete it), adopted backups
     * (unless {@code includeAdopted}), folders without manifest. Refused: a root where a manifest
     * does not read, since which objects that backup uses is unknown.
     */
    public static Outcome prune(Store root, Options options, ProgressListener listener) {
        if (options.policy().keepsNothing()) {
            throw Ib3Exception.usage("a retention policy that keeps nothing would remove every backup",
                    "give at least one of --keep-last, --keep-daily, --keep-weekly, --keep-monthly, --keep-yearly");
        }
        Instant started = Instant.now();
        List<BackupInfo> infos = BackupCatalog.list(root).backups();
        refuseInvalid(root, infos, null);
        List<Retention.Candidate> candidates = new ArrayList<>();
        Map<String, List<String>> left = new LinkedHashMap<>();
        for (BackupInfo b : infos) {
            switch (b.state()) {
                case COMPLETE -> {
                    if ("adopted".equals(b.type()) && !options.includeAdopted()) {
                        left.put(b.name(), List.of("adopted: kept (the policy applies to adopted backups with --include-adopted)"));
                    } else {
                        candidates.add(new Retention.Candidate(b.name(), b.createdAt()));
                    }
                }
                case INCOMPLETE -> left.put(b.name(), List.of("incomplete: a backup may still be running; run it again to"
                        + " finish it, or remove it with backups delete"));
                case FOREIGN -> left.put(b.name(), List.of("no ib3 manifest: not ib3's to remove ('backups adopt' takes it in)"));
                case RETIRED -> left.put(b.name(), List.of("removed earlier: cleaned up"));
                default -> left.put(b.name(), List.of(b.state().label()));
            }
        }
        Map<String, Retention.Decision> decided = new HashMap<>();
        for (Retention.Decision d : Retention.decide(candidates, options.policy())) {
            decided.put(d.name(), d);
        }
        Set<String> remove = new TreeSet<>();
        decided.values().stream().filter(d -> !d.keep()).forEach(d -> remove.add(d.name()));
        return execute(root, infos, remove, decided, left, options.apply(), started, listener);
    }

    /** Removes one backup (complete, incomplete, invalid or already retired) with the same rules. */
    public static Outcome delete(Store root, String name, boolean apply, ProgressListener listener) {
        Instant started = Instant.now();
        List<BackupInfo> infos = BackupCatalog.list(root).backups();
        BackupInfo target = infos.stream().filter(b -> b.name().equals(name)).findFirst()
                .orElseThrow(() -> Ib3Exception.usage("no backup named " + name + " in " + root.location(),
                        "'backups list " + root.location() + "' shows the backups there"));
        if (target.state() == BackupInfo.State.FOREIGN) {
            throw Ib3Exception.refused(name + " in " + root.location() + " was not made by ib3 (no manifest): ib3 does not delete it",
                    "delete it with the tools that made it, or adopt it first: backups adopt " + root.location() + "/" + name);
        }
        refuseInvalid(root, infos, name);
        Map<String, List<String>> left = new LinkedHashMap<>();
        infos.stream().filter(b -> !b.name().equals(name) && b.state() == BackupInfo.State.RETIRED)
                .forEach(b -> left.put(b.name(), List.of("removed earlier: cleaned up")));
        return execute(root, infos, Set.of(name), Map.of(), left, apply, started, listener);
    }

    /** A manifest that does not read hides which objects its backup uses: nothing may be deleted beside it. */
    private static void refuseInvalid(Store root, List<BackupInfo> infos, String except) {
        for (BackupInfo b : infos) {
            if (b.state() == BackupInfo.State.INVALID && !b.name().equals(except)) {
                throw Ib3Exception.refused("backup " + b.name() + " in " + root.location() + " has a manifest that does not read ("
                                + b.problem() + "): which objects it uses is unknown, so none beside it can be deleted safely",
                        "verify it; if it is beyond repair, remove it first with: backups delete " + root.location() + "/" + b.name());
            }
        }
    }

    private static Outcome execute(Store root, List<BackupInfo> infos, Set<String> remove, Map<String, Retention.Decision> decided,
                                   Map<String, List<String>> left, boolean apply, Instant started, ProgressListener listener) {
        // what every backup that stays uses, by the folder that holds it
        Map<String, Set<String>> used = new HashMap<>();
        Map<String, Set<String>> usedBy = new HashMap<>();
        for (BackupInfo b : infos) {
            if (b.state() != BackupInfo.State.COMPLETE || remove.contains(b.name())) {
                continue;
            }
            for (ManifestEntry e : ManifestCodec.read(root.at(b.name())).entries()) {
                String holder = e.holder() != null ? e.holder() : b.name();
                used.computeIfAbsent(holder, h -> new HashSet<>()).add(e.storedKey());
                if (!holder.equals(b.name())) {
                    usedBy.computeIfAbsent(holder, h -> new TreeSet<>()).add(b.name());
                }
            }
        }
        List<Item> items = new ArrayList<>();
        ProgressListener progress = listener == null ? ProgressListener.NONE : listener;
        for (BackupInfo b : infos) {
            boolean removing = remove.contains(b.name());
            boolean retired = b.state() == BackupInfo.State.RETIRED;
            Action action = removing ? Action.REMOVE : retired ? Action.CLEAN : left.containsKey(b.name()) ? Action.LEAVE : Action.KEEP;
            List<String> reasons = new ArrayList<>(removing ? reasonsToRemove(decided.get(b.name()))
                    : decided.containsKey(b.name()) ? decided.get(b.name()).reasons() : left.getOrDefault(b.name(), List.of()));
            if (action == Action.KEEP || action == Action.LEAVE && !retired) {
                items.add(new Item(b.name(), b.type(), b.state(), b.createdAt(), action, reasons, 0, 0, 0, 0, List.of()));
                continue;
            }
            Sweep sweep = sweep(root.at(b.name()), used.getOrDefault(b.name(), Set.of()));
            List<String> heldFor = List.copyOf(usedBy.getOrDefault(b.name(), new TreeSet<>()));
            if (apply) {
                clean(root.at(b.name()), sweep, progress);
            }
            items.add(new Item(b.name(), b.type(), b.state(), b.createdAt(), action, reasons, sweep.free.size(), sweep.freeBytes,
                    sweep.held, sweep.heldBytes, heldFor));
        }
        return new Outcome(root.location(), items, apply, Duration.between(started, Instant.now()));
    }

    private static List<String> reasonsToRemove(Retention.Decision d) {
        return d == null ? List.of("asked to delete it") : List.of("no rule keeps it");
    }

    /** A folder's objects, split into those nothing uses any more and those a remaining backup names. */
    private static final class Sweep {
        final List<String> free = new ArrayList<>();
        long freeBytes;
        long held;
        long heldBytes;
    }

    private static Sweep sweep(Store folder, Set<String> used) {
        Sweep s = new Sweep();
        try (Stream<Entry> listing = folder.list("")) {
            listing.forEach(e -> {
                if (e.key().equals(ManifestCodec.RETIRED) || e.key().equals(ManifestCodec.FILE)) {
                    return;  // retired first, removed last: see clean()
                }
                if (used.contains(e.key())) {
                    s.held++;
                    s.heldBytes += e.size();
                } else {
                    s.free.add(e.key());
                    s.freeBytes += e.size();
                }
            });
        }
        return s;
    }

    /**
     * Retires the manifest, deletes what nothing uses, and removes the retired manifest (and the
     * folder) once the folder holds nothing else. Each step can be repeated: a killed run is
     * finished by the next.
     */
    private static void clean(Store folder, Sweep sweep, ProgressListener progress) {
        boolean hasManifest = folder.stat(ManifestCodec.FILE).isPresent();
        if (hasManifest) {
            if (folder.stat(ManifestCodec.RETIRED).isPresent()) {
                folder.delete(ManifestCodec.FILE);  // a run died between copying and deleting it
            } else {
                folder.move(ManifestCodec.FILE, ManifestCodec.RETIRED);
            }
        }
        progress.phaseStarted("delete " + Keys.name(folder.location()), sweep.free.size(), sweep.freeBytes);
        // the journal last: a folder killed half way that still has it stays recognisably unfinished
        List<String> order = new ArrayList<>(sweep.free);
        order.sort((a, b) -> Boolean.compare(Keys.isUnder(a, Journal.DEFAULT_PREFIX), Keys.isUnder(b, Journal.DEFAULT_PREFIX)));
        for (String key : order) {
            folder.delete(key);
            progress.itemDone(key, 0);
        }
        progress.phaseFinished("delete " + Keys.name(folder.location()));
        if (sweep.held == 0) {
            folder.delete(ManifestCodec.RETIRED);
        }
        folder.removeEmptyFolders("");
    }
}
