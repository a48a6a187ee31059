package io.ib3.exec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ib3.App;
import io.ib3.error.ExitCode;
import io.ib3.error.Ib3Exception;
import io.ib3.layout.CatalogGeneration;
import io.ib3.manifest.BackupCatalog;
import io.ib3.manifest.BackupInfo;
import io.ib3.manifest.Manifest;
import io.ib3.manifest.ManifestCodec;
import io.ib3.manifest.ManifestEntry;
import io.ib3.report.ProgressListener;
import io.ib3.sample.SampleTree;
import io.ib3.sample.SampleTrees;
import io.ib3.host.Host;
import io.ib3.store.Keys;
import io.ib3.store.NioStore;
import io.ib3.store.Store;
import io.ib3.testing.Backends;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

import static io.ib3.testing.TreeAssert.assertSameTree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Backups made by the documented file-system copy scripts, run as published
 * ({@code src/test/resources/docscripts}): verify is never vacuous on them (the Core script leaves
 * out the node folder), a damaged one fails verify, and {@code backups adopt} turns an intact one
 * into an ib3 backup that restores the source tree, byte for byte, under the right node id.
 */
class DocScriptBackupTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /** A Core node as 3.10 leaves it after upgrades: v3 catalog with stale v1/v2, staging and derived files. */
    private SampleTree coreSource(Path data) {
        return SampleTrees.core("node0").catalog(CatalogGeneration.V3).staleCatalogs(true).staging(true).derived(true)
                .writeTo(NioStore.local(data), "");
    }

    /** Runs a script of the docs with its settings in the environment; fails the test if bash fails. */
    private void runScript(String name, Map<String, String> settings) throws IOException, InterruptedException {
        Path script = tmp.resolve(name);
        try (InputStream in = getClass().getResourceAsStream("/docscripts/" + name)) {
            Files.copy(in, script);
        }
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true);
        pb.environment().putAll(settings);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), output);
        assertTrue(output.contains("Backup completed to"), output);
    }

    private Path coreScriptBackup(Path data) throws IOException, InterruptedException {
        Path backup = tmp.resolve("backups").resolve("20261201-120000");
        runScript("core-fs-backup.sh", Map.of("NODE_ID", "node0", "DATA_DIR", data.toString(), "BACKUP_DIR", backup.toString()));
        return backup;
    }

    /** What the Core script copies: snapshots, dbs, wal, catalog/ and _catalog_checkpoint of the node, staging files left out. */
    private static Map<String, byte[]> coreScriptCopies(Store source) {
        return select(Backends.contents(source, ""), k -> {
            String inside = k.substring(k.indexOf('/') + 1);
            return !k.contains("#") && (inside.equals("_catalog_checkpoint")
                    || List.of("snapshots", "dbs", "wal", "catalog").contains(inside.substring(0, Math.max(0, inside.indexOf('/')))));
        });
    }

    /** Deletes the first Parquet file of a Core script backup, as damage or a lost file; returns its path. */
    private static Path deleteFirstParquet(Path backup) throws IOException {
        Path parquet;
        try (var s = Files.walk(backup.resolve("dbs"))) {
            parquet = s.filter(p -> p.toString().endsWith(".parquet")).sorted().findFirst().orElseThrow();
        }
        Files.delete(parquet);
        return parquet;
    }

    private static Map<String, byte[]> select(Map<String, byte[]> all, Predicate<String> keep) {
        Map<String, byte[]> out = new TreeMap<>();
        all.forEach((k, v) -> {
            if (keep.test(k)) {
                out.put(k, v);
            }
        });
        return out;
    }

    // ------------------------------------------------------------------ verify

    @Test
    void verifyOfACoreScriptBackupChecksTheNodeItHolds() throws Exception {
        Path data = tmp.resolve("data");
        SampleTree tree = coreSource(data);
        Path backup = coreScriptBackup(data);
        assertFalse(Files.exists(backup.resolve("node0")), "the documented Core script writes no node folder");

        VerifyJob.Outcome v = VerifyJob.verify(NioStore.local(backup), false, 0, ProgressListener.NONE);
        assertTrue(v.ok(), v.report().problems().toString());
        assertEquals(1, v.recoveryPoint().size());
        assertEquals("node0", v.recoveryPoint().get(0).node(), "node id from the snapshots, not the folder name");
        assertEquals(tree.node("node0").newestSnapshot(), v.recoveryPoint().get(0).snapshot());
        assertTrue(v.report().checks().stream().anyMatch(c -> c.name().equals("formats")), "formats are checked without a manifest");
    }

    /** The issue's case: a Parquet file deleted and a WAL byte flipped; plain verify (no --deep) exits 3 and names both. */
    @Test
    void aDamagedCoreScriptBackupFailsVerifyWithExit3() throws Exception {
        Path data = tmp.resolve("data");
        coreSource(data);
        Path backup = coreScriptBackup(data);
        Path parquet = deleteFirstParquet(backup);
        Path wal;
        try (var s = Files.list(backup.resolve("wal"))) {
            wal = s.filter(p -> p.toString().endsWith(".wal")).sorted().reduce((a, b) -> b).orElseThrow();
        }
        try (RandomAccessFile f = new RandomAccessFile(wal.toFile(), "rw")) {
            f.seek(f.length() - 1);
            int b = f.read();
            f.seek(f.length() - 1);
            f.write(b ^ 0x5a);
        }

        VerifyJob.Outcome v = VerifyJob.verify(NioStore.local(backup), false, 0, ProgressListener.NONE);
        assertEquals(ExitCode.VERIFY_FAILED, v.report().exitCode());
        String problems = v.report().problems().toString();
        assertTrue(problems.contains("node0/" + Keys.relativize(backup.toString(), parquet.toString())), problems);
        assertTrue(problems.contains("node0/wal/" + wal.getFileName()), problems);

        Cli cli = new Cli(tmp);
        assertEquals(3, cli.run("verify", backup.toString()), cli.out + cli.err);
        assertTrue(cli.out.contains("problem"), cli.out);
    }

    /** A manifest that lists nothing, or a tree with no node: verify checked nothing and must not say OK. */
    @Test
    void aVerifyThatCheckedNothingIsNeverOk() throws Exception {
        Store empty = NioStore.local(Files.createDirectories(tmp.resolve("empty")));
        ManifestCodec.write(empty, Manifest.of("test", java.time.Instant.now(), java.time.Instant.now(), "file:///x", io.ib3.layout.Product.CORE,
                null, List.of("node0"), "v3", List.of(), null, List.of()));
        VerifyJob.Outcome v = VerifyJob.verify(empty, true, 0, ProgressListener.NONE);
        assertEquals(ExitCode.VERIFY_FAILED, v.report().exitCode());
        assertTrue(v.report().problems().stream().anyMatch(p -> p.problem().contains("nothing was verified")), v.report().problems().toString());

        // a folder with no InfluxDB tree in it: not a backup at all (exit 2), never OK
        Path stray = Files.createDirectories(tmp.resolve("stray"));
        Files.writeString(stray.resolve("notes.txt"), "not influx");
        Cli cli = new Cli(tmp);
        assertEquals(2, cli.run("verify", stray.toString()), cli.out + cli.err);
        assertTrue(cli.err.contains("not a backup"), cli.err);
    }

    // ------------------------------------------------------------------ adopt

    @Test
    void anAdoptedCoreScriptBackupRestoresTheSourceTreeUnderItsNodeId() throws Exception {
        Path data = tmp.resolve("data");
        coreSource(data);
        Path backup = coreScriptBackup(data);
        Map<String, byte[]> expected = coreScriptCopies(NioStore.local(data));

        Cli cli = new Cli(tmp);
        assertEquals(0, cli.run("backups", "adopt", backup.toString()), cli.out + cli.err);
        assertTrue(cli.out.contains("adopted: "), cli.out);
        assertTrue(cli.out.contains("without the node folder"), cli.out);
        Manifest m = ManifestCodec.read(NioStore.local(backup));
        assertTrue(m.origin().adopted());
        assertEquals(List.of("node0"), m.nodeIds());
        assertEquals(expected.keySet(), Set.copyOf(m.entries().stream().map(ManifestEntry::key).toList()));
        assertTrue(m.entries().stream().allMatch(e -> e.crc32c() != null && e.stored().equals(Keys.relativize("node0", e.key()))));
        assertFalse(m.recoveryPoint().isEmpty());

        assertEquals(0, cli.run("verify", backup.toString(), "--deep"), cli.out + cli.err);
        BackupInfo listed = BackupCatalog.list(NioStore.local(backup.getParent())).backups().get(0);
        assertEquals(BackupInfo.State.COMPLETE, listed.state());
        assertEquals("adopted", listed.origin());

        Path target = tmp.resolve("restored");
        assertEquals(0, cli.run("restore", "--from", backup.toString(), "--to", target.toString(), "--yes", "--live-check", "0",
                "--deep"), cli.out + cli.err);
        assertSameTree(expected, Backends.contents(NioStore.local(target), ""));
    }

    @Test
    void aDamagedScriptBackupIsNotAdoptedAndNothingIsWritten() throws Exception {
        Path data = tmp.resolve("data");
        coreSource(data);
        Path backup = coreScriptBackup(data);
        Path parquet = deleteFirstParquet(backup);

        AdoptJob.Outcome o = AdoptJob.run(NioStore.local(backup), new AdoptJob.Options(null, false, 0, false), ProgressListener.NONE);
        assertFalse(o.ok());
        assertTrue(o.onlyMissing());
        assertFalse(Files.exists(backup.resolve(ManifestCodec.FILE)), "nothing written for a damaged copy");
        Cli cli = new Cli(tmp);
        assertEquals(3, cli.run("backups", "adopt", backup.toString()));
        assertTrue(cli.out.contains("cannot adopt") && cli.out.contains("--accept-missing"), cli.out);

        // the operator knows the source had lost it: recorded, accepted, and said by verify
        assertEquals(0, cli.run("backups", "adopt", backup.toString(), "--accept-missing"), cli.out + cli.err);
        Manifest m = ManifestCodec.read(NioStore.local(backup));
        assertEquals(1, m.sourceGaps().missing().size());
        assertTrue(m.sourceGaps().accepted() && !m.sourceGaps().confirmed());
        VerifyJob.Outcome v = VerifyJob.verify(NioStore.local(backup), true, 0, ProgressListener.NONE);
        assertTrue(v.ok(), v.report().problems().toString());
        assertEquals(1, v.report().warnings().stream().filter(w -> w.problem().contains("absent from the source")).count());

        // a damaged byte is never accepted
        Path wal;
        try (var s = Files.list(backup.resolve("wal"))) {
            wal = s.sorted().findFirst().orElseThrow();
        }
        Files.delete(backup.resolve(ManifestCodec.FILE));
        byte[] bytes = Files.readAllBytes(wal);
        bytes[bytes.length - 1] ^= 1;
        Files.write(wal, bytes);
        AdoptJob.Outcome damaged = AdoptJob.run(NioStore.local(backup), new AdoptJob.Options(null, true, 0, false), ProgressListener.NONE);
        assertFalse(damaged.ok());
        assertTrue(damaged.problems().stream().anyMatch(p -> p.path().equals("wal/" + wal.getFileName())), damaged.problems().toString());
    }

    @Test
    void theNodeIdMustMatchTheSnapshots() throws Exception {
        Path data = tmp.resolve("data");
        coreSource(data);
        Path backup = coreScriptBackup(data);
        Ib3Exception e = assertThrows(Ib3Exception.class, () -> AdoptJob.run(NioStore.local(backup),
                new AdoptJob.Options("node7", false, 0, true), ProgressListener.NONE));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("'node0'"), e.getMessage());
        // the same id as the snapshots is fine; a dry run writes nothing
        AdoptJob.Outcome dry = AdoptJob.run(NioStore.local(backup), new AdoptJob.Options("node0", false, 0, true), ProgressListener.NONE);
        assertTrue(dry.ok() && !dry.written());
        assertFalse(Files.exists(backup.resolve(ManifestCodec.FILE)));

        // without snapshots nothing names the node: --node-id is needed
        Path walOnly = tmp.resolve("walonly");
        Files.createDirectories(walOnly.resolve("wal"));
        Files.copy(backup.resolve("wal").resolve(Files.list(backup.resolve("wal")).sorted().findFirst().orElseThrow().getFileName()),
                walOnly.resolve("wal").resolve("00000000001.wal"));
        Ib3Exception noId = assertThrows(Ib3Exception.class, () -> AdoptJob.run(NioStore.local(walOnly),
                new AdoptJob.Options(null, false, 0, true), ProgressListener.NONE));
        assertTrue(noId.hints().get(0).contains("--node-id"), noId.hints().toString());
    }

    @Test
    void anIb3BackupIsNotAdoptedAgain() throws Exception {
        Path data = tmp.resolve("data");
        coreSource(data);
        Store backups = NioStore.local(tmp.resolve("ib3"));
        BackupJob.run(NioStore.local(data), "", backups, BackupJob.Options.defaults().withName("b1"), ProgressListener.NONE);
        Ib3Exception e = assertThrows(Ib3Exception.class, () -> AdoptJob.run(backups.at("b1"),
                new AdoptJob.Options(null, false, 0, false), ProgressListener.NONE));
        assertEquals(ExitCode.REFUSED, e.exitCode());
    }

    /**
     * The Enterprise script copies {@code cs} before the compactor's folder exists in the backup, so
     * the summaries land directly in it. Adoption records them under {@code cs/}: the restore puts
     * every file where the cluster had it.
     */
    @Test
    void anAdoptedEnterpriseScriptBackupRestoresTheCluster() throws Exception {
        Path data = tmp.resolve("data");
        Store source = NioStore.local(data);
        SampleTrees.enterprise("cluster0").nodes("ingest1", "ingest2").compactor("compactor0").staging(true).derived(true)
                .writeTo(source, "");
        Path backup = tmp.resolve("backups").resolve("20261201-120000");
        runScript("enterprise-fs-backup.sh", Map.of("CLUSTER_ID", "cluster0", "COMPACTOR_NODE", "compactor0",
                "DATA_NODES", "ingest1 ingest2", "DATA_DIR", data.toString(), "BACKUP_DIR", backup.toString()));
        assertFalse(Files.exists(backup.resolve("compactor0/cs")), "the script's cp -r made compactor0 the copy of cs");

        Map<String, byte[]> expected = select(Backends.contents(source, ""), k -> {
            String owner = k.substring(0, k.indexOf('/'));
            String inside = k.substring(k.indexOf('/') + 1);
            String top = inside.contains("/") ? inside.substring(0, inside.indexOf('/')) : inside;
            if (k.contains("#")) {
                return false;
            }
            if (owner.equals("cluster0")) {
                return List.of("catalog", "_catalog_checkpoint", "enterprise", "commercial_license", "trial_or_home_license").contains(top);
            }
            return List.of("snapshots", "dbs", "wal", "cs", "cd", "c").contains(top);
        });
        assertTrue(expected.keySet().stream().anyMatch(k -> k.startsWith("compactor0/cs/")));

        AdoptJob.Outcome o = AdoptJob.run(NioStore.local(backup), new AdoptJob.Options(null, false, 0, false), ProgressListener.NONE);
        assertTrue(o.ok(), o.problems().toString());
        assertTrue(o.manifest().origin().notes().stream().anyMatch(n -> n.contains("compactor0/cs/")), o.manifest().origin().notes().toString());
        assertEquals(io.ib3.layout.Product.ENTERPRISE, o.manifest().product());

        Store target = NioStore.local(tmp.resolve("restored"));
        RestoreJob.Options options = new RestoreJob.Options(false, true, 0, Duration.ZERO, null);
        RestoreJob.Preview preview = RestoreJob.preview(NioStore.local(backup), target, options, ProgressListener.NONE);
        RestoreJob.run(preview, NioStore.local(backup), target, options, ProgressListener.NONE);
        assertSameTree(expected, Backends.contents(target, ""));
    }

    @Test
    void backupsListShowsAScriptBackupAsNotAdopted() throws Exception {
        Path data = tmp.resolve("data");
        coreSource(data);
        Path backup = coreScriptBackup(data);
        Cli cli = new Cli(tmp);
        assertEquals(0, cli.run("backups", "list", backup.getParent().toString(), "--json"), cli.err);
        JsonNode b = JSON.readTree(cli.out).get("backups").get(0);
        assertEquals("not adopted", b.get("state").asText());
        assertTrue(b.get("problem").asText().contains("backups adopt"));
        assertNotNull(b);
    }

    /** The console's entry point, with stdout and stderr captured. */
    static final class Cli {
        private final Path home;
        String out;
        String err;

        Cli(Path home) {
            this.home = home;
        }

        int run(String... args) {
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            ByteArrayOutputStream e = new ByteArrayOutputStream();
            int code = App.run(args, new Host(Map.of(), home, home.resolve("home")), new PrintStream(o), new PrintStream(e), false);
            out = o.toString(StandardCharsets.UTF_8);
            err = e.toString(StandardCharsets.UTF_8);
            return code;
        }
    }
}
