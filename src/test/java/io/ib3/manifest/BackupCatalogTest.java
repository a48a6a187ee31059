package io.ib3.manifest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ib3.store.NioStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackupCatalogTest {

    @Test
    void listsCompleteIncompleteAndInvalidBackups(@TempDir Path root) throws IOException {
        NioStore store = NioStore.local(root);
        Files.createDirectories(root.resolve("backup-20250601-100000"));
        ManifestCodec.write(store.at("backup-20250601-100000"), Fixtures.manifest(Fixtures.someEntries()));

        Journal j = new Journal(store.at("backup-20250602-100000"), Journal.DEFAULT_PREFIX, 10, Duration.ofSeconds(5));
        j.start();
        j.add(new Journal.Record("node0/wal/00000000001.wal", 700, "0a0b0c0d"));
        j.add(new Journal.Record("node0/wal/00000000002.wal", 300, null));
        j.flush();

        Files.createDirectories(root.resolve("backup-20250603-100000"));
        Files.writeString(root.resolve("backup-20250603-100000/ib3-manifest.json"), "{\"formatVersion\": 9}");
        Files.createDirectories(root.resolve("not-a-backup/sub"));
        Files.writeString(root.resolve("notes.txt"), "hello");

        BackupCatalog.Listing listing = BackupCatalog.list(store);

        List<BackupInfo> b = listing.backups();
        assertEquals(List.of("backup-20250601-100000", "backup-20250602-100000", "backup-20250603-100000"),
                b.stream().map(BackupInfo::name).toList());
        BackupInfo complete = b.get(0);
        assertEquals(BackupInfo.State.COMPLETE, complete.state());
        assertEquals(3, complete.objects());
        assertEquals(4216, complete.bytes());
        assertEquals(12L, complete.recoveryPoint().get(0).snapshot());
        BackupInfo incomplete = b.get(1);
        assertEquals(BackupInfo.State.INCOMPLETE, incomplete.state());
        assertEquals(2, incomplete.objects());
        assertEquals(1000, incomplete.bytes());
        assertNotNull(incomplete.createdAt(), "start time from the journal header");
        assertNull(incomplete.completedAt());
        BackupInfo invalid = b.get(2);
        assertEquals(BackupInfo.State.INVALID, invalid.state());
        assertTrue(invalid.problem().contains("formatVersion 9"), invalid.problem());

        String text = io.ib3.shell.BackupTables.table(listing).toPlainText();
        assertTrue(text.contains("complete") && text.contains("incomplete") && text.contains("invalid"), text);
        assertTrue(text.contains("node0: snapshot 12, wal 40-57, catalog 88"), text);
        ObjectNode json = listing.json();
        assertEquals(3, json.get("backups").size());
        assertEquals("incomplete", json.get("backups").get(1).get("state").asText());
        assertEquals(57, json.get("backups").get(0).get("recoveryPoint").get(0).get("walLast").asLong());
    }

    @Test
    void anEmptyRootHasNoBackups(@TempDir Path root) {
        BackupCatalog.Listing listing = BackupCatalog.list(NioStore.local(root.resolve("nothing-here")));
        assertEquals(List.of(), listing.backups());
        assertEquals(0, listing.json().get("backups").size());
    }
}
