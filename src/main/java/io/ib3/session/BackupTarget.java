package io.ib3.session;

import io.ib3.manifest.BackupRef;

/**
 * A backup folder argument together with the backup root it lies in: an incremental backup's
 * objects may be held by earlier backups beside it. Close it when done.
 *
 * @param root the backup root (or the backup folder itself when no root can be told)
 * @param name the folder's name under the root; {@code ""} when no root can be told
 */
public record BackupTarget(Target root, String name) implements AutoCloseable {

    public BackupRef ref() {
        return new BackupRef(root.view(), name);
    }

    /** How to name the backup in messages. */
    public String display() {
        return name.isEmpty() ? root.display() : root.displayOf(name);
    }

    @Override
    public void close() {
        root.close();
    }
}
