package io.ib3.layout;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Validation and error messages of the format parsers. */
class FormatsTest {

    private static final String SNAP_KEY = "node0/snapshots/18446744073709551573.info.json";

    private static String snapshotJson(String extra) {
        return """
                {
                  "version": "1",
                  "node_id": "node0",
                  "next_file_id": 872,
                  "snapshot_sequence_number": 42,
                  "wal_file_sequence_number": 1234,
                  "catalog_sequence_number": 17,
                  "parquet_size_bytes": 20480,
                  "row_count": 1500,
                  "min_time": 1781705400000000000,
                  "max_time": 1781705999000000000,
                  "databases": [[1, {"tables": [[3, [{"id": 871, "path": "node0/dbs/1/3/2026-06-17/14-10/0000001234.parquet",
                     "size_bytes": 20480, "row_count": 1500, "chunk_time": 1781705400000000000,
                     "min_time": 1781705400000000000, "max_time": 1781705999000000000}]]]}]]%s
                }""".formatted(extra);
    }

    @Test
    void snapshotWithRemovedFilesAndU64Values() {
        String json = snapshotJson(",\n  \"removed_files\": [[1, {\"tables\": [[3, [{\"id\": 12, "
                + "\"path\": \"node0/dbs/1/3/2026-05-01/00-00/0000000100.parquet\", \"size_bytes\": 9000, "
                + "\"row_count\": 10, \"chunk_time\": 0, \"min_time\": 0, \"max_time\": 1}]]]}]]")
                .replace("\"next_file_id\": 872", "\"next_file_id\": 18446744073709551615");
        SnapshotFile s = SnapshotFile.parse(SNAP_KEY, json.getBytes(StandardCharsets.UTF_8));
        assertEquals(42, s.sequence());
        assertEquals(1234, s.walSequence());
        assertEquals(17, s.catalogSequence());
        assertEquals(-1L, s.nextFileId(), "u64::MAX survives as its 64 bits");
        assertEquals(1, s.added().size());
        assertEquals(871L, s.added().get(0).id());
        assertEquals(List.of(12L), s.removed().stream().map(ParquetFileRef::id).toList());
        assertTrue(s.hasTimeRange());
        // the JSON we write reads back to the same values
        SnapshotFile again = SnapshotFile.parse(SNAP_KEY, ServerJson.pretty(s.toJson()));
        assertEquals(s.added(), again.added());
        assertEquals(s.removed(), again.removed());
        assertEquals(s.nextFileId(), again.nextFileId());
    }

    @Test
    void oldSnapshotsWithoutRemovedFilesAndWithWriterId() {
        String json = snapshotJson("").replace("\"node_id\"", "\"writer_id\"");
        SnapshotFile s = SnapshotFile.parse(SNAP_KEY, json.getBytes(StandardCharsets.UTF_8));
        assertEquals("node0", s.nodeId());
        assertFalse(s.hasRemovedFiles());
        assertTrue(s.removed().isEmpty());
    }

    @Test
    void truncatedSnapshotGivesOneLineNamingKeyAndByte() {
        byte[] json = snapshotJson("").getBytes(StandardCharsets.UTF_8);
        byte[] cut = Arrays.copyOf(json, 300);
        LayoutFormatException e = assertThrows(LayoutFormatException.class, () -> SnapshotFile.parse(SNAP_KEY, cut));
        assertEquals("snapshot " + SNAP_KEY + " is truncated at byte 300", e.getMessage());
        assertEquals(SNAP_KEY, e.key());
    }

    @Test
    void snapshotLiesAreRejected() {
        assertMessage("has a negative size_bytes", snapshotJson("").replace("\"size_bytes\": 20480", "\"size_bytes\": -5"));
        assertMessage("duplicate id 1 in databases", snapshotJson("").replace("\"databases\": [[1,", "\"databases\": [[1, {\"tables\": []}], [1,"));
        assertMessage("Duplicate field 'row_count'", snapshotJson("").replace("\"row_count\": 1500,", "\"row_count\": 1500, \"row_count\": 1,"));
        assertMessage("has version 2", snapshotJson("").replace("\"version\": \"1\"", "\"version\": \"2\""));
        assertMessage("has no field wal_file_sequence_number", snapshotJson("").replace("\"wal_file_sequence_number\": 1234,", ""));
        assertMessage("beyond u64", snapshotJson("").replace("\"row_count\": 1500", "\"row_count\": 18446744073709551616"));
        assertMessage("not an i64", snapshotJson("").replace("\"min_time\": 1781705400000000000,\n", "\"min_time\": 9223372036854775808,\n"));
        assertMessage("not valid JSON", snapshotJson("") + " trailing");
    }

    private static void assertMessage(String expected, String json) {
        LayoutFormatException e = assertThrows(LayoutFormatException.class,
                () -> SnapshotFile.parse(SNAP_KEY, json.getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().contains(SNAP_KEY), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void walFrameAndFlippedCrcByte() {
        byte[] wal = WalHeader.frame("body bytes".getBytes(StandardCharsets.US_ASCII));
        assertTrue(WalHeader.validate("node0/wal/00000000001.wal", wal).crcOk());
        byte[] flipped = wal.clone();
        flipped[9] ^= 0x01;
        LayoutFormatException e = assertThrows(LayoutFormatException.class, () -> WalHeader.validate("node0/wal/00000000001.wal", flipped));
        assertTrue(e.getMessage().startsWith("WAL file node0/wal/00000000001.wal has CRC"), e.getMessage());
        byte[] body = wal.clone();
        body[15] ^= 0x40;
        assertThrows(LayoutFormatException.class, () -> WalHeader.validate("w", body));
        assertThrows(LayoutFormatException.class, () -> WalHeader.validate("w", new byte[0]), "0-byte WAL files are invalid");
        byte[] magic = wal.clone();
        magic[5] = '9';
        assertTrue(assertThrows(LayoutFormatException.class, () -> WalHeader.validate("w", magic)).getMessage().contains("idb3.001"));
    }

    @Test
    void framedCatalogCrcAndEofMarker() {
        byte[] log = FramedCatalogFile.frame("idb3.004.l", "{\"catalog_batch\":{},\"sequence_number\":9}".getBytes(StandardCharsets.UTF_8));
        FramedCatalogFile f = FramedCatalogFile.validate("k", log);
        assertEquals(FramedCatalogFile.Type.LOG, f.type());
        assertEquals(9L, f.sequence());
        byte[] flipped = log.clone();
        flipped[12] ^= 0x10;
        assertFalse(FramedCatalogFile.parse("k", flipped).crcOk(), "parse reports a CRC mismatch");
        assertThrows(LayoutFormatException.class, () -> FramedCatalogFile.validate("k", flipped));
        byte[] eof = FramedCatalogFile.eofMarker();
        assertEquals(0x25cbfc4fL, Bytes.u32be(eof, 10), "CRC-32 of null, as upstream documents");
        assertEquals(FramedCatalogFile.Type.EOF, FramedCatalogFile.validate("k", eof).type());
        byte[] bitcode = FramedCatalogFile.frame("idb3.001.s", new byte[] {1, 2, 3});
        FramedCatalogFile old = FramedCatalogFile.validate("k", bitcode);
        assertTrue(old.bodyUnreadable());
        assertEquals(null, old.sequence());
        assertThrows(LayoutFormatException.class, () -> FramedCatalogFile.parse("k", "idb4.004.s....".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void v3HeaderValidation() {
        byte[] uuid = new byte[16];
        uuid[0] = 7;
        List<CatalogV3Header.Record> records = List.of(new CatalogV3Header.Record(4, 1, new byte[] {9, 9}),
                new CatalogV3Header.Record(6, 2, new byte[5]));
        byte[] snap = CatalogV3Header.build(true, uuid, 2, records);
        CatalogV3Header h = CatalogV3Header.validate("node0/catalog/v3/snapshot", snap);
        assertTrue(h.isSnapshot());
        assertEquals(2, h.sequence());
        assertEquals(2, h.recordCount());
        assertEquals(1, h.groupCount());
        assertEquals("07" + "00".repeat(15), h.uuidHex());
        assertEquals(snap.length - 64, h.payloadLength());

        byte[] headerFlip = snap.clone();
        headerFlip[0x20] ^= 1;
        assertTrue(assertThrows(LayoutFormatException.class, () -> CatalogV3Header.parse("s", headerFlip)).getMessage().contains("header CRC"));
        byte[] payloadFlip = snap.clone();
        payloadFlip[snap.length - 1] ^= 1;
        assertEquals(2, CatalogV3Header.parse("s", payloadFlip).sequence(), "the header alone is still fine");
        assertTrue(assertThrows(LayoutFormatException.class, () -> CatalogV3Header.validate("s", payloadFlip)).getMessage().contains("payload CRC"));
        byte[] cut = Arrays.copyOf(snap, snap.length - 2);
        assertTrue(assertThrows(LayoutFormatException.class, () -> CatalogV3Header.validate("s", cut)).getMessage().contains("declares a payload"));
        byte[] log = CatalogV3Header.build(false, uuid, 3, List.of(new CatalogV3Header.Record(20, 3, new byte[0])));
        assertFalse(CatalogV3Header.validate("l", log).isSnapshot());
    }
}
