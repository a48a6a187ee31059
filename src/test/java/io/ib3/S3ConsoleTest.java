package io.ib3;

import io.ib3.store.s3.S3Stores;
import io.ib3.store.s3.S3Bucket;
import io.ib3.store.object.ObjectStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ib3.layout.CatalogGeneration;
import io.ib3.sample.SampleTree;
import io.ib3.sample.SampleTrees;
import io.ib3.host.Host;
import io.ib3.store.Entry;
import io.ib3.store.NioStore;
import io.ib3.store.Store;
import io.ib3.store.s3.S3ServerExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console in batch mode against S3Proxy: profiles with an endpoint, path-style, a stripped
 * header and credentials referenced by environment variable; a command file with ${NAME} expansion
 * that mounts, inspects, plans, backs up, verifies and restores (S3 to S3 server-side, and S3 to
 * disk); and the errors a user meets first — a missing bucket, a wrong secret — with their exit
 * codes and hints. The secret in the environment never reaches stdout or stderr.
 */
class S3ConsoleTest {

    @RegisterExtension
    static final S3ServerExtension S3 = S3ServerExtension.s3proxy();

    private static final String WRONG_SECRET = "not-the-secret-0123456789";

    private static String sourceBucket;
    private static String backupBucket;
    private static SampleTree tree;
    private static ObjectStore<S3Bucket> source;

    @TempDir
    Path tmp;

    private final Map<String, String> env = new HashMap<>();
    private String out;
    private String err;

    @BeforeAll
    static void sourceTree() {
        sourceBucket = S3.newBucket();
        backupBucket = S3.newBucket();
        source = S3Stores.open(URI.create("s3://" + sourceBucket + "/core"), S3.options(), S3.env());
        tree = SampleTrees.core("node0").catalog(CatalogGeneration.V3).staleCatalogs(true).staging(true).derived(true)
                .writeTo(source, "");
    }

    @AfterAll
    static void close() {
        source.close();
    }

    @BeforeEach
    void environment() throws IOException {
        Path profiles = Files.createDirectories(tmp.resolve("my-profiles"));
        env.put("IB3_PROFILES", profiles.toString());
        env.put(S3ServerExtension.ACCESS_ENV, S3.env().apply(S3ServerExtension.ACCESS_ENV));
        env.put(S3ServerExtension.SECRET_ENV, S3.secretKey());
        env.put("WRONG_SECRET", WRONG_SECRET);
        profile("core", "s3://" + sourceBucket + "/core", S3ServerExtension.SECRET_ENV);
        profile("backups", "s3://" + backupBucket + "/ib3", S3ServerExtension.SECRET_ENV);
        profile("restored", "s3://" + backupBucket + "/restored", S3ServerExtension.SECRET_ENV);
        profile("missing", "s3://ib3-no-such-bucket/core", S3ServerExtension.SECRET_ENV);
        profile("wrongkey", "s3://" + sourceBucket + "/core", "WRONG_SECRET");
    }

    /** A profile as a user writes one for an S3-compatible server: references, never secrets. */
    private void profile(String name, String location, String secretVariable) throws IOException {
        Files.writeString(Path.of(env.get("IB3_PROFILES")).resolve(name + ".yaml"), """
                product: core
                location: %s
                options:
                  endpoint: %s
                  region: us-east-1
                  pathStyle: auto
                  stripHeaders: x-amz-mp-object-size
                credentials:
                  env:
                    accessKey: %s
                    secretKey: %s
                backupTarget: s3://%s/by-profile
                """.formatted(location, S3.endpoint(), S3ServerExtension.ACCESS_ENV, secretVariable, backupBucket));
    }

    private int run(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = App.run(args, new Host(env, tmp, tmp.resolve("home")), new PrintStream(o), new PrintStream(e), false);
        out = o.toString(StandardCharsets.UTF_8);
        err = e.toString(StandardCharsets.UTF_8);
        assertFalse(out.contains(S3.secretKey()) || err.contains(S3.secretKey()), "the secret was printed");
        assertFalse(out.contains(WRONG_SECRET) || err.contains(WRONG_SECRET), "the wrong secret was printed");
        return code;
    }

    @Test
    void inspectJsonThroughAProfile() throws IOException {
        assertEquals(0, run("inspect", "@core", "--json"), err);
        JsonNode json = new ObjectMapper().readTree(out);
        assertEquals("core", json.path("kind").asText());
        assertEquals("v3", json.path("catalog").path("generation").asText());
        assertEquals(1, json.path("nodes").size());
        SampleTree.Node node = tree.node("node0");
        JsonNode n = json.path("nodes").get(0);
        assertEquals("node0", n.path("id").asText());
        assertEquals(node.parquetFiles(), n.path("parquet").path("files").asLong());
        assertEquals(node.walLast(), n.path("wal").path("last").asLong());
    }

    @Test
    void commandFileBacksUpVerifiesAndRestoresOnS3() throws IOException {
        Path restoredDir = Files.createDirectories(tmp.resolve("restored"));
        env.put("NAME", "nightly-1");
        env.put("RESTORE_DIR", restoredDir.toUri().toString());
        Path script = Files.writeString(tmp.resolve("s3.ib3"), """
                # S3 to S3 and back, through profiles
                mount src @core
                mount bk @backups
                mount rs @restored
                ls src:/node0
                plan backup --from src:/ --to bk:/ --name ${NAME}
                backup --from src:/ --to bk:/ --name ${NAME}
                backups list bk:/
                verify bk:/${NAME}
                verify bk:/${NAME} --deep
                restore --from bk:/${NAME} --to rs:/ --yes --live-check 0
                restore --from bk:/${NAME} --to ${RESTORE_DIR} --yes --deep
                """);
        assertEquals(0, run("--script", script.toString()), err);
        assertTrue(out.contains("mounted src:/ -> s3://" + sourceBucket + "/core"), out);
        assertTrue(out.contains("snapshots/"), "ls shows the node's folders: " + out);
        int objects = expected().size();
        assertTrue(out.contains("backup complete: s3://" + backupBucket + "/ib3/nightly-1"), out);
        assertTrue(out.contains("(copied " + objects + ", " + objects + " server-side, already there 0)"), out);
        assertTrue(out.contains("into rs:/ in "), out);
        assertTrue(out.contains("(" + objects + " copied server-side); verified by size\n"), out);
        assertTrue(out.contains("into file://" + restoredDir + " in "), out);

        try (Store restoredS3 = S3Stores.open(URI.create("s3://" + backupBucket + "/restored"), S3.options(), S3.env())) {
            assertSameTree(expected(), restoredS3);
        }
        assertSameTree(expected(), NioStore.local(restoredDir));
    }

    @Test
    void backupToS3ReportsJsonWithServerSideCopies() throws IOException {
        assertEquals(0, run("backup", "--from", "@core", "--to", "@backups", "--name", "json-1", "--json"), err);
        JsonNode json = new ObjectMapper().readTree(out);
        int objects = expected().size();
        assertEquals(objects, json.path("objects").asInt());
        assertEquals(objects, json.path("serverSide").asInt());
        assertEquals(0, json.path("clientBytes").asLong());
        // a plain s3:// URI has no profile: endpoint, region and keys come from the standard variables
        env.put("AWS_ENDPOINT_URL", S3.endpoint().toString());
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", S3.env().apply(S3ServerExtension.ACCESS_ENV));
        env.put("AWS_SECRET_ACCESS_KEY", S3.secretKey());
        assertEquals(0, run("verify", "s3://" + backupBucket + "/ib3/json-1", "--json"), err);
        assertTrue(new ObjectMapper().readTree(out).path("ok").asBoolean(), out);
    }

    @Test
    void backupTargetOfAProfileUsesTheProfilesEndpointAndCredentials() {
        assertEquals(0, run("plan", "backup", "--from", "@core", "--name", "t1"), err);
        assertTrue(out.contains("-> s3://" + backupBucket + "/by-profile/t1"), out);
        assertEquals(0, run("backup", "--from", "@core", "--name", "t1"), err);
        assertTrue(out.contains("server-side") && out.contains("every object has a CRC32C"), out);
    }

    @Test
    void missingBucketIsAUsageErrorNamingTheBucket() {
        assertEquals(2, run("inspect", "@missing"));
        List<String> lines = err.lines().toList();
        assertTrue(lines.get(0).startsWith("error: ") && lines.get(0).contains("ib3-no-such-bucket"), err);
        assertTrue(lines.size() >= 2 && lines.get(1).startsWith("hint: "), err);
        assertFalse(err.contains("\tat "), "no stack trace");
        assertEquals("", out);
    }

    @Test
    void wrongSecretFailsWithAHintAndNoSecret() {
        int code = run("ls", "@wrongkey");
        assertEquals(1, code, err);
        List<String> lines = err.lines().toList();
        // a HEAD answer has no body, so S3 cannot say "SignatureDoesNotMatch": 403 it is
        assertTrue(lines.get(0).startsWith("error: ") && lines.get(0).contains("s3://" + sourceBucket)
                && lines.get(0).contains("403"), err);
        assertTrue(lines.get(1).startsWith("hint: ") && lines.get(1).contains("environment variables "
                + S3ServerExtension.ACCESS_ENV + "/WRONG_SECRET") && lines.get(1).contains("wrong"), err);
        assertFalse(err.contains("\tat "), "no stack trace");
    }

    /** The source less what a backup leaves out by design. */
    private static Map<String, byte[]> expected() {
        Set<String> left = new HashSet<>(tree.stagingKeys());
        left.addAll(tree.derivedKeys());
        Map<String, byte[]> all = contents(source);
        all.keySet().removeAll(left);
        return all;
    }

    private static Map<String, byte[]> contents(Store store) {
        Map<String, byte[]> out = new java.util.TreeMap<>();
        List<String> keys;
        try (Stream<Entry> s = store.list("")) {
            keys = s.map(Entry::key).toList();
        }
        for (String k : keys) {
            try (InputStream in = store.open(k)) {
                out.put(k, in.readAllBytes());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return out;
    }

    private static void assertSameTree(Map<String, byte[]> expected, Store actual) {
        Map<String, byte[]> got = contents(actual);
        assertEquals(new TreeSet<>(expected.keySet()), new TreeSet<>(got.keySet()));
        expected.forEach((k, v) -> assertArrayEquals(v, got.get(k), k));
    }
}
