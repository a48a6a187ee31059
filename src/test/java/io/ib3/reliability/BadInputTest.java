package io.ib3.reliability;

import io.ib3.App;
import io.ib3.exec.BackupJob;
import io.ib3.manifest.ManifestCodec;
import io.ib3.report.ProgressListener;
import io.ib3.sample.SampleTrees;
import io.ib3.host.Host;
import io.ib3.store.NioStore;
import io.ib3.store.s3.S3ServerExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input through the console's entry point: each case ends with one {@code error:} line naming
 * what is wrong, at least one {@code hint:}, the documented exit code, and no stack trace.
 */
class BadInputTest {

    @RegisterExtension
    static final S3ServerExtension S3 = S3ServerExtension.s3proxy();

    @TempDir
    Path tmp;
    private Path data;
    private Path profiles;
    private final List<String> report = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        data = tmp.resolve("data");
        SampleTrees.core("node0").writeTo(NioStore.local(data), "");
        profiles = Files.createDirectories(tmp.resolve("profiles"));
    }

    private Host host() {
        return new Host(Map.of(S3ServerExtension.ACCESS_ENV, S3.env().apply(S3ServerExtension.ACCESS_ENV),
                S3ServerExtension.SECRET_ENV, S3.env().apply(S3ServerExtension.SECRET_ENV), "WRONG_SECRET", "not-the-secret"),
                tmp, tmp.resolve("home"));
    }

    /** Runs one command and checks the error contract; returns the error line. */
    private String expect(int code, String mentions, String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int got = App.run(args, host(), new PrintStream(o), new PrintStream(e), false);
        String err = e.toString(StandardCharsets.UTF_8);
        String what = String.join(" ", args) + " -> " + err;
        assertEquals(code, got, what);
        assertFalse(err.contains("\tat ") || err.contains("Exception"), "no stack trace, no exception names: " + what);
        List<String> tail = err.lines().dropWhile(l -> !l.startsWith("error: ")).toList();
        assertFalse(tail.isEmpty(), "an error line: " + what);
        assertTrue(tail.get(0).contains(mentions), "names " + mentions + ": " + what);
        assertTrue(tail.size() >= 2, "a hint: " + what);
        tail.subList(1, tail.size()).forEach(l -> assertTrue(l.startsWith("hint: "), "only hints after the error: " + what));
        report.add(got + " " + tail.get(0));
        return tail.get(0);
    }

    /** A command that prints its own report (verify): the exit code, the problem named on stdout, no stack trace. */
    private void expectReport(int code, String mentions, String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int got = App.run(args, host(), new PrintStream(o), new PrintStream(e), false);
        String all = o.toString(StandardCharsets.UTF_8) + e.toString(StandardCharsets.UTF_8);
        assertEquals(code, got, all);
        assertTrue(all.contains(mentions), all);
        assertFalse(all.contains("\tat ") || all.contains("Exception"), all);
        report.add(got + " report names " + mentions);
    }

    private void profile(String name, String text) throws IOException {
        Files.writeString(profiles.resolve(name + ".yaml"), text);
    }

    private String s3Profile(String bucket, String secretEnv) {
        return String.join("\n", "location: s3://" + bucket, "options:", "  endpoint: " + S3.endpoint(), "  region: us-east-1",
                "  attempts: 1",
                "credentials:", "  env: {accessKey: " + S3ServerExtension.ACCESS_ENV + ", secretKey: " + secretEnv + "}", "");
    }

    @Test
    void commandsOptionsAndLocations() throws IOException {
        expect(2, "frobnicate", "frobnicate");
        expect(2, "--frm", "backup", "--frm", data.toString(), "--to", tmp.resolve("b").toString());
        expect(2, "%zz", "inspect", "file:///x/%zz");
        expect(2, "nosuch", "inspect", "nosuch://bucket/x");
        profile("nobucket", s3Profile("no-such-bucket-here", S3ServerExtension.SECRET_ENV));
        expect(2, "no-such-bucket-here", "inspect", "@nobucket");
        String bucket = S3.newBucket();
        profile("wrongkey", s3Profile(bucket, "WRONG_SECRET"));
        String line = expect(1, "credentials", "inspect", "@wrongkey");
        assertFalse(line.contains("not-the-secret"));
        expect(4, "inside the source", "backup", "--from", data.toString(), "--to", data.resolve("backups").toString());
        expect(4, "same location", "restore", "--from", data.toString(), "--to", data.toString());
        Report.line("BadInputTest", String.join(" | ", report));
    }

    @Test
    void hostileProfiles() throws IOException {
        StringBuilder bomb = new StringBuilder("a: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\n");
        for (char c = 'b'; c <= 'k'; c++) {
            bomb.append(c).append(": &").append(c).append(" [*").append((char) (c - 1)).append(", *").append((char) (c - 1))
                    .append(", *").append((char) (c - 1)).append(", *").append((char) (c - 1)).append("]\n");
        }
        bomb.append("location: file:///x\n");
        profile("bomb", bomb.toString());
        expect(2, "bomb.yaml", "inspect", "@bomb");
        profile("huge", "location: file:///x\n# " + "x".repeat(200_000) + "\n");
        expect(2, "huge.yaml", "inspect", "@huge");
        profile("types", "location: [1, 2]\noptions: 7\n");
        expect(2, "types.yaml", "inspect", "@types");
        profile("dupes", "location: file:///x\nlocation: file:///y\n");
        expect(2, "dupes.yaml", "inspect", "@dupes");
        Report.line("BadInputTest profiles", String.join(" | ", report));
    }

    /** A manifest edited to escape the backup or lie: refused before anything is read or written. */
    @Test
    void hostileManifests() throws IOException {
        Path backups = tmp.resolve("backups");
        BackupJob.run(NioStore.local(data), "", NioStore.local(backups), new BackupJob.Options("b1", false, 2, 3), ProgressListener.NONE);
        Path manifest = backups.resolve("b1").resolve(ManifestCodec.FILE);
        String good = Files.readString(manifest);
        String firstKey = good.replaceAll("(?s).*?\"key\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        Map<String, String> hostile = Map.of(
                "dotdot", good.replace("\"" + firstKey + "\"", "\"../../etc/" + firstKey + "\""),
                "absolute", good.replace("\"" + firstKey + "\"", "\"/etc/passwd\""),
                "control", good.replace("\"" + firstKey + "\"", "\"node0/a\\u0007b\""),
                "size", good.replaceFirst("\"size\"\\s*:\\s*\\d+", "\"size\" : 99999999999999999999999"),
                "negative", good.replaceFirst("\"size\"\\s*:\\s*\\d+", "\"size\" : -5"),
                "truncated", good.substring(0, good.length() / 2));
        for (Map.Entry<String, String> h : hostile.entrySet()) {
            assertFalse(h.getValue().equals(good), h.getKey());
            Files.writeString(manifest, h.getValue());
            Path target = tmp.resolve("rt-" + h.getKey());
            String line = expect(3, "ib3-manifest.json", "verify", backups.resolve("b1").toString());
            assertFalse(line.contains("\u0007"), "control characters are not echoed");
            expect(3, "ib3-manifest.json", "restore", "--from", backups.resolve("b1").toString(), "--to", target.toString());
            assertFalse(Files.exists(target) && Files.list(target).findAny().isPresent(), h.getKey() + ": nothing written");
            assertFalse(Files.exists(tmp.resolve("etc")), "nothing written outside");
        }
        Report.line("BadInputTest manifests", hostile.size() + " hostile manifests: " + String.join(" | ", report));
    }

    /** Snapshot files that are cut short or lie about sizes are named by backup and by verify. */
    @Test
    void truncatedOrLyingSnapshots() throws IOException {
        Path snapshot;
        try (Stream<Path> s = Files.walk(data.resolve("node0/snapshots"))) {
            snapshot = s.filter(Files::isRegularFile).sorted().reduce((a, b) -> b).orElseThrow();
        }
        String json = Files.readString(snapshot);
        Files.writeString(snapshot, json.substring(0, json.length() / 2));
        expect(1, snapshot.getFileName().toString(), "backup", "--from", data.toString(), "--to", tmp.resolve("b").toString(),
                "--name", "t1");
        // the same cut-short file in a backup: verify names it
        Path copy = tmp.resolve("copy");
        SampleTrees.core("node0").writeTo(NioStore.local(copy), "");
        Files.writeString(copy.resolve(data.relativize(snapshot)), json.substring(0, json.length() / 2));
        expectReport(3, snapshot.getFileName().toString(), "verify", copy.toString());

        // sizes that do not match the Parquet files: the copy is inconsistent, no manifest
        Files.writeString(snapshot, json.replaceAll("\"size_bytes\"\\s*:\\s*(\\d+)", "\"size_bytes\": 1$1"));
        expect(1, "not consistent", "backup", "--from", data.toString(), "--to", tmp.resolve("b").toString(), "--name", "t2");
        assertFalse(Files.exists(tmp.resolve("b/t2").resolve(ManifestCodec.FILE)));
        Report.line("BadInputTest snapshots", String.join(" | ", report));
    }
}
