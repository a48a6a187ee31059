package io.ib3.manifest;

import io.ib3.store.Capability;
import io.ib3.store.Entry;
import io.ib3.store.Keys;
import io.ib3.store.ObjectNotFoundException;
import io.ib3.store.Store;
import io.ib3.store.StoreException;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A backup as the tree it restores to: every manifest entry at its key relative to the data root
 * ({@code node0/wal/…}), its bytes read from the folder that holds them (this backup, or an earlier
 * backup of an incremental chain), at the key they are stored under there. Read-only. The
 * layout-aware checks (consistency rules, file formats) run on this view, so they judge what a
 * restore would write, wherever each object is kept.
 *
 * <p>The listing comes from the entries, not from the stores: whether the objects are really there
 * with those sizes is {@link ManifestVerifier}'s question.
 */
public final class ChainView implements Store {

    private final BackupRef backup;
    private final NavigableMap<String, ManifestEntry> entries = new TreeMap<>();

    public ChainView(BackupRef backup, List<ManifestEntry> entries) {
        this.backup = backup;
        for (ManifestEntry e : entries) {
            this.entries.put(e.key(), e);
        }
    }

    @Override
    public String location() {
        return backup.location();
    }

    /** Read-only; reads cost what they cost in the store the backups are in (ranged reads of a disk are cheap). */
    @Override
    public Set<Capability> capabilities() {
        return backup.root().has(Capability.REAL_FOLDERS) ? Set.of(Capability.REAL_FOLDERS) : Set.of();
    }

    @Override
    public Stream<Entry> list(String prefix) {
        String p = Keys.normalize(prefix);
        Map<String, ManifestEntry> below = p.isEmpty() ? entries : entries.subMap(p + "/", true, p + "0", false);
        return below.values().stream().map(e -> Entry.file(e.key(), e.size(), null));
    }

    @Override
    public List<Entry> children(String folder) {
        String p = Keys.normalize(folder);
        String start = p.isEmpty() ? "" : p + "/";
        Set<String> folders = new TreeSet<>();
        List<Entry> out = new ArrayList<>();
        for (ManifestEntry e : (p.isEmpty() ? entries : entries.subMap(start, true, p + "0", false)).values()) {
            String rest = e.key().substring(start.length());
            int slash = rest.indexOf('/');
            if (slash < 0) {
                out.add(Entry.file(e.key(), e.size(), null));
            } else if (folders.add(rest.substring(0, slash))) {
                out.add(Entry.folder(start + rest.substring(0, slash)));
            }
        }
        out.sort((a, b) -> a.name().compareTo(b.name()));
        return out;
    }

    @Override
    public Optional<Entry> stat(String key) {
        String k = Keys.normalize(key);
        ManifestEntry e = entries.get(k);
        if (e != null) {
            return Optional.of(Entry.file(k, e.size(), null));
        }
        boolean folder = k.isEmpty() || !entries.subMap(k + "/", true, k + "0", false).isEmpty();
        return folder ? Optional.of(Entry.folder(k)) : Optional.empty();
    }

    @Override
    public InputStream open(String key, long offset) {
        ManifestEntry e = entries.get(Keys.normalize(key));
        if (e == null) {
            throw new ObjectNotFoundException(location(), key);
        }
        return backup.root().open(backup.rootKey(e), offset);
    }

    @Override
    public void write(String key, InputStream content, long size) {
        throw new StoreException("the view of backup " + location() + " is read-only", null);
    }

    @Override
    public void delete(String key) {
        throw new StoreException("the view of backup " + location() + " is read-only", null);
    }
}
