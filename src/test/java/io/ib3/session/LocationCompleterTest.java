package io.ib3.session;

import io.ib3.host.Host;
import io.ib3.profile.Profiles;
import io.ib3.store.StoreFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LocationCompleterTest {

    @TempDir
    Path tmp;

    private Session session;
    private LocationCompleter completer;

    @BeforeEach
    void setUp() throws IOException {
        Path data = tmp.resolve("data");
        Files.createDirectories(data.resolve("node0/wal"));
        Files.createDirectories(data.resolve("node1"));
        Files.writeString(data.resolve("notes.txt"), "n");
        Files.createDirectories(tmp.resolve("profiles"));
        Files.writeString(tmp.resolve("profiles/prod.yaml"), "location: file:///x\n");
        Files.writeString(tmp.resolve("profiles/prod-eu.yaml"), "location: file:///y\n");
        session = new Session(new StoreFactory(), new Profiles(new Host(Map.of(), tmp, tmp.resolve("home"))));
        session.mount("src", data.toUri().toString());
        completer = new LocationCompleter(session);
    }

    private List<String> values(String word) {
        return completer.complete(word).stream().map(LocationCompleter.Candidate::value).toList();
    }

    @Test
    void pathsInAMountListOnlyTheFolderBeingCompleted() {
        assertEquals(List.of("src:/node0/", "src:/node1/"), values("src:/nod"));
        assertEquals(List.of("src:/node0/", "src:/node1/", "src:/notes.txt"), values("src:/no"));
        assertEquals(List.of("src:/node0/wal/"), values("src:/node0/"));
        assertEquals(List.of("src:/node0/", "src:/node1/", "src:/notes.txt"), values("src:"));
    }

    @Test
    void foldersStayOpenAndFilesAreComplete() {
        List<LocationCompleter.Candidate> c = completer.complete("src:/not");
        assertEquals(List.of(new LocationCompleter.Candidate("src:/notes.txt", true)), c);
        assertEquals(false, completer.complete("src:/node0").get(0).complete());
    }

    @Test
    void mountNamesAndRelativePaths() {
        assertEquals(List.of("src:/"), values("sr"));
        assertEquals(List.of("node0/", "node1/"), values("node"));
        session.cd("node0");
        assertEquals(List.of("wal/"), values("w"));
        assertEquals(List.of("/node0/", "/node1/"), values("/node"));
    }

    @Test
    void profilesAfterAt() {
        assertEquals(List.of("@prod", "@prod-eu"), values("@pr"));
        assertEquals(List.of("prod-eu"), completer.profiles("", "prod-").stream().map(LocationCompleter.Candidate::value).toList());
    }

    @Test
    void listingIsFreshAfterWrites() throws IOException {
        assertEquals(List.of("src:/node0/wal/"), values("src:/node0/"));
        Files.writeString(tmp.resolve("data/node0/catalog"), "c");
        assertEquals(List.of("src:/node0/catalog", "src:/node0/wal/"), values("src:/node0/"));
    }
}
