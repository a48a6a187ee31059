package io.ib3.layout;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PathClassifierTest {

    @Test
    void snapshotNamesAreInverted() {
        LayoutPath p = PathClassifier.classify("snapshots/18446744073709551573.info.json");
        assertEquals(FileKind.SNAPSHOT, p.kind());
        assertEquals(42, p.sequence());
        assertEquals("snapshots/18446744073709551573.info.json", Seqs.snapshotPath(42));
        assertEquals(0, PathClassifier.classify("snapshots/18446744073709551615.info.json").sequence());
        assertEquals(FileKind.UNKNOWN, PathClassifier.kind("snapshots/123.info.json"));
    }

    @Test
    void walAndCatalogSequences() {
        assertEquals(1, PathClassifier.classify("wal/00000000001.wal").sequence());
        assertEquals(FileKind.WAL, PathClassifier.kind("wal/123456789012.wal"), "padding is a minimum width");
        assertEquals(FileKind.UNKNOWN, PathClassifier.kind("wal/1.wal"));
        assertEquals(7, PathClassifier.classify("catalog/v3/logs/00000000000000000007.catalog").sequence());
        assertEquals(FileKind.CATALOG_V3_SNAPSHOT, PathClassifier.kind("catalog/v3/snapshot"));
        assertEquals(FileKind.CATALOG_V2_LOG, PathClassifier.kind("catalog/v2/logs/00000000000000000003.catalog"));
        assertEquals(FileKind.CATALOG_V2_SNAPSHOT, PathClassifier.kind("catalog/v2/snapshot"));
        assertEquals(FileKind.CATALOG_V1_CHECKPOINT, PathClassifier.kind("_catalog_checkpoint"));
        assertEquals(FileKind.CATALOG_V1_LOG, PathClassifier.kind("catalogs/00000000000000000003.catalog"));
        assertEquals(FileKind.CATALOG_RESTORE_STAGING, PathClassifier.kind("catalog/restores/r1/00000000000000000001.catalog"));
        assertEquals(CatalogGeneration.V2, FileKind.CATALOG_V2_LOG.generation());
        assertTrue(FileKind.CATALOG_V1_CHECKPOINT.isCatalogSnapshot());
    }

    @Test
    void parquetPathsOfBothEras() {
        LayoutPath ids = PathClassifier.classify("dbs/1/3/2026-06-17/14-10/0000001234.parquet");
        assertEquals(FileKind.PARQUET, ids.kind());
        assertEquals("1", ids.database());
        assertEquals("3", ids.table());
        assertNull(ids.databaseName());
        LayoutPath named = PathClassifier.classify("dbs/my-db-4/cpu%2Eload-2/2025-01-01/00-00/0000000010.parquet");
        assertEquals("4", named.database());
        assertEquals("my-db", named.databaseName());
        assertEquals("2", named.table());
        assertEquals("cpu.load", named.tableName());
        assertEquals(FileKind.PARQUET, PathClassifier.kind("dbs/1/3/2026-06-17/14-10/0000001234-2.parquet"), "stems may vary");
        assertEquals(FileKind.UNKNOWN, PathClassifier.kind("dbs/1/3/notes.txt"));
    }

    @Test
    void derivedEnterpriseAndOthers() {
        assertTrue(PathClassifier.kind("table-snapshots/1/2/00000000000000000005.info.json").isDerived());
        assertTrue(PathClassifier.kind("db-indices/1/2/index.info.json").isDerived());
        assertTrue(PathClassifier.kind("table-index-conversion-completed").isDerived());
        LayoutPath cp = PathClassifier.classify("snapshot-checkpoints/2026-06/18446744073709551573.checkpoint.json");
        assertEquals(FileKind.SNAPSHOT_CHECKPOINT, cp.kind());
        assertEquals(42, cp.sequence());
        assertFalse(FileKind.SNAPSHOT.isDerived());
        assertEquals(FileKind.COMPACTION_SUMMARY, PathClassifier.kind("cs/00000000000000000001.json"));
        assertEquals(FileKind.COMPACTION_DETAIL, PathClassifier.kind("cd/x.json"));
        assertEquals(FileKind.GENERATION, PathClassifier.kind("c/2b/56d/67c/79.json"));
        assertEquals(FileKind.ENTERPRISE_CONFIG, PathClassifier.kind("enterprise"));
        assertEquals(FileKind.LICENSE, PathClassifier.kind("commercial_license"));
        assertEquals(FileKind.LICENSE, PathClassifier.kind("trial_or_home_license"));
        assertEquals(FileKind.BUILTIN_BACKUP, PathClassifier.kind("backups/nightly/data/1.pt"));
        assertEquals(FileKind.PACHATREE, PathClassifier.kind("gen0/00000000000000000001.pt"));
        assertEquals(FileKind.STAGING, PathClassifier.kind("wal/00000000009.wal#1"));
        assertEquals(FileKind.STAGING, PathClassifier.kind("dbs/1/3/2026-06-17/14-10/0000001234.parquet#12"));
        assertEquals(FileKind.UNKNOWN, PathClassifier.kind("README"));
        assertEquals("catalog-v3-log", FileKind.CATALOG_V3_LOG.label());
    }
}
