package io.ib3.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link Store} must do, run against each implementation on a fresh, empty store.
 * Behaviour that differs by kind of store is gated on a declared {@link Capability}.
 */
public abstract class StoreContract {

    protected static final long MIB = 1024 * 1024;

    protected Store store;

    /** A new, empty store for one test. */
    protected abstract Store newStore() throws Exception;

    /** Size of the large-object test; at least one multipart threshold of the store. */
    protected long largeSize() {
        return 40 * MIB;
    }

    @BeforeEach
    void openStore() throws Exception {
        store = newStore();
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    protected void put(String key, String content) {
        byte[] b = content.getBytes(StandardCharsets.UTF_8);
        store.write(key, new ByteArrayInputStream(b), b.length);
    }

    protected String read(String key) throws IOException {
        try (InputStream in = store.open(key)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private Set<String> listKeys(String prefix) {
        try (Stream<Entry> s = store.list(prefix)) {
            return s.map(Entry::key).collect(Collectors.toSet());
        }
    }

    @Test
    void listIsRecursiveWithSizesAndOnlyObjects() {
        put("a/1", "x");
        put("a/b/2", "yy");
        put("a/b/c/3", "zzz");
        put("ab/4", "sibling with the same leading characters");
        put("top", "t");
        try (Stream<Entry> s = store.list("a")) {
            List<Entry> entries = s.toList();
            assertEquals(Set.of("a/1", "a/b/2", "a/b/c/3"), entries.stream().map(Entry::key).collect(Collectors.toSet()));
            assertTrue(entries.stream().noneMatch(Entry::folder));
            assertEquals(3, entries.stream().filter(e -> e.key().equals("a/b/c/3")).findFirst().orElseThrow().size());
        }
        assertEquals(Set.of("a/1", "a/b/2", "a/b/c/3", "ab/4", "top"), listKeys(""));
        assertEquals(Set.of("a/b/c/3"), listKeys("a/b/c/"));
    }

    @Test
    void listOfMissingPrefixIsEmpty() {
        put("a/1", "x");
        assertEquals(Set.of(), listKeys("nothing/here"));
        assertEquals(Set.of(), listKeys("a/1/"));
    }

    @Test
    void listOfEmptyStoreIsEmpty() {
        assertEquals(Set.of(), listKeys(""));
        assertTrue(store.stat("").orElseThrow().folder(), "the root exists even when empty");
    }

    @Test
    void listStreamsEveryObjectOnceAcrossPages() {
        IntStream.range(0, 23).forEach(i -> put("many/" + String.format("%03d", i), "v" + i));
        try (Stream<Entry> s = store.list("many")) {
            Iterator<Entry> it = s.iterator();
            assertTrue(it.hasNext(), "first entry available before the listing is consumed");
            int n = 1;
            it.next();
            while (it.hasNext()) {
                it.next();
                n++;
            }
            assertEquals(23, n);
        }
        assertEquals(23, listKeys("many").size());
    }

    @Test
    void childrenAreFilesAndFoldersSortedByName() {
        put("d/z.txt", "z");
        put("d/a.txt", "a");
        put("d/sub/x", "x");
        put("d/sub/deeper/y", "y");
        List<Entry> kids = store.children("d");
        assertEquals(List.of("d/a.txt", "d/sub", "d/z.txt"), kids.stream().map(Entry::key).toList());
        assertTrue(kids.get(1).folder());
        assertFalse(kids.get(0).folder());
        assertEquals(1, kids.get(0).size());
        assertEquals(List.of("d"), store.children("").stream().map(Entry::key).toList());
        assertEquals(List.of(), store.children("missing"));
    }

    @Test
    void statOfFileFolderAndMissing() {
        put("s/file.bin", "12345");
        Entry f = store.stat("s/file.bin").orElseThrow();
        assertFalse(f.folder());
        assertEquals(5, f.size());
        assertEquals("s/file.bin", f.key());
        assertTrue(store.stat("s").orElseThrow().folder());
        assertTrue(store.stat("").orElseThrow().folder());
        assertTrue(store.stat("s/none").isEmpty());
        assertTrue(store.stat("none").isEmpty());
    }

    @Test
    void readsWholeAndFromAnOffset() throws IOException {
        put("r/obj", "0123456789");
        assertEquals("0123456789", read("r/obj"));
        try (InputStream in = store.open("r/obj", 4)) {
            assertEquals("456789", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        try (InputStream in = store.open("r/obj", 10)) {
            assertEquals(0, in.readAllBytes().length);
        }
        assertThrows(ObjectNotFoundException.class, () -> store.open("r/missing").close());
    }

    @Test
    void emptyObject() throws IOException {
        store.write("e/empty", InputStream.nullInputStream(), 0);
        assertEquals(0, store.stat("e/empty").orElseThrow().size());
        assertEquals("", read("e/empty"));
    }

    @Test
    void writeReplaces() throws IOException {
        put("w/obj", "first version");
        put("w/obj", "second");
        assertEquals("second", read("w/obj"));
        assertEquals(6, store.stat("w/obj").orElseThrow().size());
    }

    @Test
    void shortOrLongSourceFailsAndLeavesNothing() throws IOException {
        byte[] five = "12345".getBytes(StandardCharsets.UTF_8);
        assertThrows(StoreException.class, () -> store.write("m/new", new ByteArrayInputStream(five), 6));
        assertThrows(StoreException.class, () -> store.write("m/new", new ByteArrayInputStream(five), 4));
        assertTrue(store.stat("m/new").isEmpty());
        assertEquals(Set.of(), listKeys(""));

        put("m/old", "keep me");
        assertThrows(StoreException.class, () -> store.write("m/old", new ByteArrayInputStream(five), 9));
        assertEquals("keep me", read("m/old"));
        assertEquals(Set.of("m/old"), listKeys(""));
    }

    @Test
    void largeObjectShortSourceFailsAndLeavesNothing() {
        long size = largeSize();
        assertThrows(StoreException.class, () -> store.write("big/short", new GeneratedStream(size - 1000, 3), size));
        assertTrue(store.stat("big/short").isEmpty());
        assertEquals(Set.of(), listKeys(""));
    }

    @Test
    void deleteRemovesAndAbsentIsFine() {
        put("x/del", "d");
        store.delete("x/del");
        assertTrue(store.stat("x/del").isEmpty());
        store.delete("x/del");
        store.delete("never/was");
        assertEquals(Set.of(), listKeys(""));
    }

    @Test
    void moveRenamesAnObject() throws IOException {
        put("mv/from", "payload");
        put("mv/to", "old target");
        store.move("mv/from", "mv/deeper/to");
        assertEquals("payload", read("mv/deeper/to"));
        assertTrue(store.stat("mv/from").isEmpty());
        assertThrows(ObjectNotFoundException.class, () -> store.move("mv/nope", "mv/x"));
    }

    @Test
    void largeObjectRoundTrip() throws IOException {
        long size = largeSize();
        store.write("big/obj", new GeneratedStream(size, 7), size);
        assertEquals(size, store.stat("big/obj").orElseThrow().size());
        String expected = GeneratedStream.crc32c(new GeneratedStream(size, 7));
        try (InputStream in = store.open("big/obj")) {
            assertEquals(expected, GeneratedStream.crc32c(in));
        }
        long offset = size - 12345;
        GeneratedStream tail = new GeneratedStream(size, 7);
        tail.skipNBytes(offset);
        try (InputStream in = store.open("big/obj", offset)) {
            assertEquals(GeneratedStream.crc32c(tail), GeneratedStream.crc32c(in));
        }
    }

    @Test
    void foldersWithoutObjectsVanishOnObjectStores() {
        put("f/g/only", "1");
        store.delete("f/g/only");
        assertEquals(Set.of(), listKeys("f"));
        if (!store.has(Capability.REAL_FOLDERS)) {
            assertTrue(store.stat("f/g").isEmpty());
            assertTrue(store.stat("f").isEmpty());
            assertEquals(List.of(), store.children(""));
        } else {
            assertTrue(store.stat("f/g").orElseThrow().folder());
        }
    }

    @Test
    void keysWithSpacesAndUnicode() throws IOException {
        String key = "a b/ü€.txt";
        put(key, "unicode");
        assertEquals("unicode", read(key));
        assertEquals(Set.of(key), listKeys("a b"));
        assertEquals(List.of(key), store.children("a b").stream().map(Entry::key).toList());
        assertEquals(List.of("a b"), store.children("").stream().map(Entry::key).toList());
        assertEquals(7, store.stat(key).orElseThrow().size());
        store.move(key, "a b/c d/ß.txt");
        assertEquals("unicode", read("a b/c d/ß.txt"));
        store.delete("a b/c d/ß.txt");
        assertEquals(Set.of(), listKeys(""));
    }

    @Test
    void viewAtPrefixSeesRelativeKeys() throws IOException {
        put("v/inner/k", "in view");
        put("outside", "o");
        Store view = store.at("v");
        assertEquals(Set.of("inner/k"), view.list("").map(Entry::key).collect(Collectors.toSet()));
        assertEquals("in view", new String(view.open("inner/k").readAllBytes(), StandardCharsets.UTF_8));
        assertTrue(view.location().endsWith("/v"));
    }

    @Test
    void serverSideCopyOnlyWhereDeclared() throws IOException {
        put("ssc/a", "copied on the server");
        if (!store.has(Capability.SERVER_SIDE_COPY)) {
            assertFalse(store.canCopyServerSide(store), "no server-side copy without the capability");
            return;
        }
        assertTrue(store.canCopyServerSide(store.at("ssc")), "a view copies like its store");
        store.copyServerSide(store.at("ssc"), "a", "ssc2/b", 20);
        assertEquals("copied on the server", read("ssc2/b"));
        assertEquals("copied on the server", read("ssc/a"));
    }

    @Test
    void removingUnfinishedWritesKeepsEveryObject() throws IOException {
        put("u/a", "kept");
        assertTrue(store.removeUnfinishedWrites("") >= 0);
        assertEquals("kept", read("u/a"));
        assertEquals(Set.of("u/a"), listKeys(""));
    }
}
