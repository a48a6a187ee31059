package io.ib3.manifest;

import com.fasterxml.jackson.annotation.JsonValue;

import java.time.Instant;
import java.util.List;

/**
 * One backup found under a root by {@code backups list}.
 *
 * @param name          folder name (the backup id)
 * @param state         complete, incomplete or invalid
 * @param createdAt     start of the run; {@code null} when unknown
 * @param completedAt   end of the run (complete backups only)
 * @param recoveryPoint per node (complete backups only)
 * @param objects       objects in the manifest, or objects journaled so far (incomplete)
 * @param bytes         bytes of those objects
 * @param problem       why the backup is invalid, else {@code null}
 */
public record BackupInfo(String name, State state, Instant createdAt, Instant completedAt,
                         List<RecoveryPoint> recoveryPoint, long objects, long bytes, String problem) {

    public BackupInfo {
        recoveryPoint = recoveryPoint == null ? List.of() : List.copyOf(recoveryPoint);
    }

    public enum State {
        /** Has a manifest that reads. */
        COMPLETE("complete"),
        /** Has a journal and no manifest: the run stopped before the end. */
        INCOMPLETE("incomplete"),
        /** Has a manifest that does not read. */
        INVALID("invalid");

        private final String label;

        State(String label) {
            this.label = label;
        }

        @JsonValue
        public String label() {
            return label;
        }
    }
}
