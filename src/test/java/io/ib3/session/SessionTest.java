package io.ib3.session;

import io.ib3.host.Host;
import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import io.ib3.error.ExitCode;
import io.ib3.error.Ib3Exception;
import io.ib3.profile.Profiles;
import io.ib3.store.NioStore;
import io.ib3.store.StoreFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionTest {

    @TempDir
    Path tmp;

    private FileSystem fs;
    private Session session;

    @BeforeEach
    void setUp() throws IOException {
        fs = Jimfs.newFileSystem(Configuration.unix());
        Path data = fs.getPath("/data");
        Files.createDirectories(data.resolve("node0/wal"));
        Files.writeString(data.resolve("node0/wal/00000000001.wal"), "w1");
        Files.createDirectories(data.resolve("node0/snapshots"));
        Files.writeString(data.resolve("catalog.txt"), "c");
        // mem://NAME mounts a folder of the jimfs file system
        StoreFactory factory = new StoreFactory().register("mem", (uri, options) -> new NioStore(fs.getPath(uri.getPath()), uri.toString()));
        Host host = new Host(Map.of(), tmp, tmp.resolve("home"));
        session = new Session(factory, new Profiles(host));
    }

    @AfterEach
    void tearDown() throws IOException {
        session.close();
        fs.close();
    }

    @Test
    void firstMountBecomesTheCurrentFolder() {
        assertEquals("", session.cwd());
        Mount m = session.mount("src", "mem:///data");
        assertEquals("mem:///data", m.location());
        assertEquals("src:/", session.cwd());
        session.mount("other", "mem:///data/node0");
        assertEquals("src:/", session.cwd(), "later mounts do not move the current folder");
        assertEquals(List.of("other", "src"), session.mounts().stream().map(Mount::name).toList());
    }

    @Test
    void cdAcceptsMountPathsAbsoluteAndRelativePathsAndDots() {
        session.mount("src", "mem:///data");
        assertEquals("src:/node0", session.cd("node0"));
        assertEquals("src:/node0/wal", session.cd("wal"));
        assertEquals("src:/node0", session.cd(".."));
        assertEquals("src:/", session.cd("../../.."), "never above the root");
        assertEquals("src:/node0/snapshots", session.cd("/node0/snapshots"));
        assertEquals("src:/node0", session.cd("src:/node0"));
        assertEquals("src:/", session.cd(""));
    }

    @Test
    void cdRefusesFilesAndMissingFolders() {
        session.mount("src", "mem:///data");
        Ib3Exception missing = assertThrows(Ib3Exception.class, () -> session.cd("nope"));
        assertEquals("no such folder: src:/nope", missing.getMessage());
        assertEquals(ExitCode.USAGE, missing.exitCode());
        assertEquals("not a folder: src:/catalog.txt", assertThrows(Ib3Exception.class, () -> session.cd("catalog.txt")).getMessage());
        assertEquals("src:/", session.cwd());
    }

    @Test
    void locateResolvesMountPathsRelativePathsAndUris() throws IOException {
        session.mount("src", "mem:///data");
        session.cd("node0");
        try (Target t = session.locate("wal/00000000001.wal")) {
            assertEquals("node0/wal/00000000001.wal", t.key());
            assertEquals("src:/node0/wal/00000000001.wal", t.display());
            assertFalse(t.temporary());
        }
        try (Target t = session.locate("")) {
            assertEquals("src:/node0", t.display());
        }
        Files.writeString(tmp.resolve("x.json"), "{}");
        try (Target t = session.locate(tmp.toUri().toString())) {
            assertTrue(t.temporary());
            assertTrue(t.store().stat("x.json").isPresent());
        }
    }

    @Test
    void unknownMountAndNothingMountedAreUsageErrors() {
        Ib3Exception none = assertThrows(Ib3Exception.class, () -> session.locate(""));
        assertEquals("nothing is mounted", none.getMessage());
        session.mount("src", "mem:///data");
        Ib3Exception unknown = assertThrows(Ib3Exception.class, () -> session.cd("bk:/x"));
        assertEquals("no mount named 'bk'", unknown.getMessage());
        assertEquals("mounted: src", unknown.hints().get(0));
    }

    @Test
    void namesAreCheckedAndNotReused() {
        session.mount("src", "mem:///data");
        assertEquals("mount name src is taken by mem:///data", assertThrows(Ib3Exception.class, () -> session.mount("src", "mem:///data")).getMessage());
        assertThrows(Ib3Exception.class, () -> session.mount("1bad", "mem:///data"));
        assertThrows(Ib3Exception.class, () -> session.mount("a/b", "mem:///data"));
    }

    @Test
    void aMountPathCanBeMountedAndKeepsItsParentMounted() {
        session.mount("src", "mem:///data");
        Mount node = session.mount("n0", "src:/node0");
        assertEquals("mem:///data/node0", node.location());
        assertEquals("src", node.parent());
        try (Target t = session.locate("n0:/wal")) {
            assertEquals(1, t.store().children(t.key()).size());
        }
        Ib3Exception inUse = assertThrows(Ib3Exception.class, () -> session.unmount("src"));
        assertEquals("mount src is in use by n0", inUse.getMessage());
        session.unmount("n0");
        session.unmount("src");
        assertEquals(List.of(), session.mounts());
        assertEquals("", session.cwd());
    }

    @Test
    void aMountNameWinsOverASchemeUnlessTheUriHasSlashes() {
        session.mount("mem", "mem:///data");
        try (Target t = session.locate("mem:/node0")) {
            assertFalse(t.temporary());
            assertEquals("node0", t.key());
        }
        try (Target t = session.locate("mem:///data/node0")) {
            assertTrue(t.temporary());
        }
    }

    @Test
    void profileUseMountsUnderTheProfileNameAndGoesThere() throws IOException {
        Path profiles = Files.createDirectories(tmp.resolve("profiles"));
        Files.writeString(profiles.resolve("prod.yaml"), "location: mem:///data/node0\n");
        session.mount("src", "mem:///data");
        session.cd("node0/wal");
        Mount m = session.use("prod");
        assertEquals("prod", m.profile());
        assertEquals("prod:/", session.cwd());
        assertEquals(m, session.use("prod"), "using it again reuses the mount");
        try (Target t = session.locate("@prod")) {
            assertTrue(t.temporary());
            assertTrue(t.store().stat("wal").isPresent());
        }
        session.mount("x", "@prod");
        assertEquals("prod", session.mount("x").get().profile());
    }
}
