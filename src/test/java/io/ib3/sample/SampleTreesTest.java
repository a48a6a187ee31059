package io.ib3.sample;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import io.ib3.layout.CatalogGeneration;
import io.ib3.layout.CatalogV3Header;
import io.ib3.layout.FileKind;
import io.ib3.layout.FramedCatalogFile;
import io.ib3.layout.ParquetFileRef;
import io.ib3.layout.ParquetFrame;
import io.ib3.layout.PathClassifier;
import io.ib3.layout.SnapshotCheckpointFile;
import io.ib3.layout.SnapshotFile;
import io.ib3.layout.WalHeader;
import io.ib3.store.Entry;
import io.ib3.store.NioStore;
import io.ib3.store.Store;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fixtures obey the layout rules the rest of ib3 checks. */
class SampleTreesTest {

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

    private byte[] read(String key) {
        try (InputStream in = store.open(key)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private List<String> listed() {
        try (Stream<Entry> s = store.list("")) {
            return s.map(Entry::key).sorted().toList();
        }
    }

    @Test
    void everyFileIsValidAndSnapshotsReferenceWhatExists() {
        for (CatalogGeneration g : CatalogGeneration.values()) {
            String root = "g-" + g.label();
            SampleTree t = SampleTrees.core("node0").catalog(g).staleCatalogs(true).retention(true).derived(true).staging(true)
                    .writeTo(store, root);
            Set<String> referenced = new HashSet<>();
            long maxSnapshotCatalogSeq = 0;
            for (String key : t.keys()) {
                String rel = key.substring((root + "/node0/").length());
                FileKind kind = PathClassifier.kind(rel);
                byte[] data = read(key);
                switch (kind) {
                    case WAL -> WalHeader.validate(key, data);
                    case PARQUET -> ParquetFrame.check(key, data);
                    case CATALOG_V3_LOG, CATALOG_V3_SNAPSHOT -> CatalogV3Header.validate(key, data);
                    case CATALOG_V1_LOG, CATALOG_V1_CHECKPOINT, CATALOG_V2_LOG, CATALOG_V2_SNAPSHOT -> FramedCatalogFile.validate(key, data);
                    case SNAPSHOT -> {
                        SnapshotFile s = SnapshotFile.parse(key, data);
                        s.added().forEach(f -> referenced.add(root + "/" + f.path()));
                        maxSnapshotCatalogSeq = Math.max(maxSnapshotCatalogSeq, s.catalogSequence());
                        assertEquals("node0", s.nodeId());
                        for (ParquetFileRef f : s.added()) {
                            assertTrue(f.path().endsWith(String.format("%010d.parquet", s.walSequence())), f.path());
                        }
                    }
                    case SNAPSHOT_CHECKPOINT -> assertEquals("node0", SnapshotCheckpointFile.parse(key, data).nodeId());
                    case STAGING, TABLE_SNAPSHOT, DB_INDEX, CONVERSION_MARKER -> { }
                    default -> throw new AssertionError("unexpected " + kind + " " + key);
                }
            }
            assertTrue(t.catalogSequence() >= maxSnapshotCatalogSeq);
            Set<String> present = new HashSet<>(t.keys());
            for (String r : referenced) {
                assertTrue(present.contains(r) || t.deletedKeys().contains(r), r);
            }
            assertFalse(t.deletedKeys().isEmpty());
            assertEquals(g.ordinal(), t.staleGenerations().size(), "older generations only");
        }
    }

    @Test
    void snapshotJsonIsPrettyVersionOneWithVecMaps() {
        SampleTree t = SampleTrees.core("node0").snapshots(1).writeTo(store, "");
        String json = new String(read(t.keys().stream().filter(k -> k.contains("/snapshots/")).findFirst().orElseThrow()),
                java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(json.startsWith("{\n  \"version\": \"1\",\n  \"node_id\": \"node0\",\n"), json);
        assertTrue(json.contains("\"databases\": [\n    [\n      1,\n      {\n        \"tables\": ["), json);
        assertTrue(json.contains("\"removed_files\": []"), json);
    }

    @Test
    void parquetSizesAreAskedPerFileAndRecordedInTheSnapshots() {
        int[] sizes = {4096, 10, 70_000};
        int[] next = {0};
        SampleTree t = SampleTrees.core("node0").snapshots(3).database("db", "t1")
                .parquetSizes(() -> sizes[next[0]++ % sizes.length]).writeTo(store, "");
        assertEquals(3, next[0], "one size per Parquet file");
        List<Long> bodies = new java.util.ArrayList<>();
        for (String key : t.keys()) {
            if (key.contains("/snapshots/")) {
                for (ParquetFileRef f : SnapshotFile.parse(key, read(key)).added()) {
                    assertEquals(f.sizeBytes(), read(f.path()).length, f.path());
                    bodies.add(f.sizeBytes());
                }
            }
        }
        bodies.sort(null);
        long frame = bodies.get(0) - 10;
        assertEquals(List.of(10 + frame, 4096 + frame, 70_000 + frame), bodies);
        assertEquals(4096 + 10 + 70_000 + 3 * frame, t.node("node0").parquetBytes());
    }

    @Test
    void sameSeedSameBytes() throws IOException {
        SampleTree a = SampleTrees.enterprise("c").nodes("n1", "n2").compactor("k").seed(7).writeTo(store, "a");
        SampleTree b = SampleTrees.enterprise("c").nodes("n1", "n2").compactor("k").seed(7).writeTo(store, "b");
        assertEquals(a.keys().size(), b.keys().size());
        for (int i = 0; i < a.keys().size(); i++) {
            assertEquals(a.keys().get(i).substring(2), b.keys().get(i).substring(2));
            assertTrue(java.util.Arrays.equals(read(a.keys().get(i)), read(b.keys().get(i))), a.keys().get(i));
        }
        assertEquals(listed().size(), a.keys().size() + b.keys().size(), "the description lists every object written");
    }

    @Test
    void staleMarkersAndWalWindow() {
        SampleTree t = SampleTrees.core("n").catalog(CatalogGeneration.V3).staleCatalogs(true).walKept(2).walAfterSnapshot(3).writeTo(store, "");
        assertEquals(List.of(CatalogGeneration.V1, CatalogGeneration.V2), t.staleGenerations());
        byte[] marker = read(CatalogGeneration.V2.logKey("n", t.catalogSequence()));
        assertEquals(FramedCatalogFile.Type.EOF, FramedCatalogFile.validate("m", marker).type());
        SampleTree.Node n = t.node("n");
        assertEquals(n.walSequence() - 1, n.walFirst());
        assertEquals(n.walSequence() + 3, n.walLast());
        assertThrows(IllegalStateException.class, () -> SampleTrees.core("x").nodes("y"));
    }
}
