package io.ib3.store.s3;

import io.ib3.store.StoreException;
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

/** The VFS provider: navigation, one listing per folder, fresh listings, reads, attributes. */
class S3FileProviderTest {

    @RegisterExtension
    static final S3ServerExtension S3 = S3ServerExtension.s3proxy();

    private static String bucket;
    private static S3Store store;

    private final RequestLog log = new RequestLog();
    private DefaultFileSystemManager vfs;
    private FileSystemOptions opts;

    @BeforeAll
    static void fill() {
        bucket = S3.newBucket();
        store = new S3Store(S3.config().build(), bucket, "");
        for (String key : List.of("db/a.txt", "db/b.bin", "db/snapshots/1.json", "db/snapshots/2.json",
                "db/wal/00001.wal", "a b/ü€.txt", "other")) {
            byte[] data = ("content of " + key).getBytes(StandardCharsets.UTF_8);
            store.write(key, new ByteArrayInputStream(data), data.length);
        }
    }

    @BeforeEach
    void manager() throws FileSystemException {
        vfs = new DefaultFileSystemManager();
        vfs.setFilesCache(new NullFilesCache());
        vfs.addProvider("s3", new S3FileProvider(S3.env(), List.of(log)));
        vfs.init();
        opts = new FileSystemOptions();
        S3FileSystemConfigBuilder.getInstance().setOptions(opts, S3.options());
    }

    @AfterEach
    void close() {
        vfs.close();
    }

    private FileObject resolve(String path) throws FileSystemException {
        return vfs.resolveFile("s3://" + bucket + "/" + path, opts);
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
        assertEquals("a b/ü€.txt", ((S3FileObject) org.apache.commons.vfs2.util.FileObjectUtils
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
        FileObject f = vfs.resolveFile("s3://no-such-bucket-vfs/x", opts);
        FileSystemException e = assertThrows(FileSystemException.class, f::exists);
        StoreException cause = S3Errors.find(e, StoreException.class);
        assertNotNull(cause, "the one-line store error is the cause");
        assertTrue(cause.getMessage().contains("no-such-bucket-vfs"), cause.getMessage());
    }

    @Test
    void managerFromS3StoresHasNoCache() throws Exception {
        DefaultFileSystemManager m = S3Stores.vfsManager(S3.env());
        try {
            assertTrue(m.getFilesCache() instanceof NullFilesCache);
            assertTrue(Arrays.asList(m.getSchemes()).contains("s3"));
            assertEquals(FileType.FILE, m.resolveFile("s3://" + bucket + "/other", opts).getType());
        } finally {
            m.close();
        }
    }
}
