package io.ib3.store.vfs;

import io.ib3.store.OptionValues;
import io.ib3.store.Store;
import io.ib3.store.StoreException;
import io.ib3.store.object.ObjectStore;
import io.ib3.store.s3.RequestLog;
import io.ib3.store.s3.S3Bucket;
import io.ib3.store.s3.S3ServerExtension;
import org.apache.commons.vfs2.FileObject;
import org.apache.commons.vfs2.FileSystemException;
import org.apache.commons.vfs2.FileSystemOptions;
import org.apache.commons.vfs2.FileType;
import org.apache.commons.vfs2.cache.NullFilesCache;
import org.apache.commons.vfs2.impl.DefaultFileSystemManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An ib3 store mounted in Commons VFS (here S3, on S3Proxy): navigation, one listing per folder,
 * fresh listings, reads, attributes, errors.
 */
class StoreFileProviderTest {

    @RegisterExtension
    static final S3ServerExtension S3 = S3ServerExtension.s3proxy();

    private static String bucket;
    private static ObjectStore<S3Bucket> store;

    private final RequestLog log = new RequestLog();
    private ObjectStore<S3Bucket> logged;
    private Store view;

    @BeforeAll
    static void fill() {
        bucket = S3.newBucket();
        store = new ObjectStore<>(new S3Bucket(S3.config().build(), bucket), "");
        for (String key : List.of("db/a.txt", "db/b.bin", "db/snapshots/1.json", "db/snapshots/2.json",
                "db/wal/00001.wal", "a b/ü€.txt", "other")) {
            byte[] data = ("content of " + key).getBytes(StandardCharsets.UTF_8);
            store.write(key, new ByteArrayInputStream(data), data.length);
        }
    }

    @BeforeEach
    void mount() {
        logged = new ObjectStore<>(new S3Bucket(S3.config().interceptor(log).build(), bucket), "");
        view = VfsStores.browse(logged);
    }

    @AfterEach
    void close() {
        view.close();
        logged.close();
    }

    private FileObject resolve(String path) throws FileSystemException {
        return ((VfsStore) view).root().resolveFile(path);
    }

    private static List<String> names(FileObject[] children) {
        return Arrays.stream(children).map(c -> c.getName().getBaseName()).sorted().toList();
    }

    @Test
    void listsAFolderWithOneRequestAndNoHeadPerChild() throws Exception {
        FileObject db = resolve("db");
        log.clear();
        FileObject[] children = db.getChildren();
        assertEquals(List.of("a.txt", "b.bin", "snapshots", "wal"), names(children));
        for (FileObject c : children) {
            if (c.getName().getBaseName().endsWith(".txt")) {
                assertEquals(FileType.FILE, c.getType());
                assertEquals("content of db/a.txt".length(), c.getContent().getSize());
            } else if (c.getName().getBaseName().equals("wal")) {
                assertEquals(FileType.FOLDER, c.getType());
            }
        }
        assertEquals(1, log.count("ListObjectsV2"));
        assertEquals(0, log.count("HeadObject"), "types and sizes came from the listing");
    }

    @Test
    void navigatesWithTypesOfFilesFoldersAndMissing() throws Exception {
        FileObject root = resolve("");
        assertEquals(FileType.FOLDER, root.getType());
        assertEquals(List.of("a b", "db", "other"), names(root.getChildren()));
        FileObject snap = root.resolveFile("db/snapshots/2.json");
        assertEquals(FileType.FILE, snap.getType());
        assertEquals("snapshots", snap.getParent().getName().getBaseName());
        assertEquals(FileType.FOLDER, snap.getParent().getType());
        assertFalse(resolve("db/nothing").exists());
        assertFalse(resolve("db/snap").exists(), "a key prefix that is not a folder");
        try (InputStream in = snap.getContent().getInputStream()) {
            assertEquals("content of db/snapshots/2.json", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertTrue(snap.getContent().getLastModifiedTime() > 0);
    }

    @Test
    void keysWithSpacesAndUnicode() throws Exception {
        FileObject folder = resolve("a%20b");
        assertEquals(FileType.FOLDER, folder.getType());
        FileObject[] kids = folder.getChildren();
        assertEquals(1, kids.length);
        assertEquals("ü€.txt", kids[0].getName().getBaseName());
        try (InputStream in = kids[0].getContent().getInputStream()) {
            assertEquals("content of a b/ü€.txt", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertEquals("a b/ü€.txt", ((StoreFileObject) org.apache.commons.vfs2.util.FileObjectUtils
                .getAbstractFileObject(kids[0])).key());
    }

    @Test
    void listingAfterAWriteThroughTheStoreShowsTheNewObject() throws Exception {
        FileObject wal = resolve("db/wal");
        assertEquals(List.of("00001.wal"), names(wal.getChildren()));
        byte[] data = "new".getBytes(StandardCharsets.UTF_8);
        store.write("db/wal/00002.wal", new ByteArrayInputStream(data), data.length);
        try {
            assertEquals(List.of("00001.wal", "00002.wal"), names(resolve("db/wal").getChildren()), "re-resolved");
            wal.refresh();
            assertEquals(List.of("00001.wal", "00002.wal"), names(wal.getChildren()), "refreshed");
        } finally {
            store.delete("db/wal/00002.wal");
        }
        assertEquals(List.of("00001.wal"), names(resolve("db/wal").getChildren()));
    }

    @Test
    void attributesCarryTheEtagAndStoredCrc32c() throws Exception {
        FileObject a = resolve("db/a.txt");
        assertNotNull(a.getContent().getAttribute("etag"));
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update("content of db/a.txt".getBytes(StandardCharsets.UTF_8));
        assertEquals(String.format("%08x", crc.getValue()), a.getContent().getAttribute("crc32c"));
    }

    @Test
    void deleteRemovesAnObject() throws Exception {
        byte[] data = "tmp".getBytes(StandardCharsets.UTF_8);
        store.write("tmp/x", new ByteArrayInputStream(data), data.length);
        FileObject x = resolve("tmp/x");
        assertTrue(x.delete());
        assertFalse(resolve("tmp/x").exists());
        assertTrue(store.stat("tmp/x").isEmpty());
    }

    @Test
    void missingBucketFailsWithTheStoreMessage() throws Exception {
        try (Store missing = new ObjectStore<>(new S3Bucket(S3.config().build(), "no-such-bucket-vfs"), "");
             Store missingView = VfsStores.browse(missing)) {
            FileObject f = ((VfsStore) missingView).root().resolveFile("x");
            FileSystemException e = assertThrows(FileSystemException.class, f::exists);
            StoreException cause = OptionValues.find(e, StoreException.class);
            assertNotNull(cause, "the one-line store error is the cause");
            assertTrue(cause.getMessage().contains("no-such-bucket-vfs"), cause.getMessage());
            // and through the view, the store's own one-line error
            StoreException viaView = assertThrows(StoreException.class, () -> missingView.stat("x"));
            assertTrue(viaView.getMessage().contains("no-such-bucket-vfs"), viaView.getMessage());
        }
    }

    @Test
    void theManagerHasNoCacheAndMountsIb3StoresAndSftp() throws Exception {
        DefaultFileSystemManager m = (DefaultFileSystemManager) VfsStores.manager();
        assertTrue(m.getFilesCache() instanceof NullFilesCache);
        assertTrue(Arrays.asList(m.getSchemes()).containsAll(List.of("ib3", "sftp", "ram", "zip", "file")));
        assertEquals(FileType.FILE, resolve("other").getType());
        assertEquals(logged.location(), view.location());
    }

    @Test
    void theViewListsAndReadsLikeTheStoreWithTheListingsEtags() throws Exception {
        log.clear();
        List<io.ib3.store.Entry> kids = view.children("db");
        assertEquals(List.of("db/a.txt", "db/b.bin", "db/snapshots", "db/wal"), kids.stream().map(io.ib3.store.Entry::key).toList());
        assertNotNull(kids.get(0).etag(), "etag from the listing");
        assertEquals(1, log.count("ListObjectsV2"));
        assertEquals(0, log.count("HeadObject"));
        try (InputStream in = view.open("db/a.txt")) {
            assertEquals("content of db/a.txt", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertTrue(view.stat("db/snapshots").orElseThrow().folder());
        assertTrue(view.stat("db/nothing").isEmpty());
    }
}
