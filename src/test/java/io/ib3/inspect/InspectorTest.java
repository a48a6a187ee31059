package io.ib3.inspect;

import io.ib3.layout.Product;
import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import io.ib3.inspect.Inspection.NodeInfo;
import io.ib3.layout.CatalogGeneration;
import io.ib3.layout.Seqs;
import io.ib3.report.Table;
import io.ib3.sample.SampleTree;
import io.ib3.sample.SampleTrees;
import io.ib3.store.NioStore;
import io.ib3.store.Store;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InspectorTest {

    private FileSystem fs;
    private Store store;

    @BeforeEach
    void jimfs() throws IOException {
        fs = Jimfs.newFileSystem(Configuration.unix());
        Files.createDirectories(fs.getPath("/data"));
        store = new NioStore(fs.getPath("/data"), "mem:///data");
    }

    @AfterEach
    void close() throws IOException {
        fs.close();
    }

    private static boolean anyWarning(Inspection in, String part) {
        return in.warnings().stream().anyMatch(w -> w.contains(part));
    }

    @Test
    void coreNodeWithV3CatalogRoundTrips() {
        SampleTree t = SampleTrees.core("node0").catalog(CatalogGeneration.V3).snapshots(5).walAfterSnapshot(3).writeTo(store, "");
        Inspection in = Inspector.inspect(store, "");
        assertEquals(Product.CORE, in.kind());
        assertNull(in.clusterId());
        assertNull(in.pointedAt());
        assertEquals(CatalogGeneration.V3, in.catalog().generation());
        assertEquals(t.catalogSequence(), in.catalog().sequence());
        assertTrue(in.catalog().crcOk());
        assertEquals(t.catalogSequence() - 1, in.catalog().snapshotSequence(), "the v3 snapshot lags the newest log");
        assertEquals(32, in.catalog().uuid().length());
        SampleTree.Node expected = t.node("node0");
        NodeInfo n = in.node("node0");
        assertEquals("core", n.role());
        assertEquals(expected.newestSnapshot(), n.latestSnapshot().sequence());
        assertEquals(expected.walSequence(), n.latestSnapshot().walSequence());
        assertEquals(expected.snapshotCatalogSequence(), n.latestSnapshot().catalogSequence());
        assertEquals(expected.walFirst(), n.wal().files().first());
        assertEquals(expected.walLast(), n.wal().files().last());
        assertEquals(expected.walCount(), n.wal().files().count());
        assertEquals(3, n.wal().pastSnapshot());
        assertTrue(n.wal().missingAfterSnapshot().isEmpty());
        assertEquals(expected.parquetFiles(), n.parquet().files());
        assertEquals(expected.parquetBytes(), n.parquet().bytes());
        assertEquals(5, n.snapshots().count());
        assertEquals(List.of(1L, 2L, 4L, 5L, 7L), expected.snapshotSequences());
        assertEquals(2, n.snapshots().missing(), "3 and 6 were skipped");
        assertTrue(anyWarning(in, "snapshot number(s) missing (3, 6)"));
        Inspection.RecoveryPoint rp = n.recoveryPoint();
        assertEquals(7L, rp.snapshot());
        assertEquals(expected.walSequence() + 1, rp.walFirst());
        assertEquals(expected.walLast(), rp.walLast());
        assertNotNull(rp.minTime());
        assertEquals(t.keys().size(), in.files());
        assertEquals("parquet", in.engine());
    }

    @Test
    void jsonHasTheDesignFields() {
        SampleTree t = SampleTrees.core("node0").writeTo(store, "");
        JsonNode j = Inspector.inspect(store, "").toJson();
        assertEquals("core", j.get("kind").asText());
        assertEquals("v3", j.at("/catalog/generation").asText());
        assertEquals(t.catalogSequence(), j.at("/catalog/sequence").asLong());
        JsonNode n = j.at("/nodes/0");
        assertEquals("node0", n.get("id").asText());
        assertEquals(t.node("node0").newestSnapshot(), n.at("/latestSnapshot/sequence").asLong());
        assertEquals(t.node("node0").walSequence(), n.at("/latestSnapshot/walSequence").asLong());
        assertEquals(t.node("node0").walCount(), n.at("/wal/count").asLong());
        assertEquals(t.node("node0").walFirst(), n.at("/wal/first").asLong());
        assertEquals(t.node("node0").walLast(), n.at("/wal/last").asLong());
        assertEquals(t.node("node0").parquetFiles(), n.at("/parquet/files").asLong());
        assertEquals(t.node("node0").parquetBytes(), n.at("/parquet/bytes").asLong());
        assertEquals("node0", j.at("/recoveryPoint/0/node").asText());
        assertTrue(j.get("warnings").isArray());
    }

    @Test
    void v1AndV2CatalogsGiveNames() {
        SampleTrees.core("node0").catalog(CatalogGeneration.V2).database("weather", "temp", "wind").writeTo(store, "");
        Inspection v2 = Inspector.inspect(store, "");
        assertEquals(CatalogGeneration.V2, v2.catalog().generation());
        assertTrue(v2.catalog().crcOk());
        Inspection.DatabaseUsage db = v2.node("node0").parquet().databases().get(0);
        assertEquals("1", db.id());
        assertEquals("weather", db.name());
        assertEquals(List.of("temp", "wind"), db.tables().stream().map(Inspection.TableUsage::name).toList());

        Store other = store.at("v1root");
        SampleTree t = SampleTrees.core("old").catalog(CatalogGeneration.V1).legacyParquetPaths(true).writeTo(other, "");
        Inspection v1 = Inspector.inspect(store, "v1root");
        assertEquals(CatalogGeneration.V1, v1.catalog().generation());
        assertEquals(t.catalogSequence(), v1.catalog().sequence());
        assertEquals("sensors", v1.node("old").parquet().databases().get(0).name());
        assertEquals("cpu", v1.node("old").parquet().databases().get(0).tables().get(0).name());
        assertTrue(t.keys().stream().anyMatch(k -> k.contains("/dbs/sensors-1/cpu-0/")), "3.0-3.5 paths");
    }

    @Test
    void staleGenerationsAreLeftoversWithUpgradeMarkers() {
        SampleTree t = SampleTrees.core("node0").catalog(CatalogGeneration.V3).staleCatalogs(true).writeTo(store, "");
        Inspection in = Inspector.inspect(store, "");
        assertEquals(CatalogGeneration.V3, in.catalog().generation());
        assertEquals(t.catalogSequence(), in.catalog().sequence());
        List<Inspection.StaleCatalog> stale = in.catalog().stale();
        assertEquals(List.of(CatalogGeneration.V1, CatalogGeneration.V2), stale.stream().map(Inspection.StaleCatalog::generation).toList());
        assertTrue(stale.stream().allMatch(s -> Boolean.TRUE.equals(s.upgradeMarker())));
        assertEquals(t.catalogSequence() - 1, stale.get(1).sequence());
        assertTrue(anyWarning(in, "stale catalog v2"));
        assertTrue(anyWarning(in, "stale catalog v1"));
        assertEquals("sensors", in.node("node0").parquet().databases().get(0).name(), "names from the v2 leftover; ids survive migration");
    }

    @Test
    void severalCoreNodesUnderOneRootAndABucketPrefix() {
        SampleTrees.core("a").seed(1).writeTo(store, "bucket/influx");
        SampleTrees.core("b").seed(2).catalog(CatalogGeneration.V2).snapshots(2).writeTo(store, "bucket/influx");
        Inspection in = Inspector.inspect(store, "bucket/influx");
        assertEquals(Product.CORE, in.kind());
        assertEquals(List.of("a", "b"), in.nodes().stream().map(NodeInfo::id).toList());
        assertEquals(CatalogGeneration.V3, in.node("a").catalog().generation());
        assertEquals(CatalogGeneration.V2, in.node("b").catalog().generation());
        assertEquals("bucket/influx/b", in.node("b").prefix());
        assertEquals(2, in.node("b").snapshots().count());
    }

    @Test
    void pointedAtANodeDirectorySaysTheDataRootIsItsParent() {
        SampleTree t = SampleTrees.core("node0").writeTo(store, "data-dir");
        Inspection in = Inspector.inspect(store, "data-dir/node0");
        assertEquals("node", in.pointedAt());
        assertEquals("data-dir", in.dataRoot());
        assertEquals(List.of("node0"), in.nodes().stream().map(NodeInfo::id).toList());
        assertEquals(t.node("node0").newestSnapshot(), in.node("node0").latestSnapshot().sequence());
        assertTrue(anyWarning(in, "the data root is its parent 'data-dir'"));
    }

    @Test
    void enterpriseClusterWithCompactor() {
        SampleTree t = SampleTrees.enterprise("cluster0").nodes("ingest1", "ingest2").compactor("compactor0").writeTo(store, "");
        Inspection in = Inspector.inspect(store, "");
        assertEquals(Product.ENTERPRISE, in.kind());
        assertEquals("cluster0", in.clusterId());
        assertEquals("cluster0", in.catalog().owner());
        assertEquals(t.catalogSequence(), in.catalog().sequence());
        assertEquals(List.of("compactor0", "ingest1", "ingest2"), in.nodes().stream().map(NodeInfo::id).toList());
        assertEquals("compactor", in.node("compactor0").role());
        assertEquals("ingest/query", in.node("ingest1").role());
        assertNull(in.node("ingest1").catalog());
        assertTrue(in.node("compactor0").compaction().files() >= 5);
        assertEquals(List.of("cluster0/commercial_license"), in.licenceFiles());
        assertEquals(List.of("cluster0/enterprise"), in.enterpriseFiles());
        assertEquals(t.node("ingest2").walLast(), in.node("ingest2").wal().files().last());
        assertNull(in.node("ingest1").parquet().databases().get(0).name(), "v3 catalogs are bitcode: ids only");
        JsonNode j = in.toJson();
        assertEquals("enterprise", j.get("kind").asText());
        assertEquals("cluster0", j.get("clusterId").asText());
        assertFalse(anyWarning(in, "unknown"));
    }

    @Test
    void enterpriseWithoutLicenceFilesIsFoundByItsCatalogOnlyDirectory() throws IOException {
        SampleTrees.enterprise("cl").nodes("n1").writeTo(store, "");
        store.delete("cl/commercial_license");
        store.delete("cl/enterprise");
        Inspection in = Inspector.inspect(store, "");
        assertEquals(Product.ENTERPRISE, in.kind());
        assertEquals("cl", in.clusterId());
        assertEquals(List.of("n1"), in.nodes().stream().map(NodeInfo::id).toList());
    }

    @Test
    void enterpriseV2CatalogNamesTheNodesData() {
        SampleTrees.enterprise("c2").catalog(CatalogGeneration.V2).nodes("n1").writeTo(store, "");
        Inspection in = Inspector.inspect(store, "");
        assertEquals("sensors", in.node("n1").parquet().databases().get(0).name());
        assertEquals("mem", in.node("n1").parquet().databases().get(0).tables().get(1).name());
    }

    @Test
    void pachaTreeClusterAndBuiltinBackupsAreReported() {
        SampleTrees.enterprise("c0").nodes("n1").pachaTree(true).builtinBackup("nightly").writeTo(store, "");
        Inspection in = Inspector.inspect(store, "");
        assertEquals("pachatree", in.engine());
        assertTrue(anyWarning(in, "not supported by file copy"));
        assertEquals(1, in.builtinBackups().size());
        assertEquals("nightly", in.builtinBackups().get(0).name());
        assertEquals(2, in.builtinBackups().get(0).files());
        assertEquals("upgraded storage engine (PachaTree): not supported by file copy", in.toJson().get("engineNote").asText());
    }

    @Test
    void stagingDerivedAndRetention() {
        SampleTree t = SampleTrees.core("node0").staging(true).derived(true).retention(true).writeTo(store, "");
        Inspection in = Inspector.inspect(store, "");
        NodeInfo n = in.node("node0");
        assertEquals(2, n.staging().files());
        assertTrue(anyWarning(in, "in-progress upload file(s)"));
        assertEquals(t.derivedKeys().size(), n.derived().files());
        assertTrue(t.derivedKeys().size() >= 4);
        assertFalse(t.deletedKeys().isEmpty());
        for (String deleted : t.deletedKeys()) {
            assertTrue(store.stat(deleted).isEmpty(), deleted);
        }
        assertEquals(t.node("node0").parquetFiles(), n.parquet().files());
        assertEquals(t.deletedKeys().size(), n.latestSnapshot().removedFiles());
        assertEquals(0, n.wal().missingAfterSnapshot().size(), "a staging WAL file is not a WAL file");
    }

    @Test
    void walGapAfterSnapshotIsAWarningAndCutsTheRecoveryPoint() {
        SampleTree t = SampleTrees.core("node0").walAfterSnapshot(4).writeTo(store, "");
        long w = t.node("node0").walSequence();
        store.delete("node0/" + Seqs.walPath(w + 2));
        Inspection in = Inspector.inspect(store, "");
        NodeInfo n = in.node("node0");
        assertEquals(List.of(new SequenceList.Range(w + 2, w + 2)), n.wal().missingAfterSnapshot());
        assertEquals(w + 1, n.recoveryPoint().walFirst());
        assertEquals(w + 1, n.recoveryPoint().walLast());
        assertTrue(anyWarning(in, "writes after that point are lost"));
    }

    @Test
    void catalogOlderThanSnapshotsIsAWarning() {
        SampleTrees.core("node0").catalogBehindSnapshots(true).writeTo(store, "");
        assertTrue(anyWarning(Inspector.inspect(store, ""), "the catalog is older than the data"));
    }

    @Test
    void corruptFilesBecomeWarningsNotFailures() throws IOException {
        SampleTree t = SampleTrees.core("node0").catalog(CatalogGeneration.V2).writeTo(store, "");
        long newest = t.node("node0").newestSnapshot();
        String snapKey = "node0/" + Seqs.snapshotPath(newest);
        byte[] json;
        try (InputStream in = store.open(snapKey)) {
            json = in.readAllBytes();
        }
        store.write(snapKey, new ByteArrayInputStream(json, 0, 100), 100);
        String log = CatalogGeneration.V2.logKey("node0", t.catalogSequence());
        byte[] bytes;
        try (InputStream in = store.open(log)) {
            bytes = in.readAllBytes();
        }
        bytes[bytes.length - 2] ^= 0x01;
        store.write(log, new ByteArrayInputStream(bytes), bytes.length);
        Inspection in = Inspector.inspect(store, "");
        assertNull(in.node("node0").latestSnapshot());
        assertTrue(anyWarning(in, "cannot read newest snapshot: snapshot " + snapKey + " is truncated at byte 100"));
        assertFalse(in.catalog().crcOk());
        assertTrue(anyWarning(in, "fails its CRC check"));
    }

    @Test
    void unknownObjectsAndAnEmptyRoot() {
        Inspection empty = Inspector.inspect(store, "");
        assertEquals(Product.NONE, empty.kind());
        assertTrue(anyWarning(empty, "no InfluxDB 3 node or cluster found"));
        SampleTrees.core("node0").writeTo(store, "");
        store.write("README.txt", new ByteArrayInputStream(new byte[3]), 3);
        store.write("node0/notes/x.txt", new ByteArrayInputStream(new byte[2]), 2);
        Inspection in = Inspector.inspect(store, "");
        assertEquals(1, in.unknown().files());
        assertEquals(1, in.node("node0").unknown().files());
        assertEquals(List.of("node0/notes/x.txt"), in.node("node0").unknown().sample());
    }

    @Test
    void worksOnTheLocalDisk(@TempDir Path dir) {
        NioStore disk = NioStore.local(dir);
        SampleTree t = SampleTrees.core("node0").catalog(CatalogGeneration.V1).snapshots(3).writeTo(disk, "");
        Inspection in = Inspector.inspect(disk, "");
        assertEquals(t.node("node0").newestSnapshot(), in.node("node0").latestSnapshot().sequence());
        assertEquals(t.keys().size(), in.files());
        List<Table> tables = io.ib3.shell.InspectionTables.tables(in);
        assertEquals(List.of("Layout of " + disk.location(), "Nodes", "Recovery point", "Parquet data", "Warnings"),
                tables.stream().map(Table::title).toList());
        String text = tables.get(3).toPlainText();
        assertTrue(text.contains("sensors (1)") && text.contains("cpu (0)"), text);
    }
}
