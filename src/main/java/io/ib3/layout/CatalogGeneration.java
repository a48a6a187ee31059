package io.ib3.layout;

import io.ib3.store.Keys;

/**
 * The three catalog persistence generations. An upgraded tree can hold all three; only the newest
 * present one is live (influxdb3-layout.md §1.3).
 */
public enum CatalogGeneration {
    /** 3.0–3.3: {@code _catalog_checkpoint} and {@code catalogs/}. */
    V1("_catalog_checkpoint", "catalogs"),
    /** 3.4–3.9: {@code catalog/v2/snapshot} and {@code catalog/v2/logs/}. */
    V2("catalog/v2/snapshot", "catalog/v2/logs"),
    /** 3.10+: {@code catalog/v3/snapshot} and {@code catalog/v3/logs/}. */
    V3("catalog/v3/snapshot", "catalog/v3/logs");

    private final String snapshotPath;
    private final String logsDir;

    CatalogGeneration(String snapshotPath, String logsDir) {
        this.snapshotPath = snapshotPath;
        this.logsDir = logsDir;
    }

    /** "v1", "v2", "v3". */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Key of the checkpoint/snapshot file under an owner prefix. */
    public String snapshotKey(String ownerPrefix) {
        return Keys.join(ownerPrefix, snapshotPath);
    }

    /** Key of the log with catalog sequence {@code seq} under an owner prefix. */
    public String logKey(String ownerPrefix, long seq) {
        return Keys.join(ownerPrefix, logsDir, Seqs.pad20(seq) + ".catalog");
    }

    /** Folder of the logs under an owner prefix. */
    public String logsDir(String ownerPrefix) {
        return Keys.join(ownerPrefix, logsDir);
    }

    public static CatalogGeneration parse(String label) {
        for (CatalogGeneration g : values()) {
            if (g.label().equalsIgnoreCase(label) || g.name().equalsIgnoreCase(label)) {
                return g;
            }
        }
        throw new IllegalArgumentException("unknown catalog generation: " + label);
    }
}
