package io.ib3.profile;

import io.ib3.layout.Product;
import io.ib3.error.ExitCode;
import io.ib3.error.Ib3Exception;
import io.ib3.host.Host;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProfilesTest {

    @TempDir
    Path tmp;

    private Path local;
    private Path shared;
    private Path global;
    private Profiles profiles;

    @BeforeEach
    void setUp() throws IOException {
        local = Files.createDirectories(tmp.resolve("work/profiles"));
        shared = Files.createDirectories(tmp.resolve("shared"));
        global = Files.createDirectories(tmp.resolve("home/.config/ib3/profiles"));
        profiles = new Profiles(new Host(Map.of("IB3_PROFILES", shared.toString()), tmp.resolve("work"), tmp.resolve("home")));
    }

    private Path write(Path dir, String name, String yaml) throws IOException {
        return Files.writeString(dir.resolve(name + ".yaml"), yaml);
    }

    private Ib3Exception failure(String yaml) throws IOException {
        write(local, "p", yaml);
        return assertThrows(Ib3Exception.class, () -> profiles.load("p"));
    }

    @Test
    void shippedExampleProfilesAreValid() throws IOException {
        Path shipped = Path.of("profiles");
        int n = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(shipped, "*.yaml")) {
            for (Path f : files) {
                Profile p = new ProfileReader().read(f);
                assertFalse(p.location().isBlank());
                n++;
            }
        }
        assertEquals(6, n);
        Profile s3 = new ProfileReader().read(shipped.resolve("core-s3.yaml"));
        assertEquals("AWS_SECRET_ACCESS_KEY", s3.storeOptions().get("credentials.env.secretKey"));
        assertEquals("true", s3.options().get("pathStyle"));
        Profile ent = new ProfileReader().read(shipped.resolve("enterprise-s3.yaml"));
        assertEquals(Product.ENTERPRISE, ent.product());
        assertEquals(List.of("ingest0", "ingest1", "query0"), ent.nodes());
        assertEquals("influxdb-backup", ent.storeOptions().get("credentials.awsProfile"));
    }

    @Test
    void firstFolderWinsAndListShowsWhereEachComesFrom() throws IOException {
        write(global, "prod", "location: file:///global\n");
        write(shared, "prod", "location: file:///shared\n");
        write(shared, "qa", "location: file:///qa\n");
        assertEquals("file:///shared", profiles.load("prod").profile().location());
        write(local, "prod", "location: file:///local\n");
        assertEquals("file:///local", profiles.load("prod").profile().location());
        List<Profiles.Listed> listed = profiles.list();
        assertEquals(4, listed.size());
        assertEquals("./profiles", listed.get(0).folder());
        assertNull(listed.get(0).shadowedBy());
        assertEquals("./profiles", listed.get(1).shadowedBy());
        assertEquals(List.of("prod", "qa"), profiles.names());
    }

    @Test
    void unknownFieldNamesFileLineAndField() throws IOException {
        Ib3Exception e = failure("location: file:///x\nproduct: core\nbukket: b\n");
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().endsWith("p.yaml:3: unknown field 'bukket'"), e.getMessage());
    }

    @Test
    void wrongTypeNamesTheField() throws IOException {
        Ib3Exception e = failure("location: file:///x\nnodes:\n  a: 1\n");
        assertTrue(e.getMessage().contains("p.yaml:2: wrong type for field 'nodes'"), e.getMessage());
        Ib3Exception product = failure("location: file:///x\nproduct: oss\n");
        assertTrue(product.getMessage().contains(":2: wrong type for field 'product'"), product.getMessage());
    }

    @Test
    void secretsInClearAreRefusedWithoutEchoingThem() throws IOException {
        Ib3Exception option = failure("location: s3://b/p\noptions:\n  secretKey: hunter2-SECRET\n");
        assertEquals(ExitCode.REFUSED, option.exitCode());
        assertTrue(option.getMessage().endsWith("p.yaml:3: field 'options.secretKey' holds a secret in clear"), option.getMessage());
        assertTrue(option.hints().get(0).contains("env"));
        Ib3Exception creds = failure("location: s3://b/p\ncredentials:\n  password: hunter2-SECRET\n");
        assertEquals(ExitCode.REFUSED, creds.exitCode());
        Ib3Exception uri = failure("location: sftp://backup:hunter2-SECRET@host/data\n");
        assertEquals(ExitCode.REFUSED, uri.exitCode());
        Ib3Exception conn = failure("location: azblob://a/c\noptions:\n  connection_string: DefaultEndpointsProtocol=https;AccountKey=hunter2-SECRET\n");
        assertEquals(ExitCode.REFUSED, conn.exitCode());
        for (Ib3Exception e : List.of(option, creds, uri, conn)) {
            assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        }
    }

    @Test
    void referencesAreAccepted() throws IOException {
        write(local, "p", "location: s3://b/p\ncredentials:\n  env: {accessKey: AK_VAR, secretKey: SK_VAR}\n");
        Profile p = profiles.load("p").profile();
        assertEquals("env: accessKey from $AK_VAR, secretKey from $SK_VAR", p.credentials().describe());
        assertEquals(ExitCode.USAGE, failure("location: s3://b/p\ncredentials:\n  env: {secretKey: 'not a var'}\n").exitCode());
        assertEquals(ExitCode.USAGE, failure("location: s3://b/p\ncredentials:\n  awsProfile: a\n  command: pass x\n").exitCode());
    }

    @Test
    void aliasBombsHugeFilesAndDuplicatesAreRejected() throws IOException {
        StringBuilder bomb = new StringBuilder("location: file:///x\na: &a [x,x,x,x,x,x,x,x,x,x]\n");
        for (char c = 'b'; c <= 'k'; c++) {
            char prev = (char) (c - 1);
            bomb.append(c).append(": &").append(c).append(" [*").append(prev).append(",*").append(prev).append(",*").append(prev)
                    .append(",*").append(prev).append(",*").append(prev).append(",*").append(prev).append("]\n");
        }
        assertEquals(ExitCode.USAGE, failure(bomb.toString()).exitCode());
        assertEquals(ExitCode.USAGE, failure("location: file:///x\n# " + "x".repeat(70 * 1024) + "\n").exitCode());
        assertTrue(failure("location: file:///x\nlocation: file:///y\n").getMessage().contains("location"));
        assertEquals(ExitCode.USAGE, failure("").exitCode());
        assertTrue(failure("product: core\n").getMessage().contains("missing field 'location'"));
    }

    @Test
    void saveWritesAPrivateFileAndRefusesToOverwrite() throws IOException {
        Profile p = new Profile(Product.CORE, "file:///data", Map.of("region", "x"), "node0", null, null, null, null,
                new Credentials(Map.of("secretKey", "SK"), null, null));
        Path file = profiles.save("mine", p, false, false);
        assertEquals(local.resolve("mine.yaml"), file);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        Profile back = profiles.load("mine").profile();
        assertEquals(p, back);
        Ib3Exception again = assertThrows(Ib3Exception.class, () -> profiles.save("mine", p, false, false));
        assertEquals(ExitCode.REFUSED, again.exitCode());
        profiles.save("mine", p, false, true);
        assertEquals(global.resolve("g.yaml"), profiles.save("g", p, true, false));
        try (var s = Files.list(local)) {
            assertEquals(1, s.count(), "no temporary file left behind");
        }
    }

    @Test
    void saveRefusesSecretsAndBadNames() {
        Profile secret = new Profile(null, "file:///d", Map.of("password", "x"), null, null, null, null, null, null);
        assertEquals(ExitCode.REFUSED, assertThrows(Ib3Exception.class, () -> profiles.save("s", secret, false, false)).exitCode());
        Profile ok = new Profile(null, "file:///d", null, null, null, null, null, null, null);
        assertEquals(ExitCode.USAGE, assertThrows(Ib3Exception.class, () -> profiles.save("../evil", ok, false, false)).exitCode());
        assertEquals(ExitCode.USAGE, assertThrows(Ib3Exception.class, () -> profiles.load("a/b")).exitCode());
    }

    @Test
    void unknownProfileListsTheKnownOnes() throws IOException {
        write(local, "prod", "location: file:///x\n");
        Ib3Exception e = assertThrows(Ib3Exception.class, () -> profiles.load("prdo"));
        assertEquals("no profile named 'prdo'", e.getMessage());
        assertEquals("known profiles: prod", e.hints().get(0));
    }

    @Test
    void deleteRemovesTheWinningFile() throws IOException {
        write(local, "prod", "location: file:///l\n");
        write(global, "prod", "location: file:///g\n");
        assertEquals(local.resolve("prod.yaml"), profiles.delete("prod"));
        assertEquals("file:///g", profiles.load("prod").profile().location());
    }
}
