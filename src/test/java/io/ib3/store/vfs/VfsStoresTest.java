package io.ib3.store.vfs;

import io.ib3.error.ExitCode;
import io.ib3.error.Ib3Exception;
import io.ib3.store.Entry;
import io.ib3.store.NioStore;
import io.ib3.store.Store;
import io.ib3.store.StoreException;
import io.ib3.store.StoreFactory;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VfsStoresTest {

    private final StoreFactory factory = new StoreFactory();

    VfsStoresTest() {
        VfsStores.register(factory);
    }

    private static void put(Store s, String key, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        s.write(key, new ByteArrayInputStream(b), b.length);
    }

    private static String read(Store s, String key) throws IOException {
        try (InputStream in = s.open(key)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<String> keys(Store s, String prefix) {
        try (Stream<Entry> st = s.list(prefix)) {
            return st.map(Entry::key).sorted().toList();
        }
    }

    @Test
    void ramStoreWritesListsAndReads() throws IOException {
        Store ram = factory.open("ram:///t-" + UUID.randomUUID(), Map.of());
        put(ram, "node0/wal/00000000001.wal", "one");
        put(ram, "node0/snapshots/x.info.json", "{}");
        assertEquals(List.of("node0/snapshots/x.info.json", "node0/wal/00000000001.wal"), keys(ram, ""));
        assertEquals("one", read(ram, "node0/wal/00000000001.wal"));
        assertEquals(3, ram.stat("node0/wal/00000000001.wal").orElseThrow().size());
        assertTrue(ram.stat("node0/wal").orElseThrow().folder());
        assertTrue(ram.stat("nope").isEmpty());
        assertEquals(List.of("snapshots", "wal"), ram.children("node0").stream().map(Entry::name).toList());
        assertEquals("ne", new String(ram.open("node0/wal/00000000001.wal", 1).readAllBytes(), StandardCharsets.UTF_8));
    }

    /**
     * VFS caches a held file object's child names; ib3 must never show that stale listing. Two
     * mounts of one ram location stand for "another writer": what one writes, the other lists at once.
     */
    @Test
    void listingsAreNeverStaleAfterACopy() {
        String loc = "ram:///fresh-" + UUID.randomUUID();
        Store viewer = factory.open(loc, Map.of());
        Store writer = factory.open(loc, Map.of());
        put(writer, "a/1", "x");
        assertEquals(List.of("a/1"), keys(viewer, ""));
        assertEquals(List.of("1"), viewer.children("a").stream().map(Entry::name).toList());
        put(writer, "a/2", "y");
        writer.delete("a/1");
        assertEquals(List.of("a/2"), keys(viewer, ""));
        assertEquals(List.of("2"), viewer.children("a").stream().map(Entry::name).toList());
        assertTrue(viewer.stat("a/1").isEmpty());
    }

    @Test
    void writeReplacesAndShortWriteLeavesNothing() throws IOException {
        Store ram = factory.open("ram:///w-" + UUID.randomUUID(), Map.of());
        put(ram, "k", "first");
        put(ram, "k", "second");
        assertEquals("second", read(ram, "k"));
        StoreException e = assertThrows(StoreException.class,
                () -> ram.write("j", new ByteArrayInputStream(new byte[3]), 10));
        assertTrue(e.getMessage().contains("expected 10 bytes, got 3"), e.getMessage());
        assertEquals(List.of("k"), keys(ram, ""));
    }

    @Test
    void moveIntoAFolderThatDoesNotExistYet() throws IOException {
        Store ram = factory.open("ram:///m-" + UUID.randomUUID(), Map.of());
        put(ram, "node0/wal/00000000001.wal", "one");
        ram.move("node0/wal/00000000001.wal", "ib3-quarantine-1/node0/wal/00000000001.wal");
        assertEquals(List.of("ib3-quarantine-1/node0/wal/00000000001.wal"), keys(ram, ""));
        assertEquals("one", read(ram, "ib3-quarantine-1/node0/wal/00000000001.wal"));
    }

    @Test
    void keysWithSpacesPercentAndHashRoundTrip() throws IOException {
        Store ram = factory.open("ram:///k-" + UUID.randomUUID(), Map.of());
        put(ram, "a b/ü€ 100%.txt", "u");
        put(ram, "wal/00000000001.wal#1", "staging");
        assertEquals(List.of("a b/ü€ 100%.txt", "wal/00000000001.wal#1"), keys(ram, ""));
        assertEquals("u", read(ram, "a b/ü€ 100%.txt"));
    }

    @Test
    void zipArchiveMountsReadOnly(@TempDir Path dir) throws IOException {
        Path zip = dir.resolve("backup.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("node0/snapshots/18446744073709551614.info.json"));
            out.write("{\"version\":\"1\"}".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
            out.putNextEntry(new ZipEntry("node0/wal/00000000002.wal"));
            out.write(new byte[20]);
            out.closeEntry();
        }
        Store z = factory.open("zip:" + zip.toUri() + "!/", Map.of());
        assertEquals(List.of("node0/snapshots/18446744073709551614.info.json", "node0/wal/00000000002.wal"), keys(z, ""));
        assertEquals("{\"version\":\"1\"}", read(z, "node0/snapshots/18446744073709551614.info.json"));
        assertEquals(20, z.stat("node0/wal/00000000002.wal").orElseThrow().size());
        StoreException e = assertThrows(StoreException.class, () -> put(z, "x", "y"));
        assertTrue(e.getMessage().contains("read-only"), e.getMessage());
    }

    @Test
    void tgzArchiveMounts(@TempDir Path dir) throws IOException {
        Path tgz = dir.resolve("backup.tgz");
        try (OutputStream f = Files.newOutputStream(tgz);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(f))) {
            byte[] body = "catalog".getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry e = new TarArchiveEntry("node0/catalog/v3/snapshot");
            e.setSize(body.length);
            tar.putArchiveEntry(e);
            tar.write(body);
            tar.closeArchiveEntry();
        }
        Store t = factory.open("tgz:" + tgz.toUri() + "!/", Map.of());
        assertEquals(List.of("node0/catalog/v3/snapshot"), keys(t, ""));
        assertEquals("catalog", read(t, "node0/catalog/v3/snapshot"));
    }

    @Test
    void fileLocationsUseTheNioDataPath(@TempDir Path dir) {
        Store s = factory.open(dir.toUri().toString(), Map.of());
        assertInstanceOf(NioStore.class, s);
        Store plain = factory.open(dir.toString(), Map.of());
        assertEquals(s.location(), plain.location());
    }

    @Test
    void badLocationsAreUsageErrors(@TempDir Path dir) throws IOException {
        Ib3Exception unknown = assertThrows(Ib3Exception.class, () -> factory.open("nosuch://x", Map.of()));
        assertEquals(ExitCode.USAGE, unknown.exitCode());
        assertTrue(unknown.getMessage().contains("unknown scheme 'nosuch'"));
        assertFalse(unknown.hints().isEmpty());
        Ib3Exception malformed = assertThrows(Ib3Exception.class, () -> factory.open("justaword", Map.of()));
        assertEquals(ExitCode.USAGE, malformed.exitCode());
        Path file = Files.writeString(dir.resolve("f"), "x");
        Ib3Exception notDir = assertThrows(Ib3Exception.class, () -> factory.open(file.toUri().toString(), Map.of()));
        assertEquals(ExitCode.USAGE, notDir.exitCode());
        Ib3Exception missingZip = assertThrows(Ib3Exception.class,
                () -> factory.open("zip:" + dir.resolve("none.zip").toUri() + "!/", Map.of()));
        assertEquals(ExitCode.USAGE, missingZip.exitCode());
    }
}
