package io.ib3.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The manifest of a backup, {@code <backup>/ib3-manifest.json}: what was copied, from where, and
 * what it restores to. A backup is complete only when its manifest exists and verifies. The record
 * is generic: layout facts (product, cluster, nodes, catalog generation, recovery point) are plain
 * values the caller fills in.
 *
 * @param formatVersion     {@link #FORMAT_VERSION}
 * @param toolVersion       ib3 version that wrote it
 * @param createdAt         when the run started
 * @param completedAt       when the last object was copied
 * @param source            location of the source, no credentials
 * @param product           {@code core} or {@code enterprise}
 * @param clusterId         Enterprise cluster id, else {@code null}
 * @param nodeIds           node ids included
 * @param catalogGeneration {@code v1}, {@code v2}, {@code v3} or {@code null}
 * @param recoveryPoint     per node
 * @param plan              free-form summary of the plan (phases, counts); never {@code null}
 * @param entries           every object of the backup
 * @param totals            sums over entries
 */
public record Manifest(int formatVersion, String toolVersion, Instant createdAt, Instant completedAt, String source,
                       String product, String clusterId, List<String> nodeIds, String catalogGeneration,
                       List<RecoveryPoint> recoveryPoint, JsonNode plan, List<ManifestEntry> entries, Totals totals) {

    public static final int FORMAT_VERSION = 1;

    /**
     * @param files          number of entries
     * @param bytes          sum of entry sizes
     * @param notChecksummed entries without a CRC32C
     */
    public record Totals(long files, long bytes, long notChecksummed) {

        public static Totals of(List<ManifestEntry> entries) {
            long bytes = 0;
            long unchecked = 0;
            for (ManifestEntry e : entries) {
                bytes += e.size();
                if (e.crc32c() == null) {
                    unchecked++;
                }
            }
            return new Totals(entries.size(), bytes, unchecked);
        }
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
    }

    /** A manifest of the current format; totals are computed from the entries. */
    public static Manifest of(String toolVersion, Instant createdAt, Instant completedAt, String source, String product,
                              String clusterId, List<String> nodeIds, String catalogGeneration,
                              List<RecoveryPoint> recoveryPoint, JsonNode plan, List<ManifestEntry> entries) {
        return new Manifest(FORMAT_VERSION, toolVersion, createdAt, completedAt, source, product, clusterId, nodeIds,
                catalogGeneration, recoveryPoint, plan, entries, Totals.of(entries));
    }
}
