package io.ib3.layout;

/**
 * What an object in an InfluxDB 3 tree is, judged from its key relative to a node or cluster
 * prefix (influxdb3-layout.md §1). Backup, verify and du group objects by kind.
 */
public enum FileKind {
    /** {@code snapshots/{u64::MAX - seq:020}.info.json}: per-snapshot delta manifest. */
    SNAPSHOT,
    /** {@code wal/{seq:011}.wal}. */
    WAL,
    /** {@code dbs/…/*.parquet}: gen1 data files (ids in 3.6+, name-id segments in 3.0–3.5). */
    PARQUET,
    /** {@code table-snapshots/…}: transient split of snapshots, rebuilt by the server. */
    TABLE_SNAPSHOT,
    /** {@code db-indices/…}: per-table index, rebuilt by the server. */
    DB_INDEX,
    /** {@code table-index-conversion-completed}: marker of the table-index conversion. */
    CONVERSION_MARKER,
    /** {@code snapshot-checkpoints/{YYYY-MM}/{inv:020}.checkpoint.json} (3.8.2+). */
    SNAPSHOT_CHECKPOINT,
    /** {@code catalog/v3/snapshot} (3.10+, binary "IDB3"). */
    CATALOG_V3_SNAPSHOT,
    /** {@code catalog/v3/logs/{seq:020}.catalog}. */
    CATALOG_V3_LOG,
    /** {@code catalog/v2/snapshot} (3.4–3.9, "idb3.004.s" + JSON). */
    CATALOG_V2_SNAPSHOT,
    /** {@code catalog/v2/logs/{seq:020}.catalog}. */
    CATALOG_V2_LOG,
    /** {@code _catalog_checkpoint} (3.0–3.3). */
    CATALOG_V1_CHECKPOINT,
    /** {@code catalogs/{seq:020}.catalog} (3.0–3.3). */
    CATALOG_V1_LOG,
    /** {@code catalog/restores/…}: staging of an Enterprise in-product catalog restore. */
    CATALOG_RESTORE_STAGING,
    /** Enterprise compactor {@code cs/…}. */
    COMPACTION_SUMMARY,
    /** Enterprise compactor {@code cd/…}. */
    COMPACTION_DETAIL,
    /** Enterprise compactor {@code c/…}: generation details and compacted Parquet. */
    GENERATION,
    /** Enterprise {@code enterprise} configuration file (opaque). */
    ENTERPRISE_CONFIG,
    /** Enterprise {@code commercial_license} or {@code trial_or_home_license} (opaque). */
    LICENSE,
    /** Enterprise built-in backup images under {@code backups/}. */
    BUILTIN_BACKUP,
    /** Upgraded storage engine object ({@code *.pt}). */
    PACHATREE,
    /** A name containing '#': an in-progress upload of the file object store; never copied. */
    STAGING,
    /** Anything else. */
    UNKNOWN;

    /** True for the derived group the server rebuilds from snapshots (left out of backups by default). */
    public boolean isDerived() {
        return this == TABLE_SNAPSHOT || this == DB_INDEX || this == CONVERSION_MARKER || this == SNAPSHOT_CHECKPOINT;
    }

    /** True for catalog files of any generation (not restore staging). */
    public boolean isCatalog() {
        return generation() != null;
    }

    /** True for catalog logs of any generation. */
    public boolean isCatalogLog() {
        return this == CATALOG_V1_LOG || this == CATALOG_V2_LOG || this == CATALOG_V3_LOG;
    }

    /** True for the catalog checkpoint/snapshot file of any generation. */
    public boolean isCatalogSnapshot() {
        return this == CATALOG_V1_CHECKPOINT || this == CATALOG_V2_SNAPSHOT || this == CATALOG_V3_SNAPSHOT;
    }

    /** True for the Enterprise compactor's own files. */
    public boolean isCompactor() {
        return this == COMPACTION_SUMMARY || this == COMPACTION_DETAIL || this == GENERATION;
    }

    /** True for the files a node writes as it ingests (WAL, snapshots, Parquet). */
    public boolean isNodeData() {
        return this == WAL || this == SNAPSHOT || this == PARQUET;
    }

    /** The catalog generation of a catalog file, or {@code null}. */
    public CatalogGeneration generation() {
        return switch (this) {
            case CATALOG_V1_CHECKPOINT, CATALOG_V1_LOG -> CatalogGeneration.V1;
            case CATALOG_V2_SNAPSHOT, CATALOG_V2_LOG -> CatalogGeneration.V2;
            case CATALOG_V3_SNAPSHOT, CATALOG_V3_LOG -> CatalogGeneration.V3;
            default -> null;
        };
    }

    /** Lower-case name with dashes, as shown to people and in JSON ("catalog-v3-log"). */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
