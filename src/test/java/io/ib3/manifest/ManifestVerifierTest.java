package io.ib3.manifest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ib3.report.ProgressListener;
import io.ib3.store.NioStore;
import io.ib3.testing.TestStore;
import io.ib3.testing.Trees;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ManifestVerifierTest {

    @TempDir
    Path dir;
    TestStore backup;
    Manifest manifest;

    @BeforeEach
    void backup() throws IOException {
        List<ManifestEntry> entries = new ArrayList<>();
        for (String key : List.of("node0/snapshots/s1.info.json", "node0/dbs/1/2/a.parquet", "node0/dbs/1/2/b.parquet",
                "node0/wal/00000000001.wal", "catalog/v3/logs/00000000000000000001.catalog")) {
            Trees.file(dir, key, 5000 + key.length());
            entries.add(new ManifestEntry(key, "p", 5000 + key.length(), Trees.crcOf(dir.resolve(key))));
        }
        backup = new TestStore(NioStore.local(dir));
        manifest = Fixtures.manifest(entries);
        ManifestCodec.write(backup, manifest);
        Files.createDirectories(dir.resolve("ib3-journal"));
        Files.writeString(dir.resolve("ib3-journal/x-000000.jsonl"), "{}\n");
        backup.bytesRead.set(0); // the manifest read-back above is not part of a verify
    }

    @Test
    void anIntactBackupVerifies() {
        VerifyReport quick = ManifestVerifier.verify(backup, manifest, false, ProgressListener.NONE);
        assertTrue(quick.ok(), quick.problems().toString());
        assertEquals(5, quick.present());
        assertEquals(List.of(), quick.warnings(), "ib3's own files are not reported as extra");
        assertEquals(0, backup.bytesRead.get(), "the default verify reads no object");

        VerifyReport deep = ManifestVerifier.verify(backup, manifest, true, ProgressListener.NONE);
        assertTrue(deep.ok(), deep.problems().toString());
        assertEquals(5, deep.deepChecked());
    }

    @Test
    void theDefaultVerifyFindsMissingAndWrongSizesAndListsEveryProblem() throws IOException {
        Files.delete(dir.resolve("node0/wal/00000000001.wal"));
        Files.write(dir.resolve("node0/dbs/1/2/a.parquet"), new byte[10]);
        Files.writeString(dir.resolve("node0/stray.txt"), "x");

        VerifyReport r = ManifestVerifier.verify(backup, manifest, false, ProgressListener.NONE);

        assertFalse(r.ok());
        assertEquals(List.of(
                new VerifyReport.Problem("node0/dbs/1/2/a.parquet", "size is 10 bytes, the manifest says 5023"),
                new VerifyReport.Problem("node0/wal/00000000001.wal", "missing")), r.problems());
        assertEquals(List.of(new VerifyReport.Problem("node0/stray.txt", "not in the manifest")), r.warnings());
        assertEquals(3, r.present());
    }

    @Test
    void aDeepVerifyFindsAFlippedByte() throws IOException {
        Path p = dir.resolve("node0/dbs/1/2/b.parquet");
        byte[] bytes = Files.readAllBytes(p);
        bytes[1234] ^= 0x01;
        Files.write(p, bytes);

        assertTrue(ManifestVerifier.verify(backup, manifest, false, ProgressListener.NONE).ok(), "same size: only deep sees it");
        AtomicInteger failed = new AtomicInteger();
        VerifyReport deep = ManifestVerifier.verify(backup, manifest, true, 3, new ProgressListener() {
            @Override
            public void itemFailed(String key, String problem) {
                failed.incrementAndGet();
            }
        });

        assertFalse(deep.ok());
        assertEquals(1, deep.problems().size());
        assertEquals("node0/dbs/1/2/b.parquet", deep.problems().get(0).path());
        assertTrue(deep.problems().get(0).problem().startsWith("CRC32C is "), deep.problems().get(0).problem());
        assertEquals(1, failed.get());
        assertFalse(deep.checks().get(1).ok());
    }

    @Test
    void aDeepVerifyUsesTheStoresOwnChecksumWhenItKeepsOne() throws IOException {
        backup.nativeCrc(true);
        VerifyReport r = ManifestVerifier.verify(backup, manifest, true, ProgressListener.NONE);
        assertTrue(r.ok());
        assertEquals(5, r.deepChecked());
        assertEquals(0, backup.bytesRead.get(), "no object read through ib3");

        Path p = dir.resolve("node0/wal/00000000001.wal");
        byte[] bytes = Files.readAllBytes(p);
        bytes[0] ^= 0x10;
        Files.write(p, bytes);
        VerifyReport flipped = ManifestVerifier.verify(backup, manifest, true, ProgressListener.NONE);
        assertEquals("node0/wal/00000000001.wal", flipped.problems().get(0).path());
        assertTrue(flipped.problems().get(0).problem().contains("kept by the store"));
    }

    @Test
    void entriesWithoutChecksumAreReadAndCounted() {
        List<ManifestEntry> entries = manifest.entries().stream()
                .map(e -> new ManifestEntry(e.key(), e.phase(), e.size(), null)).toList();
        VerifyReport r = ManifestVerifier.verify(backup, Fixtures.manifest(entries), true, ProgressListener.NONE);
        assertTrue(r.ok());
        assertEquals(0, r.deepChecked());
        assertEquals(5, r.noChecksum());
    }

    @Test
    void moreChecksPlugInAndShowInJson() {
        VerifyReport base = ManifestVerifier.verify(backup, manifest, false, ProgressListener.NONE);
        VerifyReport more = base.withCheck("wal contiguous", "gap after 1",
                List.of(new VerifyReport.Problem("node0/wal/00000000002.wal", "missing: WAL gap")), List.of());

        assertTrue(base.ok());
        assertFalse(more.ok());
        ObjectNode json = more.toJson(manifest);
        assertFalse(json.get("ok").asBoolean());
        assertEquals("node0", json.get("recoveryPoint").get(0).get("node").asText());
        assertEquals(12, json.get("recoveryPoint").get(0).get("snapshot").asLong());
        assertEquals(40, json.get("recoveryPoint").get(0).get("walFirst").asLong());
        assertEquals(57, json.get("recoveryPoint").get(0).get("walLast").asLong());
        assertEquals("node0/wal/00000000002.wal", json.get("problems").get(0).get("path").asText());
        assertEquals("missing: WAL gap", json.get("problems").get(0).get("problem").asText());
        assertEquals("wal contiguous", json.get("checks").get(1).get("name").asText());
        String text = io.ib3.shell.VerifyTables.table(more).toPlainText();
        assertTrue(text.contains("wal contiguous") && text.contains("FAILED") && text.contains("problem: missing: WAL gap"), text);
    }
}
