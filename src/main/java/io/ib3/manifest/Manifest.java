package io.ib3.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.ib3.layout.Product;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The manifest of a backup, {@code <backup>/ib3-manifest.json}: what was copied, from where, and
 * what it restores to. A backup is complete only when its manifest exists and verifies. The record
 * is generic: layout facts (product, cluster, nodes, catalog generation, recovery point) are plain
 * values the caller fills in.
 *
 * @param formatVersion     {@link #FORMAT_VERSION} (1 is still read)
 * @param toolVersion       ib3 version that wrote it
 * @param createdAt         when the run started
 * @param completedAt       when the last object was copied
 * @param source            location of the source, no credentials
 * @param product           Core, Enterprise, or none (the quarantine of a target that held other files)
 * @param clusterId         Enterprise cluster id, else {@code null}
 * @param nodeIds           node ids included
 * @param catalogGeneration {@code v1}, {@code v2}, {@code v3} or {@code null}
 * @param recoveryPoint     per node
 * @param plan              free-form summary of the plan (phases, counts); never {@code null}
 * @param entries           every object of the backup
 * @param totals            sums over entries
 * @param origin            how the backup came to be (an ib3 run, or adopted)
 * @param sourceGaps        referenced data the source itself lacked when it was backed up
 * @param lineage           full, or incremental on a parent backup whose chain holds some of the objects
 */
public record Manifest(int formatVersion, String toolVersion, Instant createdAt, Instant completedAt, String source,
                       Product product, String clusterId, List<String> nodeIds, String catalogGeneration,
                       List<RecoveryPoint> recoveryPoint, JsonNode plan, List<ManifestEntry> entries, Totals totals,
                       Origin origin, SourceGaps sourceGaps, Lineage lineage) {

    public static final int FORMAT_VERSION = 2;

    /**
     * @param files          number of entries
     * @param bytes          sum of entry sizes
     * @param notChecksummed entries without a CRC32C
     * @param ownFiles       entries whose bytes this backup folder holds itself
     * @param ownBytes       their bytes (for a full backup, {@code bytes})
     */
    public record Totals(long files, long bytes, long notChecksummed, long ownFiles, long ownBytes) {

        public Totals(long files, long bytes, long notChecksummed) {
            this(files, bytes, notChecksummed, files, bytes);
        }

        public static Totals of(List<ManifestEntry> entries) {
            long bytes = 0;
            long unchecked = 0;
            long ownFiles = 0;
            long ownBytes = 0;
            for (ManifestEntry e : entries) {
                bytes += e.size();
                if (e.crc32c() == null) {
                    unchecked++;
                }
                if (e.ownBytes()) {
                    ownFiles++;
                    ownBytes += e.size();
                }
            }
            return new Totals(entries.size(), bytes, unchecked, ownFiles, ownBytes);
        }
    }

    /**
     * How a backup came to be.
     *
     * @param kind  {@code backup} (ib3 copied it) or {@code adopted} (copied by something else, then
     *              checked and described by {@code backups adopt})
     * @param at    when it was adopted; {@code null} for {@code backup}
     * @param notes what adoption found and did, one line each
     */
    public record Origin(String kind, Instant at, List<String> notes) {

        public static final Origin BACKUP = new Origin("backup", null, List.of());

        public Origin {
            Objects.requireNonNull(kind, "kind");
            notes = notes == null ? List.of() : List.copyOf(notes);
        }

        public boolean adopted() {
            return "adopted".equals(kind);
        }
    }

    /**
     * Parquet files the snapshots of the source referenced that the source no longer had when it
     * was backed up (confirmed by asking the store). The backup is a faithful copy of its source,
     * but a restore gives a server whose snapshots name these files.
     *
     * @param missing   the files
     * @param accepted  the operator accepted them ({@code --accept-missing} at backup or adoption)
     * @param confirmed false when an older ib3 recorded them from a listing only
     */
    public record SourceGaps(List<MissingFile> missing, boolean accepted, boolean confirmed) {

        public static final SourceGaps NONE = new SourceGaps(List.of(), false, true);

        public SourceGaps {
            missing = missing == null ? List.of() : List.copyOf(missing);
        }

        public boolean any() {
            return !missing.isEmpty();
        }

        /** Referenced data is missing and nobody accepted it. */
        public boolean unaccepted() {
            return any() && !accepted;
        }

        public java.util.Set<String> keys() {
            java.util.Set<String> out = new java.util.TreeSet<>();
            missing.forEach(m -> out.add(m.key()));
            return out;
        }
    }

    /**
     * Whether a backup stands alone or builds on another.
     *
     * @param type   {@code full} (every object in this folder) or {@code incremental} (unchanged
     *               immutable objects are held by earlier backups of the chain, each entry naming its
     *               holder)
     * @param parent the backup an incremental was made against, else {@code null}
     */
    public record Lineage(String type, String parent) {

        public static final Lineage FULL = new Lineage("full", null);

        public Lineage {
            Objects.requireNonNull(type, "type");
        }

        public static Lineage incremental(String parent) {
            return new Lineage("incremental", parent);
        }

        public boolean incremental() {
            return "incremental".equals(type);
        }
    }

    /** Backup folders (other than this one) that hold objects of this backup, sorted. */
    public java.util.SortedSet<String> holders() {
        java.util.SortedSet<String> out = new java.util.TreeSet<>();
        entries.forEach(e -> {
            if (e.holder() != null) {
                out.add(e.holder());
            }
        });
        return out;
    }

    public Manifest {
        Objects.requireNonNull(toolVersion, "toolVersion");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(completedAt, "completedAt");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(product, "product");
        nodeIds = nodeIds == null ? List.of() : List.copyOf(nodeIds);
        recoveryPoint = recoveryPoint == null ? List.of() : List.copyOf(recoveryPoint);
        plan = plan == null ? JsonNodeFactory.instance.objectNode() : plan;
        entries = List.copyOf(entries);
        totals = totals == null ? Totals.of(entries) : totals;
        origin = origin == null ? Origin.BACKUP : origin;
        sourceGaps = sourceGaps == null ? SourceGaps.NONE : sourceGaps;
        lineage = lineage == null ? Lineage.FULL : lineage;
    }

    /** A manifest of the current format made by an ib3 run; totals are computed from the entries. */
    public static Manifest of(String toolVersion, Instant createdAt, Instant completedAt, String source, Product product,
                              String clusterId, List<String> nodeIds, String catalogGeneration,
                              List<RecoveryPoint> recoveryPoint, JsonNode plan, List<ManifestEntry> entries) {
        return new Manifest(FORMAT_VERSION, toolVersion, createdAt, completedAt, source, product, clusterId, nodeIds,
                catalogGeneration, recoveryPoint, plan, entries, Totals.of(entries), Origin.BACKUP, SourceGaps.NONE, Lineage.FULL);
    }

    public Manifest withOrigin(Origin o) {
        return new Manifest(formatVersion, toolVersion, createdAt, completedAt, source, product, clusterId, nodeIds,
                catalogGeneration, recoveryPoint, plan, entries, totals, o, sourceGaps, lineage);
    }

    public Manifest withSourceGaps(SourceGaps g) {
        return new Manifest(formatVersion, toolVersion, createdAt, completedAt, source, product, clusterId, nodeIds,
                catalogGeneration, recoveryPoint, plan, entries, totals, origin, g, lineage);
    }

    public Manifest withLineage(Lineage l) {
        return new Manifest(formatVersion, toolVersion, createdAt, completedAt, source, product, clusterId, nodeIds,
                catalogGeneration, recoveryPoint, plan, entries, totals, origin, sourceGaps, l);
    }
}
