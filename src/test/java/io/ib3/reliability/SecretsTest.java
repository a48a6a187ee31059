package io.ib3.reliability;

import io.ib3.App;
import io.ib3.sample.SampleTrees;
import io.ib3.host.Host;
import io.ib3.shell.InteractiveConsole;
import io.ib3.shell.SecretFreeHistory;
import io.ib3.store.NioStore;
import io.ib3.store.s3.S3ServerExtension;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A planted secret (the S3 secret key, referenced by a profile through an environment variable)
 * never shows: not on stdout or stderr of any command (text, --json, errors, --debug), not in the
 * manifest or journal a backup writes, not in restored files, not in the console's history file.
 */
class SecretsTest {

    @RegisterExtension
    static final S3ServerExtension S3 = S3ServerExtension.s3proxy();

    @TempDir
    Path tmp;

    private final StringBuilder seen = new StringBuilder();

    private int run(Host host, String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = App.run(args, host, new PrintStream(o), new PrintStream(e), false);
        seen.append(o.toString(StandardCharsets.UTF_8)).append(e.toString(StandardCharsets.UTF_8));
        return code;
    }

    @Test
    void aPlantedSecretAppearsNowhere() throws IOException {
        String secret = S3.secretKey();
        String bucket = S3.newBucket();
        Path data = tmp.resolve("data");
        SampleTrees.core("node0").writeTo(NioStore.local(data), "");
        Path profiles = Files.createDirectories(tmp.resolve("profiles"));
        String profile = String.join("\n", "location: s3://" + bucket, "options:", "  endpoint: " + S3.endpoint(),
                "  region: us-east-1", "  stripHeaders: x-amz-mp-object-size", "credentials:",
                "  env: {accessKey: " + S3ServerExtension.ACCESS_ENV + ", secretKey: PLANTED_SECRET}", "");
        Files.writeString(profiles.resolve("s3.yaml"), profile);
        Files.writeString(profiles.resolve("bad.yaml"), profile.replace("PLANTED_SECRET", "WRONG"));
        Host host = new Host(Map.of(S3ServerExtension.ACCESS_ENV, S3.env().apply(S3ServerExtension.ACCESS_ENV),
                "PLANTED_SECRET", secret, "WRONG", secret + "-wrong"), tmp, tmp.resolve("home"));

        assertEquals(0, run(host, "profile", "show", "s3"));
        assertEquals(0, run(host, "profile", "show", "s3", "--json"));
        assertEquals(0, run(host, "backup", "--from", data.toString(), "--to", "@s3", "--name", "b1"));
        Path script = tmp.resolve("s.ib3");
        Files.writeString(script, String.join("\n", "mount t @s3", "verify t:/b1 --deep", "verify t:/b1 --json",
                "backups list t: --json", "restore --from t:/b1 --to " + tmp.resolve("rt").toUri() + " --yes", "ls t:/b1", ""));
        assertEquals(0, run(host, "--script", script.toString()), seen.toString());
        assertTrue(run(host, "inspect", "@bad") != 0);
        assertTrue(run(host, "--debug", "inspect", "@bad") != 0);
        assertTrue(seen.toString().contains("PLANTED_SECRET"), "the reference is shown");
        assertFalse(seen.toString().contains(secret), "never the secret");

        // everything the backup wrote on S3: manifest, journal, objects
        List<String> keys = new ArrayList<>();
        S3.client().listObjectsV2Paginator(r -> r.bucket(bucket)).contents().forEach(o -> keys.add(o.key()));
        assertTrue(keys.contains("b1/ib3-manifest.json"), keys.toString());
        for (String key : keys) {
            String text = S3.client().getObjectAsBytes(r -> r.bucket(bucket).key(key)).asString(StandardCharsets.ISO_8859_1);
            assertFalse(text.contains(secret), key);
        }
        try (Stream<Path> files = Files.walk(tmp)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                assertFalse(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains(secret), f.toString());
            }
        }
        Report.line("SecretsTest", "11 commands (text, --json, --deep, errors, --debug) and " + keys.size()
                + " objects on S3 plus every local file: the planted secret appears nowhere");
    }

    @Test
    void theHistoryFileNeverKeepsATypedSecret() throws IOException {
        Host host = new Host(Map.of(), tmp, tmp.resolve("home"));
        Path file = InteractiveConsole.historyFile(host);
        Files.createDirectories(file.getParent());
        try (Terminal t = TerminalBuilder.builder().dumb(true).streams(new ByteArrayInputStream(new byte[0]),
                new ByteArrayOutputStream()).build()) {
            LineReader reader = LineReaderBuilder.builder().terminal(t).variable(LineReader.HISTORY_FILE, file)
                    .history(new SecretFreeHistory()).build();
            List<String> typed = List.of("ls demo:/node0", "mount s s3://AKIA:planted-secret-1@host/bucket",
                    "profile save p --location s3://b --option secretKey=planted-secret-2", "backup --from demo: --to /tmp/b",
                    "AWS_SECRET_ACCESS_KEY=planted-secret-3", "mount a azblob://acct/c --sas-token planted-secret-4");
            reader.getHistory().attach(reader); // what readLine does first in the console
            typed.forEach(reader.getHistory()::add);
            reader.getHistory().save();
        }
        String history = Files.readString(file);
        assertTrue(history.contains("ls demo:/node0") && history.contains("backup --from demo: --to /tmp/b"), history);
        for (int i = 1; i <= 4; i++) {
            assertFalse(history.contains("planted-secret-" + i), history);
        }
    }

    @Test
    void aProfileOthersCanReadWarnsWhenItReferencesSecrets() throws IOException {
        Path profiles = Files.createDirectories(tmp.resolve("profiles"));
        Path file = profiles.resolve("p.yaml");
        Files.writeString(file, "location: s3://b\ncredentials:\n  env: {accessKey: A, secretKey: B}\n");
        Host host = new Host(Map.of(), tmp, tmp.resolve("home"));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertEquals(0, run(host, "profile", "show", "p"));
        assertTrue(seen.toString().contains("warning: profile " + file + " holds credential references and is readable"),
                seen.toString());
        seen.setLength(0);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertEquals(0, run(host, "profile", "show", "p"));
        assertFalse(seen.toString().contains("warning:"), seen.toString());
    }
}
