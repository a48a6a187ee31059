package io.ib3.exec;

import io.ib3.error.Ib3Exception;
import io.ib3.manifest.BackupCatalog;
import io.ib3.manifest.BackupInfo;
import io.ib3.manifest.Manifest;
import io.ib3.manifest.ManifestCodec;
import io.ib3.manifest.ManifestEntry;
import io.ib3.plan.BackupPlanner;
import io.ib3.store.Entry;
import io.ib3.store.Store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The incremental side of a backup: which earlier backup under the same root it builds on, what
 * that backup's chain holds, and whether it still holds it. Every entry of a manifest names the
 * folder that holds its bytes directly (never "ask my parent"), so a chain is as deep as it is
 * wide: any backup restores from its own manifest, and removing a backup breaks nothing as long as
 * the objects others name stay where they are.
 */
final class Chain {

    private Chain() {
    }

    /**
     * The parent of an incremental backup named {@code self}: {@code explicit} when given, else
     * the newest complete backup under {@code root} of the same source; {@code null} when there is
     * none (the backup is then full, and {@code notes} says so).
     */
    static BackupPlanner.Parent parent(Store root, String self, String from, String explicit, List<String> notes) {
        String name = parentName(root, self, from, explicit, notes);
        return name == null ? null : load(root, name, notes);
    }

    /**
     * Which backup an incremental builds on: {@code explicit} when it is a complete backup under
     * {@code root}, else the newest complete one of the same source; {@code null} (with a note)
     * when there is none. Reads manifest summaries only, so a wrong {@code --parent} fails at once.
     */
    static String parentName(Store root, String self, String from, String explicit, List<String> notes) {
        String name;
        if (explicit != null) {
            BackupInfo info = BackupCatalog.describe(explicit, root.at(explicit));
            if (info == null || info.state() != BackupInfo.State.COMPLETE || explicit.equals(self)) {
                throw Ib3Exception.usage("no complete backup named " + explicit + " in " + root.location() + " to build on"
                                + (info == null ? "" : " (it is " + info.state().label() + ")"),
                        "'backups list " + root.location() + "' shows the backups there; leave --parent out to take the newest of this source");
            }
            if (!from.equals(info.summary().source())) {
                notes.add("parent " + explicit + " was taken from " + info.summary().source() + ", not from " + from
                        + ": only objects with the same key, size and fingerprint are reused");
            }
            name = explicit;
        } else {
            Optional<BackupInfo> newest = BackupCatalog.list(root).backups().stream()
                    .filter(b -> b.state() == BackupInfo.State.COMPLETE && !b.name().equals(self)
                            && from.equals(b.summary().source()))
                    .max(Comparator.comparing(BackupInfo::createdAt).thenComparing(BackupInfo::name));
            if (newest.isEmpty()) {
                notes.add("no complete backup of " + from + " in " + root.location() + " to build on: this backup is full");
                return null;
            }
            name = newest.get().name();
        }
        return name;
    }

    /**
     * The parent's entries, each naming the folder that holds it, less those its chain lost: the
     * expensive part (every entry, a listing per holder), which a backup runs beside its scan.
     */
    static BackupPlanner.Parent load(Store root, String name, List<String> notes) {
        Manifest m = ManifestCodec.read(root.at(name));
        Map<String, ManifestEntry> entries = new LinkedHashMap<>();
        for (ManifestEntry e : m.entries()) {
            entries.put(e.key(), e.holder() != null ? e : e.withHolder(name));
        }
        List<ManifestEntry> gone = missing(root, entries.values());
        gone.forEach(e -> entries.remove(e.key()));
        if (!gone.isEmpty()) {
            notes.add(gone.size() + " object(s) " + name + " names are not where its chain keeps them (e.g. " + gone.get(0).holder()
                    + "/" + gone.get(0).storedKey() + "): copied again");
        }
        if (m.entries().stream().noneMatch(e -> e.fingerprint() != null)) {
            notes.add("parent " + name + " records no source fingerprints (" + (m.origin().adopted() ? "adopted" : "made by an older ib3")
                    + "): nothing can be reused, every object is copied");
        }
        return new BackupPlanner.Parent(name, entries);
    }

    /**
     * The entries whose holder folder does not hold them with their size: one listing per holder,
     * never a request per object.
     */
    static List<ManifestEntry> missing(Store root, Collection<ManifestEntry> held) {
        Map<String, List<ManifestEntry>> byHolder = new TreeMap<>();
        for (ManifestEntry e : held) {
            byHolder.computeIfAbsent(e.holder(), h -> new ArrayList<>()).add(e);
        }
        List<ManifestEntry> out = new ArrayList<>();
        for (Map.Entry<String, List<ManifestEntry>> h : byHolder.entrySet()) {
            Map<String, Long> sizes = new HashMap<>();
            try (Stream<Entry> s = root.at(h.getKey()).list("")) {
                s.forEach(e -> sizes.put(e.key(), e.size()));
            }
            for (ManifestEntry e : h.getValue()) {
                Long size = sizes.get(e.storedKey());
                if (size == null || size != e.size()) {
                    out.add(e);
                }
            }
        }
        return out;
    }
}
