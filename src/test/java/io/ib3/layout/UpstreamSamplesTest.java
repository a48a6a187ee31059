package io.ib3.layout;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Parses real files from the InfluxDB 3 source tree. */
class UpstreamSamplesTest {

    private static final String SNAPSHOT = "influxdb3_write__persister__tests__persisted_snapshot_structure.snap";
    private static final String CATALOG = "influxdb3_catalog__catalog__versions__v2__tests__catalog_serialization.snap";
    private static final String EMPTY_CATALOG = "influxdb3_catalog__catalog__versions__v2__tests__serialization_format.snap";
    private static final String MIGRATED = "influxdb3_catalog__catalog__migrations__v2__tests__catalog_snapshot__verify_snapshot.snap";

    @Test
    void persistedSnapshotParsesWithRedactedIds() {
        byte[] json = Upstream.snapBody(SNAPSHOT).getBytes(StandardCharsets.UTF_8);
        SnapshotFile s = SnapshotFile.parse("host/snapshots/18446744073709551615.info.json", json);
        assertEquals("host", s.nodeId());
        assertNull(s.nextFileId(), "redacted next_file_id is unknown");
        assertEquals(0, s.sequence());
        assertEquals(1024, s.parquetSizeBytes());
        assertEquals(8, s.added().size());
        assertEquals(8 * 1024, s.addedBytes());
        assertTrue(s.hasRemovedFiles());
        assertTrue(s.removed().isEmpty());
        ParquetFileRef last = s.added().get(7);
        assertEquals(1, last.dbId());
        assertEquals(1, last.tableId());
        assertEquals("8.parquet", last.path());
        assertNull(last.id());
        assertEquals(0, last.minTime());
        assertEquals(1, last.maxTime());
    }

    @Test
    void serverJsonPrettyPrintsLikeSerde() {
        String body = Upstream.snapBody(SNAPSHOT);
        JsonNode tree = LayoutJson.read("snapshot", "x", body.getBytes(StandardCharsets.UTF_8));
        assertEquals(body, new String(ServerJson.pretty(tree), StandardCharsets.UTF_8));
        String catalog = Upstream.snapBody(MIGRATED);
        JsonNode ctree = LayoutJson.read("catalog", "x", catalog.getBytes(StandardCharsets.UTF_8));
        assertEquals(catalog, new String(ServerJson.pretty(ctree), StandardCharsets.UTF_8));
    }

    @Test
    void v2CatalogPayloadGivesNamesAndSequenceInsideAFrame() {
        byte[] payload = ServerJson.compact(LayoutJson.read("catalog", "x", Upstream.snapBody(CATALOG).getBytes(StandardCharsets.UTF_8)));
        FramedCatalogFile f = FramedCatalogFile.validate("node0/catalog/v2/snapshot", FramedCatalogFile.frame("idb3.004.s", payload));
        assertEquals(FramedCatalogFile.Type.SNAPSHOT, f.type());
        assertEquals("004", f.format());
        assertTrue(f.crcOk());
        CatalogNames names = f.names();
        assertEquals("_internal", names.database(0));
        assertEquals("test_db", names.database(1));
        assertEquals("test_table_1", names.table(1, 0));
        assertNull(names.database(7));
    }

    @Test
    void migratedCatalogHasSequenceAndTables() {
        byte[] payload = Upstream.snapBody(MIGRATED).getBytes(StandardCharsets.UTF_8);
        FramedCatalogFile f = FramedCatalogFile.parse("c/catalog/v2/snapshot", FramedCatalogFile.frame("idb3.004.s", payload));
        assertEquals(22L, f.sequence());
        assertEquals("db_1", f.names().database(1));
        assertEquals("test_table", f.names().table(1, 0));
        FramedCatalogFile empty = FramedCatalogFile.parse("e", FramedCatalogFile.frame("idb3.004.s",
                Upstream.snapBody(EMPTY_CATALOG).getBytes(StandardCharsets.UTF_8)));
        assertEquals(0L, empty.sequence());
        assertTrue(empty.names().isEmpty());
    }

    @Test
    void realParquetFileHasAValidFrame() {
        byte[] data = Upstream.resource("cpu.parquet");
        ParquetFrame frame = ParquetFrame.check("cpu.parquet", data);
        assertEquals(data.length, frame.size());
        assertTrue(frame.footerLength() > 0 && frame.footerLength() < data.length - 12);
        ParquetFrame streamed = ParquetFrame.check("cpu.parquet", new java.io.ByteArrayInputStream(data));
        assertEquals(frame, streamed);
        byte[] cut = java.util.Arrays.copyOf(data, data.length - 3);
        LayoutFormatException e = org.junit.jupiter.api.Assertions.assertThrows(LayoutFormatException.class,
                () -> ParquetFrame.check("node0/dbs/1/0/x.parquet", cut));
        assertTrue(e.getMessage().contains("node0/dbs/1/0/x.parquet"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }
}
