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
 * @param origin        {@code backup} or {@code adopted} (complete backups), else {@code null}
 * @param sourceMissing referenced Parquet files its source lacked (complete backups)
 * @param accepted      those were accepted
 */
public record BackupInfo(String name, State state, Instant createdAt, Instant completedAt,
                         List<RecoveryPoint> recoveryPoint, long objects, long bytes, String problem,
                         String origin, int sourceMissing, boolean accepted) {

    public BackupInfo {
        recoveryPoint = recoveryPoint == null ? List.of() : List.copyOf(recoveryPoint);
    }

    public BackupInfo(String name, State state, Instant createdAt, Instant completedAt,
                      List<RecoveryPoint> recoveryPoint, long objects, long bytes, String problem) {
        this(name, state, createdAt, completedAt, recoveryPoint, objects, bytes, problem, null, 0, false);
    }

    /** What the operator should know beside the state: adopted, a source that lacked files, why invalid. */
    public String note() {
        List<String> n = new java.util.ArrayList<>();
        if (problem != null) {
            n.add(problem);
        }
        if ("adopted".equals(origin)) {
            n.add("adopted");
        }
        if (sourceMissing > 0) {
            n.add("source lacked " + sourceMissing + " referenced file(s)" + (accepted ? " (accepted)" : ": verify exits 5"));
        }
        return String.join("; ", n);
    }

    public enum State {
        /** Has a manifest that reads. */
        COMPLETE("complete"),
        /** Has a journal and no manifest: the run stopped before the end. */
        INCOMPLETE("incomplete"),
        /** Has a manifest that does not read. */
        INVALID("invalid"),
        /** No manifest and no journal, but an InfluxDB 3 tree: copied by something else (the documented scripts). */
        FOREIGN("not adopted");

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
