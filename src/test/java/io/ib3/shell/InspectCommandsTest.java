package io.ib3.shell;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ib3.App;
import io.ib3.layout.CatalogGeneration;
import io.ib3.sample.SampleTree;
import io.ib3.sample.SampleTrees;
import io.ib3.host.Host;
import io.ib3.store.NioStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.shell.core.command.CommandRegistry;
import org.springframework.shell.test.ShellTestClient;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** inspect and du --by through Spring Shell's test client, on trees the sample builder writes. */
class InspectCommandsTest {

    @TempDir
    Path tmp;

    private AnnotationConfigApplicationContext context;
    private ShellTestClient client;
    private SampleTree core;
    private Path data;

    @BeforeEach
    void setUp() {
        data = tmp.resolve("data");
        core = SampleTrees.core("node0").catalog(CatalogGeneration.V2).snapshots(4).staging(true)
                .database("sensors", "cpu", "mem").writeTo(NioStore.local(data), "");
        context = App.context(new Host(Map.of(), tmp, tmp.resolve("home")));
        client = new ShellTestClient(context.getBean(Ib3CommandParser.class), context.getBean(CommandRegistry.class));
    }

    @AfterEach
    void tearDown() {
        context.close();
    }

    private String text(String line) throws Exception {
        return String.join("\n", client.sendCommand(line).lines());
    }

    @Test
    void inspectJsonHasTheContractFields() throws Exception {
        JsonNode doc = new ObjectMapper().readTree(text("inspect " + data.toUri() + " --json"));
        assertEquals("core", doc.path("kind").asText());
        assertEquals("v2", doc.path("catalog").path("generation").asText());
        assertEquals(core.catalogSequence(), doc.path("catalog").path("sequence").asLong());
        JsonNode node = doc.path("nodes").get(0);
        assertEquals("node0", node.path("id").asText());
        SampleTree.Node expected = core.node("node0");
        assertEquals(expected.newestSnapshot(), node.path("latestSnapshot").path("sequence").asLong());
        assertEquals(expected.walSequence(), node.path("latestSnapshot").path("walSequence").asLong());
        assertEquals(expected.walCount(), node.path("wal").path("count").asLong());
        assertEquals(expected.walFirst(), node.path("wal").path("first").asLong());
        assertEquals(expected.walLast(), node.path("wal").path("last").asLong());
        assertEquals(expected.parquetFiles(), node.path("parquet").path("files").asLong());
        assertEquals(expected.parquetBytes(), node.path("parquet").path("bytes").asLong());
    }

    @Test
    void inspectForPeopleNamesDatabasesFromTheCatalog() throws Exception {
        client.sendCommand("mount src " + data.toUri());
        String out = text("inspect src:/");
        assertTrue(out.contains("kind") && out.contains("core"), out);
        assertTrue(out.contains("sensors"), out);
        assertTrue(out.contains("cpu") && out.contains("mem"), out);
        assertTrue(out.contains("'#'"), "staging files are reported: " + out);
    }

    @Test
    void duGroupsByKindAndTable() throws Exception {
        client.sendCommand("mount src " + data.toUri());
        String byKind = text("du src:/ --by kind");
        assertTrue(byKind.lines().anyMatch(l -> l.startsWith("parquet ") && l.contains(" " + core.node("node0").parquetFiles() + " ")), byKind);
        assertTrue(byKind.lines().anyMatch(l -> l.startsWith("staging ")), byKind);
        String byTable = text("du src:/ --by table");
        assertTrue(byTable.contains("sensors") && byTable.contains("mem"), byTable);
        JsonNode json = new ObjectMapper().readTree(text("du src:/ --by db --json"));
        List<String> dbs = json.path("rows").findValuesAsText("database");
        assertTrue(dbs.stream().anyMatch(d -> d.startsWith("sensors")), json.toString());
        int code = ErrorReporter.exitCode(assertThrows(Exception.class, () -> client.sendCommand("du src:/ --by colour")));
        assertEquals(2, code);
    }

    @Test
    void demoLocationWritesASampleCoreNodeOnce() throws Exception {
        JsonNode first = new ObjectMapper().readTree(text("inspect demo:core --json"));
        assertEquals("core", first.path("kind").asText());
        assertEquals("node0", first.path("nodes").get(0).path("id").asText());
        JsonNode again = new ObjectMapper().readTree(text("inspect demo:core --json"));
        assertEquals(first.path("location").asText(), again.path("location").asText(), "the same folder is reused");
        assertEquals(first.path("files").asLong(), again.path("files").asLong());
        int code = ErrorReporter.exitCode(assertThrows(Exception.class, () -> client.sendCommand("inspect demo:nothing")));
        assertEquals(2, code);
    }
}
