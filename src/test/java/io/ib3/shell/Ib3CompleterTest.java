package io.ib3.shell;

import io.ib3.App;
import io.ib3.host.Host;
import io.ib3.session.Session;
import org.jline.reader.Candidate;
import org.jline.reader.Parser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.shell.core.command.CommandRegistry;
import org.springframework.shell.jline.ExtendedDefaultParser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What TAB proposes for a line, through JLine's parser and our completer, with a real registry. */
class Ib3CompleterTest {

    @TempDir
    Path tmp;

    private AnnotationConfigApplicationContext context;
    private Ib3Completer completer;

    @BeforeEach
    void setUp() throws IOException {
        Files.createDirectories(tmp.resolve("data/node0/wal"));
        Files.createDirectories(tmp.resolve("data/node1"));
        context = App.context(new Host(Map.of(), tmp, tmp.resolve("home")));
        context.getBean(Session.class).mount("src", tmp.resolve("data").toUri().toString());
        completer = new Ib3Completer(context.getBean(CommandRegistry.class));
    }

    @AfterEach
    void tearDown() {
        context.close();
    }

    private List<String> tab(String line) {
        List<Candidate> out = new ArrayList<>();
        completer.complete(null, new ExtendedDefaultParser().parse(line, line.length(), Parser.ParseContext.COMPLETE), out);
        return out.stream().map(Candidate::value).filter(v -> v.startsWith(lastWord(line))).sorted().toList();
    }

    private static String lastWord(String line) {
        return line.endsWith(" ") ? "" : line.substring(line.lastIndexOf(' ') + 1);
    }

    @Test
    void positionalPathsAreCompleted() {
        assertEquals(List.of("src:/node0/", "src:/node1/"), tab("ls src:/no"));
        assertEquals(List.of("src:/node0/wal/"), tab("tree --depth 2 src:/node0/"));
        assertEquals(List.of("src:/node0/"), tab("ls --json src:/node0"));
    }

    @Test
    void optionsAndCommandNames() {
        assertEquals(List.of("--json"), tab("ls --js"));
        assertEquals(List.of("--human"), tab("ls --json --h"));
        assertEquals(List.of(), tab("tree --depth "), "a number is not a path");
        assertTrue(tab("mou").containsAll(List.of("mount", "mounts")), tab("mou").toString());
    }

    @Test
    void profileNamesForProfileCommands() throws IOException {
        Files.createDirectories(tmp.resolve("profiles"));
        Files.writeString(tmp.resolve("profiles/prod.yaml"), "location: file:///x\n");
        assertEquals(List.of("prod"), tab("profile use p"));
        assertEquals(List.of("@prod"), tab("ls @p"));
    }
}
