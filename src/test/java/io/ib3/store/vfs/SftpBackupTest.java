package io.ib3.store.vfs;

import io.ib3.App;
import io.ib3.host.Host;
import io.ib3.sample.SampleTrees;
import io.ib3.store.NioStore;
import io.ib3.testing.Backends;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static io.ib3.testing.TreeAssert.assertSameTree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SFTP as a backup target, end to end through the console against a real OpenSSH server: backup
 * to sftp://, verify --deep, restore from sftp:// into an empty folder, identical to the source.
 * The profile references the private key by a variable naming its path; no secret is in it.
 */
class SftpBackupTest {

    @RegisterExtension
    static final SshdExtension SSH = new SshdExtension();

    @TempDir
    Path tmp;

    @Test
    void backupToSftpVerifiesDeepAndRestoresIdentical() throws Exception {
        Path data = tmp.resolve("data");
        SampleTrees.core("node0").snapshots(3).walAfterSnapshot(4).database("sensors", "cpu").parquetBytes(300_000)
                .writeTo(NioStore.local(data), "");
        Path remote = SSH.newFolder();
        Path profiles = Files.createDirectories(tmp.resolve("profiles"));
        Files.writeString(profiles.resolve("offsite.yaml"), String.join("\n",
                "location: " + SSH.uri(remote),
                "options:",
                "  knownHosts: " + SSH.knownHosts(),
                "credentials:",
                "  env: {identityFile: " + SshdExtension.KEY_ENV + "}", ""));
        Files.setPosixFilePermissions(profiles.resolve("offsite.yaml"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Host host = new Host(Map.of(SshdExtension.KEY_ENV, SSH.clientKey().toString()), tmp, tmp.resolve("home"));

        String[] out = new String[2];
        assertEquals(0, run(host, out, "backup", "--from", data.toString(), "--to", "@offsite", "--name", "b1"), out[0] + out[1]);
        assertTrue(Files.isRegularFile(remote.resolve("b1/ib3-manifest.json")), "the manifest is on the server");

        Path script = tmp.resolve("check.ib3");
        Path restored = tmp.resolve("restored");
        Files.writeString(script, String.join("\n",
                "mount off @offsite",
                "ls off:/b1",
                "verify off:/b1 --deep",
                "restore --from off:/b1 --to " + restored.toUri() + " --yes", ""));
        assertEquals(0, run(host, out, "--script", script.toString()), out[0] + out[1]);
        assertTrue(out[0].contains("node0"), "ls went through the mount: " + out[0]);
        assertFalse((out[0] + out[1]).contains(SSH.clientKey().toString().replace("client_rsa", "")
                + "client_rsa\n-----"), "no key material printed");
        assertSameTree(Backends.contents(NioStore.local(data), ""), Backends.contents(NioStore.local(restored), ""));
    }

    private static int run(Host host, String[] out, String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = App.run(args, host, new PrintStream(o), new PrintStream(e), false);
        out[0] = o.toString(StandardCharsets.UTF_8);
        out[1] = e.toString(StandardCharsets.UTF_8);
        return code;
    }
}
