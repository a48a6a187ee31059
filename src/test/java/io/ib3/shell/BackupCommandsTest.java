package io.ib3.shell;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ib3.App;
import io.ib3.manifest.Journal;
import io.ib3.manifest.ManifestCodec;
import io.ib3.sample.SampleTree;
import io.ib3.sample.SampleTrees;
import io.ib3.host.Host;
import io.ib3.store.NioStore;
import io.ib3.store.StoreFactory;
import io.ib3.testing.Backends;
import io.ib3.testing.HookedStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.shell.core.command.CommandRegistry;
import org.springframework.shell.test.ShellTestClient;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static io.ib3.testing.TreeAssert.assertSameTree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * backup, verify, restore, plan and backups list through the console's entry point (exit codes,
 * stdout, stderr) and command files, on a sample Core node on disk.
 */
class BackupCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private Path data;
    private Path dst;
    private SampleTree tree;
    private String out;
    private String err;

    @BeforeEach
    void setUp() {
        data = tmp.resolve("data");
        dst = tmp.resolve("backups");
        tree = SampleTrees.core("node0").staging(true).derived(true).writeTo(NioStore.local(data), "");
    }

    private int run(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = App.run(args, new Host(Map.of("DATA", data.toString(), "DST", dst.toString()), tmp, tmp.resolve("home")),
                new PrintStream(o), new PrintStream(e), false);
        out = o.toString(StandardCharsets.UTF_8);
        err = e.toString(StandardCharsets.UTF_8);
        return code;
    }

    private int backup(String name) {
        return run("backup", "--from", data.toString(), "--to", dst.toString(), "--name", name);
    }

    private Map<String, byte[]> tree(Path dir) {
        return Files.exists(dir) ? Backends.contents(NioStore.local(dir), "") : Map.of();
    }

    private static void flipByte(Path file) throws IOException {
        byte[] b = Files.readAllBytes(file);
        b[b.length / 2] ^= 0x40;
        Files.write(file, b);
    }

    private String someKey(String suffix) {
        return tree.keys().stream().filter(k -> k.endsWith(suffix) && !tree.stagingKeys().contains(k)).findFirst().orElseThrow();
    }

    // ------------------------------------------------------------------ round trip

    @Test
    void backupVerifyRestoreThroughTheEntryPoint() {
        assertEquals(0, backup("b1"), err);
        assertTrue(out.startsWith("backup complete: " + dst.resolve("b1").toUri().toString().replaceAll("/$", "")), out);
        assertEquals(0, run("verify", dst.resolve("b1").toString()), err);
        assertTrue(out.contains("OK"), out);
        assertEquals(0, run("verify", dst.resolve("b1").toString(), "--deep", "--json"), err);
        JsonNode v = readJson(out);
        assertTrue(v.path("ok").asBoolean(), out);
        assertEquals(tree.node("node0").newestSnapshot(), v.path("recoveryPoint").get(0).path("snapshot").asLong());
        Path target = tmp.resolve("restored");
        assertEquals(0, run("restore", "--from", dst.resolve("b1").toString(), "--to", target.toString(), "--yes", "--live-check", "0"), err);
        Map<String, byte[]> expected = tree(data);
        tree.stagingKeys().forEach(expected::remove);
        tree.derivedKeys().forEach(expected::remove);
        assertSameTree(expected, tree(target));
        assertEquals(0, run("backups", "list", dst.toString(), "--json"), err);
        JsonNode list = readJson(out);
        assertEquals("b1", list.path("backups").get(0).path("name").asText(), out);
    }

    // ------------------------------------------------------------------ verify

    /**
     * A source that lacks a Parquet file its snapshots reference: the backup completes as a faithful
     * copy and exits 5, saying so; verify exits 5 and restore refuses until accepted.
     */
    @Test
    void aSourceLackingReferencedDataEndsWithExitFiveUntilAccepted() throws IOException {
        String gone = tree.keys().stream().filter(k -> k.endsWith(".parquet")).findFirst().orElseThrow();
        Files.delete(data.resolve(gone));
        assertEquals(5, backup("b1"), err);
        assertTrue(out.contains("SOURCE PROBLEM") && out.contains(gone), out);
        assertTrue(Files.exists(dst.resolve("b1").resolve(ManifestCodec.FILE)), "a faithful copy keeps its manifest");
        assertEquals(5, run("verify", dst.resolve("b1").toString(), "--json"), err);
        JsonNode v = JSON.readTree(out);
        assertFalse(v.get("ok").asBoolean());
        assertEquals(0, v.get("problems").size(), "the backup is not damaged");
        assertEquals(gone, v.get("sourceProblems").get(0).get("path").asText());
        assertEquals(0, run("verify", dst.resolve("b1").toString(), "--accept-missing"), out + err);
        assertEquals(4, run("restore", "--from", dst.resolve("b1").toString(), "--to", tmp.resolve("r").toString(), "--yes",
                "--live-check", "0"));
        assertTrue(err.contains("--accept-missing"), err);
        assertEquals(0, run("restore", "--from", dst.resolve("b1").toString(), "--to", tmp.resolve("r").toString(), "--yes",
                "--live-check", "0", "--accept-missing"), out + err);

        assertEquals(0, run("backup", "--from", data.toString(), "--to", dst.toString(), "--name", "b2", "--accept-missing", "--json"), err);
        JsonNode b = JSON.readTree(out);
        assertTrue(b.get("ok").asBoolean());
        assertEquals(gone, b.get("sourceMissing").get(0).get("key").asText());
        assertEquals(0, run("backups", "list", dst.toString(), "--json"), err);
        JsonNode list = JSON.readTree(out).get("backups");
        assertEquals(1, list.get(0).get("sourceMissing").asInt());
        assertFalse(list.get(0).get("sourceMissingAccepted").asBoolean());
        assertTrue(list.get(1).get("sourceMissingAccepted").asBoolean());
    }

    /** A nightly chain through the entry point: full, incremental, prune preview and prune, delete. */
    @Test
    void incrementalBackupsPruneAndDeleteThroughTheEntryPoint() throws IOException {
        assertEquals(0, backup("b1"), err);
        long next = tree.node("node0").walLast() + 1;
        Files.write(data.resolve("node0").resolve(io.ib3.layout.Seqs.walPath(next)),
                io.ib3.layout.WalHeader.frame("tonight".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(0, run("backup", "--from", data.toString(), "--to", dst.toString(), "--name", "b2", "--incremental", "--json"), err);
        JsonNode b2 = JSON.readTree(out);
        assertEquals("incremental", b2.get("type").asText());
        assertEquals("b1", b2.get("parent").asText());
        assertTrue(b2.get("reused").asLong() > 10 * b2.get("copied").asLong(), out);
        assertEquals(0, run("backups", "list", dst.toString(), "--json"), err);
        JsonNode listed = JSON.readTree(out).get("backups").get(1);
        assertEquals("b1", listed.get("parent").asText());
        assertTrue(listed.get("ownBytes").asLong() < listed.get("bytes").asLong());
        assertEquals(0, run("verify", dst.resolve("b2").toString(), "--deep"), out + err);

        assertEquals(0, run("backups", "prune", dst.toString(), "--keep-last", "1"), err);
        assertTrue(out.contains("PREVIEW, nothing deleted") && out.contains("would remove 1 backup(s)"), out);
        assertTrue(Files.exists(dst.resolve("b1").resolve(ManifestCodec.FILE)), "the preview deleted nothing");
        assertEquals(0, run("backups", "prune", dst.toString(), "--keep-last", "1", "--yes", "--json"), err);
        JsonNode pruned = JSON.readTree(out);
        assertTrue(pruned.get("applied").asBoolean());
        assertEquals(1, pruned.get("removed").asInt());
        assertEquals(0, run("backups", "list", dst.toString(), "--json"), err);
        assertEquals("retired", JSON.readTree(out).get("backups").get(0).get("state").asText());
        Path target = tmp.resolve("restored");
        assertEquals(0, run("restore", "--from", dst.resolve("b2").toString(), "--to", target.toString(), "--yes", "--live-check", "0"),
                out + err);
        Map<String, byte[]> expected = tree(data);
        expected.keySet().removeIf(k -> tree.stagingKeys().contains(k) || tree.derivedKeys().contains(k));
        assertSameTree(expected, tree(target));

        assertEquals(0, run("backups", "delete", dst.resolve("b2").toString()), err);
        assertTrue(out.contains("PREVIEW") && Files.exists(dst.resolve("b2").resolve(ManifestCodec.FILE)), out);
        assertEquals(0, run("backups", "delete", dst.resolve("b2").toString(), "--yes"), err);
        assertFalse(Files.exists(dst.resolve("b2")), "gone");
        assertFalse(Files.exists(dst.resolve("b1")), "and what was kept for it, with it");
        assertEquals(2, run("backups", "prune", dst.toString()));
        assertTrue(err.contains("keeps nothing"), err);
    }

    @Test
    void verifyFindsAFlippedByteOnlyWhenDeepAndNamesTheObject() throws IOException {
        assertEquals(0, backup("b1"));
        String key = someKey(".parquet");
        flipByte(dst.resolve("b1").resolve(key));
        assertEquals(0, run("verify", dst.resolve("b1").toString()), "same size: a plain verify cannot see it");
        assertEquals(3, run("verify", dst.resolve("b1").toString(), "--deep", "--json"));
        assertProblemAt(key, readJson(out));
        assertEquals(3, run("verify", dst.resolve("b1").toString(), "--deep"));
        assertTrue(out.contains(key), out);
        assertTrue(err.contains("failed: " + key + ": CRC32C is "), "the progress line names the object: " + err);
        assertFalse(err.contains("\tat "), err);
    }

    @Test
    void verifyFindsAMissingFileAndAWrongSize() throws IOException {
        assertEquals(0, backup("b1"));
        String gone = someKey(".wal");
        String grown = someKey(".parquet");
        Files.delete(dst.resolve("b1").resolve(gone));
        Files.write(dst.resolve("b1").resolve(grown), new byte[] {1}, java.nio.file.StandardOpenOption.APPEND);
        assertEquals(3, run("verify", dst.resolve("b1").toString(), "--json"));
        JsonNode v = readJson(out);
        assertFalse(v.path("ok").asBoolean());
        assertProblemAt(gone, v);
        assertProblemAt(grown, v);
        assertEquals(3, run("verify", dst.resolve("b1").toString()));
        assertTrue(out.contains(gone) && out.contains(grown), out);
    }

    private static void assertProblemAt(String key, JsonNode verify) {
        for (JsonNode p : verify.path("problems")) {
            if (p.path("path").asText().equals(key)) {
                return;
            }
        }
        throw new AssertionError("no problem at " + key + " in " + verify.path("problems"));
    }

    private static JsonNode readJson(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not one JSON document on stdout: " + text, e);
        }
    }

    // ------------------------------------------------------------------ restore refusals

    @Test
    void restoreRefusesANonEmptyTargetAndForceQuarantines() throws IOException {
        assertEquals(0, backup("b1"));
        Path target = tmp.resolve("target");
        SampleTrees.core("old").snapshots(1).seed(5).writeTo(NioStore.local(target), "");
        Map<String, byte[]> before = tree(target);
        assertEquals(4, run("restore", "--from", dst.resolve("b1").toString(), "--to", target.toString(), "--yes", "--live-check", "0"));
        assertTrue(err.contains("error: target ") && err.contains("is not empty"), err);
        assertTrue(err.contains("hint: "), err);
        assertSameTree(before, tree(target));
        try (Stream<Path> all = Files.list(target)) {
            assertEquals(List.of("old"), all.map(p -> p.getFileName().toString()).toList(), "nothing added either");
        }

        assertEquals(0, run("restore", "--from", dst.resolve("b1").toString(), "--to", target.toString(), "--yes", "--live-check", "0",
                "--force"), err);
        String quarantine;
        try (Stream<Path> all = Files.list(target)) {
            quarantine = all.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("ib3-quarantine-")).findFirst().orElseThrow();
        }
        assertTrue(out.contains(quarantine), out);
        assertSameTree(before, tree(target.resolve(quarantine)));
        assertEquals(0, run("verify", dst.resolve("b1").toString()));
    }

    @Test
    void restoreRefusesAnIncompleteOrDamagedBackup() throws IOException {
        assertEquals(0, backup("b1"));
        Path target = tmp.resolve("target");
        flipByte(dst.resolve("b1").resolve(someKey(".parquet")));
        assertEquals(4, run("restore", "--from", dst.resolve("b1").toString(), "--to", target.toString(), "--yes", "--live-check", "0", "--deep"));
        assertTrue(err.contains("fails verification"), err);
        Files.delete(dst.resolve("b1").resolve(ManifestCodec.FILE));
        assertEquals(4, run("restore", "--from", dst.resolve("b1").toString(), "--to", target.toString(), "--yes", "--live-check", "0"));
        assertTrue(err.contains("incomplete"), err);
        assertEquals(Map.of(), tree(target));
    }

    // ------------------------------------------------------------------ nesting

    @Test
    void nestedOrEqualLocationsAreRefused() throws IOException {
        assertEquals(4, run("backup", "--from", data.toString(), "--to", data.resolve("backups").toString(), "--name", "b1"));
        assertTrue(err.contains("inside the source"), err);
        assertEquals(4, run("backup", "--from", data.toString(), "--to", tmp.toString(), "--name", "data"));
        assertTrue(err.contains("same location"), err);
        Path inner = dst.resolve("b1").resolve("data");
        SampleTrees.core("node0").writeTo(NioStore.local(inner), "");
        assertEquals(4, run("backup", "--from", inner.toString(), "--to", dst.toString(), "--name", "b1"));
        assertTrue(err.contains("inside the target"), err);
        assertFalse(Files.exists(data.resolve("backups")), "nothing written into the source");
        assertFalse(Files.exists(dst.resolve("b1").resolve(ManifestCodec.FILE)));

        assertEquals(0, backup("b2"), err);
        assertEquals(4, run("restore", "--from", dst.resolve("b2").toString(), "--to", dst.toString(), "--yes", "--live-check", "0", "--force"));
        assertTrue(err.contains("inside the target"), err);
        assertEquals(4, run("restore", "--from", dst.resolve("b2").toString(), "--to", dst.resolve("b2/x").toString(), "--yes", "--live-check", "0"));
        assertTrue(err.contains("inside the source"), err);
        assertEquals(4, run("restore", "--from", dst.resolve("b2").toString(), "--to", dst.resolve("b2").toString(), "--yes", "--live-check", "0", "--force"));
        assertTrue(err.contains("same location"), err);
        assertEquals(0, run("verify", dst.resolve("b2").toString(), "--deep"), "the backup is untouched");
    }

    // ------------------------------------------------------------------ saved plans

    @Test
    void savedPlanRunsExactly() throws IOException {
        Path planFile = tmp.resolve("plan.json");
        assertEquals(0, run("plan", "backup", "--from", data.toString(), "--to", dst.toString(), "--name", "b1", "--save", planFile.toString()), err);
        assertFalse(Files.exists(dst.resolve("b1")), "planning writes nothing");
        JsonNode plan = readJson(Files.readString(planFile));
        Set<String> planned = new HashSet<>();
        for (JsonNode s : plan.path("steps")) {
            s.path("items").forEach(i -> planned.add(i.path("target").asText()));
        }
        assertEquals(0, run("backup", "--plan", planFile.toString()), err);
        Set<String> written = new HashSet<>(tree(dst.resolve("b1")).keySet());
        assertEquals(planned, written);
        assertEquals(0, run("verify", dst.resolve("b1").toString(), "--deep"), out);
    }

    @Test
    void savedPlanWhoseSourceLostAPlannedFileIsRefusedAndWritesNothing() throws IOException {
        Path planFile = tmp.resolve("plan.json");
        assertEquals(0, run("plan", "backup", "--from", data.toString(), "--to", dst.toString(), "--name", "b1", "--save", planFile.toString()));
        String wal = someKey(".wal");
        Files.delete(data.resolve(wal));
        assertEquals(4, run("backup", "--plan", planFile.toString()));
        assertTrue(err.contains(wal) && err.contains("gone"), err);
        assertEquals(Map.of(), tree(dst.resolve("b1")));

        SampleTrees.core("node0").writeTo(NioStore.local(tmp.resolve("again")), "");
        String parquet = someKey(".parquet");
        Files.copy(tmp.resolve("again").resolve(wal), data.resolve(wal));
        Files.delete(data.resolve(parquet));
        assertEquals(4, run("backup", "--plan", planFile.toString()));
        assertTrue(err.contains(parquet), err);
        assertEquals(Map.of(), tree(dst.resolve("b1")));
    }

    @Test
    void hostilePlanFilesAreRefused() throws IOException {
        Path planFile = tmp.resolve("plan.json");
        assertEquals(0, run("plan", "backup", "--from", data.toString(), "--to", dst.toString(), "--name", "b1", "--save", planFile.toString()));
        ObjectNode plan = (ObjectNode) readJson(Files.readString(planFile));
        for (String bad : new String[] {"../../escaped", "/etc/ib3-test", "node0/../../escaped", "node0/./wal/x"}) {
            for (String field : new String[] {"source", "target"}) {
                ObjectNode copy = plan.deepCopy();
                ((ObjectNode) ((ArrayNode) copy.path("steps").get(0).path("items")).get(0)).put(field, bad);
                Path hostile = Files.writeString(tmp.resolve("hostile.json"), JSON.writeValueAsString(copy));
                assertEquals(2, run("backup", "--plan", hostile.toString()), field + "=" + bad + ": " + err);
                assertTrue(err.contains("plan file"), err);
                assertEquals(Map.of(), tree(dst.resolve("b1")), field + "=" + bad);
                assertFalse(Files.exists(tmp.resolve("escaped")) || Files.exists(dst.resolve("escaped")));
            }
        }
        // a plan that would write over ib3's own manifest
        ObjectNode copy = plan.deepCopy();
        ((ObjectNode) ((ArrayNode) copy.path("steps").get(0).path("items")).get(0)).put("target", ManifestCodec.FILE);
        Path hostile = Files.writeString(tmp.resolve("hostile.json"), JSON.writeValueAsString(copy));
        assertEquals(2, run("backup", "--plan", hostile.toString()), err);
        assertTrue(err.contains("a name ib3 keeps for itself"), err);
        assertEquals(Map.of(), tree(dst.resolve("b1")));
        assertFalse(Files.exists(dst.resolve("b1").resolve(ManifestCodec.FILE)));
    }

    // ------------------------------------------------------------------ command files

    @Test
    void nightlyScriptEndsWithExitZero() throws IOException {
        Path script = Files.writeString(tmp.resolve("nightly.ib3"), """
                # nightly backup of the Core node
                backup --from ${DATA} --to ${DST} --name nightly-1
                verify ${DST}/nightly-1 --deep
                backups list ${DST}
                """);
        assertEquals(0, run("--script", script.toString()), err);
        assertTrue(out.contains("backup complete"), out);
        assertTrue(out.contains("nightly-1"), out);
        assertTrue(Files.exists(dst.resolve("nightly-1").resolve(ManifestCodec.FILE)));
    }

    @Test
    void failingVerifyStopsTheScriptWithExitThree() throws IOException {
        assertEquals(0, backup("b1"));
        flipByte(dst.resolve("b1").resolve(someKey(".parquet")));
        Path script = Files.writeString(tmp.resolve("nightly.ib3"), """
                verify ${DST}/b1 --deep
                backup --from ${DATA} --to ${DST} --name after-verify
                """);
        assertEquals(3, run("--script", script.toString()));
        assertTrue(err.contains("nightly.ib3:1 failed"), err);
        assertFalse(Files.exists(dst.resolve("after-verify")), "the line after the failure did not run");
    }

    // ------------------------------------------------------------------ interrupted backup, through the shell

    @Test
    void interruptedBackupIsIncompleteRefusedAndResumes() throws Exception {
        HookedStore target = new HookedStore(NioStore.local(dst)).failWrite(12);
        try (AnnotationConfigApplicationContext context = App.context(new Host(Map.of(), tmp, tmp.resolve("home")))) {
            // a scheme whose store is the decorated backup root, so the test sees every write
            context.getBean(StoreFactory.class).register("hooked", (uri, options) -> target);
            ShellTestClient client = new ShellTestClient(context.getBean(Ib3CommandParser.class), context.getBean(CommandRegistry.class));
            String backupLine = "backup --from " + data + " --to hooked:///backups --name b1 --parallel 2";

            assertEquals(1, ErrorReporter.exitCode(assertThrows(Exception.class, () -> client.sendCommand(backupLine))));
            assertFalse(Files.exists(dst.resolve("b1").resolve(ManifestCodec.FILE)));
            String listing = String.join("\n", client.sendCommand("backups list " + dst).lines());
            assertTrue(listing.contains("b1") && listing.contains("incomplete"), listing);
            assertEquals(3, ErrorReporter.exitCode(assertThrows(Exception.class,
                    () -> client.sendCommand("verify " + dst.resolve("b1")))));
            assertEquals(4, ErrorReporter.exitCode(assertThrows(Exception.class,
                    () -> client.sendCommand("restore --from " + dst.resolve("b1") + " --to " + tmp.resolve("rt") + " --yes --live-check 0"))));
            assertFalse(Files.exists(tmp.resolve("rt")));

            Set<String> journaled = new HashSet<>();
            Journal.read(NioStore.local(dst.resolve("b1")), Journal.DEFAULT_PREFIX).keySet().stream()
                    .filter(k -> !k.contains("/catalog/")).forEach(k -> journaled.add("b1/" + k));
            assertFalse(journaled.isEmpty());
            target.heal().clearRecords();
            String done = String.join("\n", client.sendCommand(backupLine).lines());
            assertTrue(done.contains("backup complete"), done);
            assertEquals(List.of(), target.dataWrites().stream().filter(journaled::contains).toList());
            assertTrue(done.contains("already there " + journaled.size()) || done.matches("(?s).*already there \\d+.*"), done);
            String verified = String.join("\n", client.sendCommand("verify " + dst.resolve("b1") + " --deep").lines());
            assertTrue(verified.contains("OK"), verified);
            String listed = String.join("\n", client.sendCommand("backups list " + dst).lines());
            assertTrue(listed.contains("complete") && !listed.contains("incomplete"), listed);
        }
    }
}
