package io.ib3.manifest;

import io.ib3.error.Ib3Exception;
import io.ib3.store.Keys;
import io.ib3.store.Store;

/**
 * A backup folder seen from the folder that holds it and its siblings (the backup root): an
 * incremental backup's objects may be held by earlier backups of its chain, which are siblings.
 *
 * @param root the backup root ({@code --to} of the backup), or the backup folder itself when its
 *             root is not known (then {@code name} is empty and no sibling can be reached)
 * @param name the backup folder's name under the root; {@code ""} when the root is not known
 */
public record BackupRef(Store root, String name) {

    /** A backup folder whose siblings are out of reach: enough for a full backup. */
    public static BackupRef alone(Store backup) {
        return new BackupRef(backup, "");
    }

    /** The backup folder. */
    public Store store() {
        return name.isEmpty() ? root : root.at(name);
    }

    public String location() {
        return store().location();
    }

    /**
     * The key, relative to {@link #root}, of the bytes of an entry: in this folder or in the
     * sibling that holds them.
     *
     * @throws Ib3Exception when the entry is held by a sibling and the root is not known
     */
    public String rootKey(ManifestEntry e) {
        if (e.holder() == null) {
            return name.isEmpty() ? e.storedKey() : Keys.join(name, e.storedKey());
        }
        requireRoot();
        return Keys.join(e.holder(), e.storedKey());
    }

    /** A sibling backup folder (a holder of this backup's objects). */
    public Store sibling(String holder) {
        requireRoot();
        return root.at(holder);
    }

    private void requireRoot() {
        if (name.isEmpty()) {
            throw Ib3Exception.usage("backup " + root.location() + " is incremental: its objects are partly held by earlier"
                            + " backups beside it, which cannot be reached from here",
                    "give the backup as a folder of its backup root (DST/NAME, or a mount path), not as a store of its own");
        }
    }
}
