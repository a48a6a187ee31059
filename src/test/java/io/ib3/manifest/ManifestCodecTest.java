package io.ib3.manifest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import io.ib3.error.ExitCode;
import io.ib3.error.Ib3Exception;
import io.ib3.store.NioStore;
import io.ib3.store.Store;
import io.ib3.testing.ForwardingStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.RandomAccessFile;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ManifestCodecTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    FileSystem fs;
    Path dir;
    NioStore backup;

    @BeforeEach
    void setUp() throws IOException {
        fs = Jimfs.newFileSystem(Configuration.unix());
        dir = fs.getPath("/backups/b1");
        Files.createDirectories(dir);
        backup = new NioStore(dir, "ram:///backups/b1");
    }

    @AfterEach
    void tearDown() throws IOException {
        fs.close();
    }

    @Test
    void roundTrip() throws IOException {
        Manifest m = Fixtures.manifest(Fixtures.someEntries());

        ManifestCodec.write(backup, m);
        Manifest back = ManifestCodec.read(backup);

        assertEquals(m, back);
        assertEquals(new Manifest.Totals(3, 4216, 1), back.totals());
        String text = Files.readString(dir.resolve("ib3-manifest.json"));
        assertTrue(text.contains("\n  \"formatVersion\" : 2"), "pretty printed");
        assertTrue(text.indexOf("\"totals\"") < text.indexOf("\"entries\""), "entries come last");
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left beside the manifest");
        }
    }

    @Test
    void aManifestTheStoreDoesNotKeepAsWrittenFailsTheWrite() {
        // a store that keeps one byte other than written (same size): the backup must not be called good
        Store flipping = new ForwardingStore(backup) {
            @Override
            public void write(String key, InputStream content, long size) {
                byte[] bytes;
                try {
                    bytes = content.readAllBytes();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                bytes[bytes.length / 2] ^= 1;
                real.write(key, new ByteArrayInputStream(bytes), size);
            }
        };
        Ib3Exception e = assertThrows(Ib3Exception.class, () -> ManifestCodec.write(flipping, Fixtures.manifest(Fixtures.someEntries())));
        assertMessage(e, "ram:///backups/b1/ib3-manifest.json", "does not read back the same", "CRC32C");
    }

    /** Writes a valid manifest, changes its JSON tree, and returns what reading it throws. */
    private Ib3Exception readAfter(Consumer<ObjectNode> change) throws IOException {
        ManifestCodec.write(backup, Fixtures.manifest(Fixtures.someEntries()));
        ObjectNode tree = (ObjectNode) JSON.readTree(Files.readString(dir.resolve("ib3-manifest.json")));
        change.accept(tree);
        Files.writeString(dir.resolve("ib3-manifest.json"), JSON.writeValueAsString(tree));
        return rejected();
    }

    private Ib3Exception rejected() {
        Ib3Exception e = assertThrows(Ib3Exception.class, () -> ManifestCodec.read(backup));
        assertEquals(ExitCode.VERIFY_FAILED, e.exitCode(), e.getMessage());
        assertTrue(e.getMessage().contains("ram:///backups/b1/ib3-manifest.json"), "names the manifest: " + e.getMessage());
        assertFalse(e.hints().isEmpty());
        return e;
    }

    private static ObjectNode entry(ObjectNode tree, int i) {
        return (ObjectNode) tree.get("entries").get(i);
    }

    private static void assertMessage(Ib3Exception e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "'" + p + "' in: " + e.getMessage());
        }
    }

    @Test
    void originSourceGapsAndWhereEachObjectIsRoundTrip() {
        List<ManifestEntry> entries = List.of(
                new ManifestEntry("node0/wal/00000000057.wal", "wal node0", 4096, "0a1b2c3d", "wal/00000000057.wal", "etag-1", null),
                new ManifestEntry("node0/dbs/1/2/2026-06-17/14-10/0000001234.parquet", "dbs node0", 20480, "11223344", null,
                        "20480@2026-06-17T14:10:00Z", "backup-20260101-000000"));
        Manifest m = Fixtures.manifest(entries)
                .withOrigin(new Manifest.Origin("adopted", Instant.parse("2026-12-01T00:00:00Z"), List.of("flat layout")))
                .withSourceGaps(new Manifest.SourceGaps(List.of(new MissingFile("node0/dbs/1/2/2026-05-01/00-00/0000000100.parquet",
                        "node0", 7, 9000)), true, true))
                .withLineage(Manifest.Lineage.incremental("backup-20260101-000000"));
        ManifestCodec.write(backup, m);
        Manifest back = ManifestCodec.read(backup);
        assertEquals(m, back);
        assertEquals("wal/00000000057.wal", back.entries().get(0).storedKey());
        assertEquals("node0/dbs/1/2/2026-06-17/14-10/0000001234.parquet", back.entries().get(1).storedKey());
        assertFalse(back.entries().get(1).ownBytes());
        assertTrue(back.origin().adopted());
    }

    /** Backups written by ib3 0.1 (format 1) stay readable; their unconfirmed "knownMissing" become unaccepted source gaps. */
    @Test
    void formatOneIsStillRead() throws IOException {
        ManifestCodec.write(backup, Fixtures.manifest(Fixtures.someEntries()));
        ObjectNode tree = (ObjectNode) JSON.readTree(Files.readString(dir.resolve("ib3-manifest.json")));
        tree.put("formatVersion", 1);
        tree.remove("origin");
        tree.remove("sourceMissing");
        ((ObjectNode) tree.get("plan")).putArray("knownMissing").add("node0/dbs/1/2/2026-05-01/00-00/0000000100.parquet");
        Files.writeString(dir.resolve("ib3-manifest.json"), JSON.writeValueAsString(tree));
        Manifest m = ManifestCodec.read(backup);
        assertEquals(1, m.formatVersion());
        assertEquals(Manifest.Origin.BACKUP, m.origin());
        assertEquals(java.util.Set.of("node0/dbs/1/2/2026-05-01/00-00/0000000100.parquet"), m.sourceGaps().keys());
        assertTrue(m.sourceGaps().unaccepted());
        assertFalse(m.sourceGaps().confirmed());
    }

    @Test
    void whereAnObjectIsStoredCannotEscapeTheBackup() throws IOException {
        assertMessage(readAfter(t -> entry(t, 0).put("at", "../outside")), "entries[0]", "unsafe path segment");
        assertMessage(readAfter(t -> entry(t, 0).put("at", "/etc/passwd")), "absolute key");
        assertMessage(readAfter(t -> entry(t, 0).put("at", "ib3-manifest.json")), "ib3 keeps for itself");
        assertMessage(readAfter(t -> entry(t, 1).put("at", entry(t, 0).get("key").asText())), "entries[1]", "stored where another entry is");
        assertMessage(readAfter(t -> entry(t, 0).put("in", "../other")), "is not a backup folder name");
        assertMessage(readAfter(t -> entry(t, 0).put("in", "a/b")), "is not a backup folder name");
        assertMessage(readAfter(t -> ((ObjectNode) t.get("sourceMissing")).putArray("files").addObject().put("key", "../x")
                .put("node", "node0")), "sourceMissing.files[0]");
        assertMessage(readAfter(t -> ((ObjectNode) t.get("origin")).put("kind", "magic")), "origin.kind");
    }

    @Test
    void anUnknownFormatVersionIsRefused() throws IOException {
        assertMessage(readAfter(t -> t.put("formatVersion", 3)), "formatVersion 3 is not supported");
        assertMessage(readAfter(t -> t.put("formatVersion", 0)), "formatVersion 0 is not supported");
        assertMessage(readAfter(t -> t.put("formatVersion", "1")), "formatVersion \"1\" is not supported");
        assertMessage(readAfter(t -> t.remove("formatVersion")), "has no formatVersion");
    }

    @Test
    void keysThatCouldEscapeTheBackupAreRefused() throws IOException {
        assertMessage(readAfter(t -> entry(t, 1).put("key", "node0/../../etc/passwd")), "entries[1]", "unsafe path segment");
        assertMessage(readAfter(t -> entry(t, 0).put("key", "/etc/passwd")), "entries[0]", "absolute key");
        assertMessage(readAfter(t -> entry(t, 2).put("key", "node0\\wal\\x")), "entries[2]", "backslash");
        assertMessage(readAfter(t -> entry(t, 2).put("key", "node0/wal/a\u0001b")), "entries[2]", "control character", "\\x01");
        assertMessage(readAfter(t -> entry(t, 0).put("key", "ib3-journal/x.jsonl")), "entries[0]", "ib3 keeps for itself");
    }

    @Test
    void duplicatesAreRefused() throws IOException {
        assertMessage(readAfter(t -> entry(t, 2).put("key", entry(t, 0).get("key").asText())),
                "entries[2]", "repeats a key");
        ManifestCodec.write(backup, Fixtures.manifest(Fixtures.someEntries()));
        String text = Files.readString(dir.resolve("ib3-manifest.json"));
        Files.writeString(dir.resolve("ib3-manifest.json"), text.replaceFirst("\"source\"", "\"product\" : \"core\",\n  \"source\""));
        assertMessage(rejected(), "not valid JSON", "Duplicate field 'product'", "line");
    }

    @Test
    void badSizesAreRefused() throws IOException {
        assertMessage(readAfter(t -> entry(t, 1).put("size", -1)), "entries[1] (node0/wal/00000000057.wal)", "negative");
        assertMessage(readAfter(t -> entry(t, 1).put("size", (1L << 53) + 1)), "entries[1]", "absurd");
        assertMessage(readAfter(t -> entry(t, 1).put("size", new java.math.BigInteger("100000000000000000000000"))), "absurd");
        assertMessage(readAfter(t -> entry(t, 1).put("size", 1.5)), "entries[1]", "whole-number size");
        assertMessage(readAfter(t -> entry(t, 1).remove("size")), "entries[1]", "whole-number size");
    }

    @Test
    void missingOrMalformedFieldsAreRefused() throws IOException {
        assertMessage(readAfter(t -> t.remove("toolVersion")), "has no toolVersion");
        assertMessage(readAfter(t -> t.remove("entries")), "has no entries");
        assertMessage(readAfter(t -> t.remove("totals")), "has no totals");
        assertMessage(readAfter(t -> t.put("createdAt", "yesterday")), "createdAt 'yesterday'");
        assertMessage(readAfter(t -> t.put("product", "cloud")), "product 'cloud'");
        assertMessage(readAfter(t -> entry(t, 0).remove("phase")), "entries[0]", "has no phase");
        assertMessage(readAfter(t -> ((ArrayNode) t.get("entries")).add(3)), "entries[3] is not an object");
        assertMessage(readAfter(t -> ((ObjectNode) t.get("totals")).put("files", 2)), "totals say 2 objects");
        assertMessage(readAfter(t -> ((ObjectNode) t.get("recoveryPoint").get(0)).put("walLast", "57")),
                "recoveryPoint[0].walLast");
        assertMessage(readAfter(t -> t.putArray("nodeIds").add("../x")), "nodeIds");
    }

    @Test
    void badChecksumsAreRefused() throws IOException {
        assertMessage(readAfter(t -> entry(t, 0).put("crc32c", "0A1B2C3D")), "entries[0]", "not 8 lowercase hex digits");
        assertMessage(readAfter(t -> entry(t, 0).put("crc32c", "abc")), "entries[0]", "crc32c");
        assertMessage(readAfter(t -> entry(t, 0).put("crc32c", 12345678)), "entries[0]", "crc32c");
    }

    @Test
    void textThatIsNotAManifestIsRefused() throws IOException {
        Files.writeString(dir.resolve("ib3-manifest.json"), "not json");
        assertMessage(rejected(), "not valid JSON");
        Files.writeString(dir.resolve("ib3-manifest.json"), "[1,2]");
        assertMessage(rejected(), "not a JSON object");
        ManifestCodec.write(backup, Fixtures.manifest(Fixtures.someEntries()));
        Files.writeString(dir.resolve("ib3-manifest.json"), Files.readString(dir.resolve("ib3-manifest.json")) + " {}");
        assertMessage(rejected(), "data after");
    }

    @Test
    void aHugeManifestIsRefusedUnread(@TempDir Path disk) throws IOException {
        NioStore local = NioStore.local(disk);
        try (RandomAccessFile f = new RandomAccessFile(disk.resolve("ib3-manifest.json").toFile(), "rw")) {
            f.setLength(ManifestCodec.MAX_BYTES + 1); // sparse: no disk space used
        }
        Ib3Exception e = assertThrows(Ib3Exception.class, () -> ManifestCodec.read(local));
        assertEquals(ExitCode.VERIFY_FAILED, e.exitCode());
        assertMessage(e, "more than the 256.0 MiB");
    }

    @Test
    void aManifestLongerThanTheLimitIsRefusedWhileReading() throws IOException {
        ManifestCodec.write(backup, Fixtures.manifest(Fixtures.someEntries()));
        Ib3Exception e = assertThrows(Ib3Exception.class, () -> ManifestCodec.read(backup, 100));
        assertMessage(e, "more than the 100 B");
    }

    @Test
    void aMissingManifestSaysWhetherTheBackupIsIncomplete() throws IOException {
        Ib3Exception notBackup = assertThrows(Ib3Exception.class, () -> ManifestCodec.read(backup));
        assertEquals(ExitCode.USAGE, notBackup.exitCode());
        assertMessage(notBackup, "not a backup", "ram:///backups/b1");

        Files.createDirectories(dir.resolve("ib3-journal"));
        Files.writeString(dir.resolve("ib3-journal/20250101T000000000Z-abcd-000000.jsonl"), "{\"run\":\"x\"}\n");
        Ib3Exception incomplete = assertThrows(Ib3Exception.class, () -> ManifestCodec.read(backup));
        assertEquals(ExitCode.VERIFY_FAILED, incomplete.exitCode());
        assertMessage(incomplete, "incomplete backup");
    }

    @Test
    void crc32cHelperMatchesKnownValues() throws IOException {
        // RFC 3720 test vector: 32 bytes of zeros has CRC32C 8a9136aa
        assertEquals("8a9136aa", Crc32c.of(new byte[32]));
        assertEquals("e3069283", Crc32c.of("123456789".getBytes()));
        assertEquals("e3069283", Crc32c.of(new java.io.ByteArrayInputStream("123456789".getBytes())));
        assertEquals("00000000", Crc32c.hex(0));
        assertTrue(Crc32c.isValidHex("0a1b2c3d"));
        assertFalse(Crc32c.isValidHex("0A1B2C3D"));
        assertFalse(Crc32c.isValidHex("0a1b2c3"));
    }
}
