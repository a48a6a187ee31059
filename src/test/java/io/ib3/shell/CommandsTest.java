package io.ib3.shell;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ib3.App;
import io.ib3.host.Host;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.shell.core.command.Command;
import org.springframework.shell.core.command.CommandRegistry;
import org.springframework.shell.core.command.completion.CompletionContext;
import org.springframework.shell.core.command.completion.CompletionProposal;
import org.springframework.shell.test.ShellTestClient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The commands through Spring Shell's own test client, with our parser and registry. */
class CommandsTest {

    @TempDir
    Path tmp;

    private AnnotationConfigApplicationContext context;
    private ShellTestClient client;
    private Path data;

    @BeforeEach
    void setUp() throws IOException {
        data = tmp.resolve("data");
        Files.createDirectories(data.resolve("node0/wal"));
        Files.createDirectories(data.resolve("node0/snapshots"));
        Files.writeString(data.resolve("node0/wal/00000000001.wal"), "x".repeat(2048));
        Files.writeString(data.resolve("node0/snapshots/00000000000000000001.info.json"), "{\"sequence\":1,\"files\":[\"a\",\"b\"]}");
        Files.write(data.resolve("node0/catalog"), new byte[] {0, 1, 2, (byte) 0xff, 'I', 'D', 'B'});
        Files.writeString(data.resolve("README"), "hello\n");
        context = App.context(new Host(Map.of("SECRET_KEY_VAR", "s3cr3t-VALUE"), tmp, tmp.resolve("home")));
        client = new ShellTestClient(context.getBean(Ib3CommandParser.class), context.getBean(CommandRegistry.class));
    }

    @AfterEach
    void tearDown() {
        context.close();
    }

    private List<String> run(String line) throws Exception {
        return client.sendCommand(line).lines();
    }

    private String text(String line) throws Exception {
        return String.join("\n", run(line));
    }

    /** The exit code the runner would give for a failing line. */
    private int failing(String line) {
        return ErrorReporter.exitCode(assertThrows(Exception.class, () -> client.sendCommand(line)));
    }

    private void mount() throws Exception {
        assertEquals("mounted src:/ -> " + data.toUri().toString().replaceAll("/$", ""), text("mount src " + data.toUri()));
    }

    @Test
    void mountsTableAndUnmount() throws Exception {
        mount();
        List<String> lines = run("mounts");
        assertEquals("NAME  LOCATION" + " ".repeat(Math.max(2, data.toUri().toString().length() - 8 + 1)).substring(0, 0), lines.get(0).substring(0, 14));
        assertTrue(lines.get(1).startsWith("src   file:"), lines.toString());
        assertTrue(lines.get(1).endsWith("*"));
        JsonNode json = new ObjectMapper().readTree(text("mounts --json"));
        assertEquals("src", json.get("mounts").get(0).get("name").asText());
        assertTrue(json.get("mounts").get(0).get("current").asBoolean());
        assertEquals(2, failing("mount src " + data.toUri()));
        assertTrue(text("unmount src").startsWith("unmounted src"));
        assertEquals(2, failing("unmount src"));
    }

    @Test
    void lsCdPwdAndFreshListings() throws Exception {
        mount();
        assertEquals(List.of("README", "node0/"), run("ls"));
        client.sendCommand("cd node0");
        assertEquals("src:/node0", text("pwd"));
        assertEquals(List.of("catalog", "snapshots/", "wal/"), run("ls"));
        assertEquals(List.of("00000000001.wal"), run("ls wal"));
        Files.writeString(data.resolve("node0/wal/00000000002.wal"), "y");
        assertEquals(List.of("00000000001.wal", "00000000002.wal"), run("ls wal"), "no listing cache between commands");
        List<String> longList = run("ls -l --human wal");
        assertEquals("SIZE     MODIFIED", longList.get(0).substring(0, 17));
        assertTrue(longList.get(1).startsWith("2.0 KiB"), longList.toString());
        assertEquals(2, failing("ls nope"));
        assertEquals(2, failing("ls --bogus"));
    }

    @Test
    void lsJsonIsOneDocument() throws Exception {
        mount();
        JsonNode doc = new ObjectMapper().readTree(text("ls --json src:/node0/wal"));
        assertEquals("src:/node0/wal", doc.get("location").asText());
        assertEquals(2048, doc.get("entries").get(0).get("size").asLong());
        assertEquals("object", doc.get("entries").get(0).get("kind").asText());
    }

    @Test
    void statTreeAndDu() throws Exception {
        mount();
        String stat = text("stat src:/node0/wal/00000000001.wal");
        assertTrue(stat.contains("kind:     object") && stat.contains("size:     2048 (2.0 KiB)"), stat);
        assertEquals("folder", new ObjectMapper().readTree(text("stat --json node0")).get("kind").asText());
        assertEquals(List.of(
                "src:/",
                "|-- node0/  (3 objects, 2087)",
                "|   |-- snapshots/  (1 objects, 32)",
                "|   |   `-- 00000000000000000001.info.json  32",
                "|   |-- wal/  (1 objects, 2048)",
                "|   |   `-- 00000000001.wal  2048",
                "|   `-- catalog  7",
                "`-- README  6",
                "3 folders, 4 objects, 2093"), run("tree"));
        assertEquals(List.of(
                "src:/",
                "|-- node0/  (3 objects, 2087)",
                "|   `-- ... 3 objects deeper",
                "`-- README  6",
                "1 folders, 4 objects, 2093"), run("tree --depth 1"));
        List<String> du = run("du");
        assertEquals("SIZE  OBJECTS  PATH", du.get(0));
        assertTrue(du.get(1).matches("6\\s+1\\s+\\."), du.toString());
        assertTrue(du.get(2).matches("2087\\s+3\\s+node0/"), du.toString());
        assertTrue(du.get(3).matches("2093\\s+4\\s+total src:/"), du.toString());
        JsonNode duJson = new ObjectMapper().readTree(text("du --json"));
        assertEquals(2093, duJson.get("bytes").asLong());
        assertEquals(4, duJson.get("objects").asLong());
    }

    @Test
    void catPrettyPrintsJsonAndRefusesBinary() throws Exception {
        mount();
        List<String> json = run("cat src:/node0/snapshots/00000000000000000001.info.json");
        assertEquals("{", json.get(0));
        assertEquals("  \"sequence\" : 1,", json.get(1));
        assertEquals("hello", text("cat README"));
        assertEquals(2, failing("cat node0/catalog"));
        String hex = text("cat --hex node0/catalog");
        assertTrue(hex.startsWith("00000000  00 01 02 ff 49 44 42"), hex);
        assertTrue(hex.endsWith("|....IDB|"), hex);
        assertEquals(2, failing("cat node0"));
    }

    @Test
    void urisWorkWithoutMounting() throws Exception {
        assertEquals(List.of("README", "node0/"), run("ls " + data.toUri()));
        assertEquals(2, failing("ls"), "nothing mounted");
    }

    @Test
    void profilesSaveShowUseListDelete() throws Exception {
        String saved = text("profile save prod --location " + data.toUri() + " --node-id node0 --option region=eu --option endpoint=http://x:9000 --env secretKey=SECRET_KEY_VAR");
        Path file = tmp.resolve("profiles/prod.yaml");
        assertEquals("saved profile prod to " + file, saved);
        assertEquals(4, failing("profile save prod --location " + data.toUri()));
        String show = text("profile show prod");
        assertTrue(show.contains("option:       endpoint=http://x:9000") && show.contains("option:       region=eu"), show);
        assertTrue(show.contains("credentials:  env: secretKey from $SECRET_KEY_VAR"), show);
        assertFalse(show.contains("s3cr3t"));
        assertTrue(text("profile list").contains("prod"));
        assertTrue(text("profile use prod").startsWith("mounted prod:/"));
        assertEquals("prod:/", text("pwd"));
        assertEquals(List.of("README", "node0/"), run("ls @prod"));
        assertEquals(4, failing("profile delete prod"), "batch needs --yes");
        assertTrue(Files.exists(file));
        assertTrue(text("profile delete prod --yes").startsWith("deleted profile prod"));
        assertFalse(Files.exists(file));
        assertEquals(4, failing("profile save bad --location file:///x --option secretKey=abc"));
    }

    @Test
    void completionProvidersAreWiredToTheCommands() throws Exception {
        mount();
        CommandRegistry registry = context.getBean(CommandRegistry.class);
        Command ls = registry.getCommandByName("ls");
        List<String> paths = ls.getCompletionProvider()
                .apply(new CompletionContext(List.of("ls", "src:/no"), 1, 7, ls, null))
                .stream().map(CompletionProposal::value).toList();
        assertEquals(List.of("src:/node0/"), paths);
        Command unmount = registry.getCommandByName("unmount");
        assertEquals(List.of("src"), unmount.getCompletionProvider()
                .apply(new CompletionContext(List.of("unmount", "s"), 1, 1, unmount, null))
                .stream().map(CompletionProposal::value).toList());
        Files.createDirectories(tmp.resolve("profiles"));
        Files.writeString(tmp.resolve("profiles/qa.yaml"), "location: file:///x\n");
        Command use = registry.getCommandByName("profile use");
        assertEquals(List.of("qa"), use.getCompletionProvider()
                .apply(new CompletionContext(List.of("profile", "use", "q"), 2, 1, use, null))
                .stream().map(CompletionProposal::value).toList());
        // after a flag, the next word is still a location
        var json = ls.getOptions().stream().filter(o -> "json".equals(o.longName())).findFirst().orElseThrow();
        assertEquals(List.of("src:/node0/"), ls.getCompletionProvider()
                .apply(new CompletionContext(List.of("ls", "--json", "src:/node"), 2, 9, ls, json))
                .stream().map(CompletionProposal::value).toList());
    }

    @Test
    void builtInScriptIsOurs() throws Exception {
        mount();
        Path script = Files.writeString(tmp.resolve("s.ib3"), "# list\ncd node0\nls wal\n");
        assertEquals(List.of("00000000001.wal"), run("script " + script));
        assertEquals(1, context.getBean(CommandRegistry.class).getCommands().stream().filter(c -> c.getName().equals("script")).count());
    }
}
