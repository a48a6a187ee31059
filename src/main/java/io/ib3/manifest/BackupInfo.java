package io.ib3.manifest;

import com.fasterxml.jackson.annotation.JsonValue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One folder under a backup root, as {@code backups list} and retention see it.
 *
 * @param name       folder name (the backup id)
 * @param state      what the folder is
 * @param summary    its manifest without entries (complete backups; for a retired folder the
 *                   manifest it had, when it still reads), else {@code null}
 * @param startedAt  when an incomplete run started (from its journal), else {@code null}
 * @param journaled  objects an incomplete run journaled so far, with their bytes
 * @param problem    why the backup is invalid, or what a folder without manifest is
 */
public record BackupInfo(String name, State state, Manifest summary, Instant startedAt, long journaled, long journaledBytes,
                         String problem) {

    public enum State {
        /** Has a manifest that reads. */
        COMPLETE("complete"),
        /** Has a journal and no manifest: the run stopped before the end. */
        INCOMPLETE("incomplete"),
        /** Has a manifest that does not read. */
        INVALID("invalid"),
        /** No manifest and no journal, but an InfluxDB 3 tree: copied by something else (the documented scripts). */
        FOREIGN("not adopted"),
        /** Removed by prune or delete; still holds objects that kept backups of its chain use. */
        RETIRED("retired");

        private final String label;

        State(String label) {
            this.label = label;
        }

        @JsonValue
        public String label() {
            return label;
        }
    }

    public Instant createdAt() {
        return summary != null ? summary.createdAt() : startedAt;
    }

    public Instant completedAt() {
        return summary == null ? null : summary.completedAt();
    }

    public List<RecoveryPoint> recoveryPoint() {
        return summary == null || state != State.COMPLETE ? List.of() : summary.recoveryPoint();
    }

    /** Objects in the manifest, or objects journaled so far (incomplete). */
    public long objects() {
        return summary != null ? summary.totals().files() : journaled;
    }

    /** Bytes of the backup's objects, wherever they are held. */
    public long bytes() {
        return summary != null ? summary.totals().bytes() : journaledBytes;
    }

    /** Bytes this folder holds itself (less than {@link #bytes()} for an incremental backup). */
    public long ownBytes() {
        return summary != null ? summary.totals().ownBytes() : journaledBytes;
    }

    /** {@code full}, {@code incremental}, or {@code adopted}; {@code null} without a manifest. */
    public String type() {
        if (summary == null) {
            return null;
        }
        return summary.origin().adopted() ? "adopted" : summary.lineage().type();
    }

    public String parent() {
        return summary == null ? null : summary.lineage().parent();
    }

    public String origin() {
        return summary == null ? null : summary.origin().kind();
    }

    public int sourceMissing() {
        return summary == null ? 0 : summary.sourceGaps().missing().size();
    }

    public boolean accepted() {
        return summary != null && summary.sourceGaps().accepted();
    }

    /** What the operator should know beside the state: adopted, a source that lacked files, why invalid. */
    public String note() {
        List<String> n = new ArrayList<>();
        if (problem != null) {
            n.add(problem);
        }
        if (sourceMissing() > 0 && state == State.COMPLETE) {
            n.add("source lacked " + sourceMissing() + " referenced file(s)" + (accepted() ? " (accepted)" : ": verify exits 5"));
        }
        return String.join("; ", n);
    }
}
