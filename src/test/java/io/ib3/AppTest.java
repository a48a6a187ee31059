package io.ib3;

import io.ib3.host.Host;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The main entry point run in-process: one-shot commands, command files, exit codes, stdout/stderr. */
class AppTest {

    private static final String SECRET = "wJalrXUtnFEMI-K7MDENG-SECRET";

    @TempDir
    Path tmp;

    private Path data;
    private final Map<String, String> env = new HashMap<>();
    private String out;
    private String err;

    @BeforeEach
    void setUp() throws IOException {
        data = tmp.resolve("data");
        Files.createDirectories(data.resolve("node0/wal"));
        Files.writeString(data.resolve("node0/wal/00000000001.wal"), "w");
        env.put("DATA", data.toUri().toString());
        env.put("AWS_SECRET_ACCESS_KEY", SECRET);
    }

    private int run(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = App.run(args, new Host(env, tmp, tmp.resolve("home")), new PrintStream(o), new PrintStream(e), false);
        out = o.toString(StandardCharsets.UTF_8);
        err = e.toString(StandardCharsets.UTF_8);
        return code;
    }

    private Path script(String text) throws IOException {
        return Files.writeString(tmp.resolve("run.ib3"), text);
    }

    @Test
    void oneShotCommandExitsWithItsCode() {
        assertEquals(0, run("ls", data.toUri().toString()));
        assertEquals("node0/\n", out);
        assertEquals("", err);
        assertEquals(2, run("ls", "--nope", data.toUri().toString()));
        assertEquals("", out);
        assertTrue(err.startsWith("error: unknown option --nope for ls\nhint: options of ls:"), err);
        assertEquals(2, run("frobnicate"));
        assertEquals("error: unknown command 'frobnicate'\nhint: type help for the list of commands\n", err);
    }

    @Test
    void jsonIsTheOnlyThingOnStdout() {
        assertEquals(0, run("mounts", "--json"));
        assertEquals("{\n  \"mounts\" : [ ]\n}\n", out);
    }

    @Test
    void scriptWithCommentsBlankLinesAndVariables() throws IOException {
        Path file = script("""
                # mount and look around
                mount src ${DATA}

                cd node0   # comments may follow a command
                ls wal
                pwd
                """);
        assertEquals(0, run("--script", file.toString()));
        assertEquals("mounted src:/ -> " + data.toUri().toString().replaceAll("/$", "") + "\n00000000001.wal\nsrc:/node0\n", out);
        assertEquals("", err);
    }

    @Test
    void scriptStopsAtTheFirstFailureWithItsExitCode() throws IOException {
        Path file = script("mount src ${DATA}\nls src:/missing\nls src:/node0\n");
        assertEquals(2, run("--script", file.toString()));
        assertFalse(out.contains("wal/"), "the line after the failure did not run");
        assertTrue(err.startsWith("error: script " + file + ":2 failed: no such object or folder: src:/missing\n"), err);
    }

    @Test
    void continueOnErrorRunsAllLinesAndExitsWithTheFirstFailure() throws IOException {
        Path file = script("ls ${DATA}/nope\nprofile delete ghost\nls ${DATA}\n");
        assertEquals(2, run("--script", file.toString(), "--continue-on-error"));
        assertEquals("node0/\n", out);
        assertTrue(err.contains("run.ib3:1 failed:"), err);
        assertTrue(err.contains("run.ib3:2 failed: no profile named 'ghost'"), err);
        assertTrue(err.endsWith("2 of 3 commands failed, first at line 1 (exit code 2)\n"), err);
    }

    @Test
    void unsetVariableNamesTheLine() throws IOException {
        Path file = script("\n# x\nls ${NOT_SET_ANYWHERE}\n");
        assertEquals(2, run("--script", file.toString()));
        assertEquals("error: script " + file + ":3 failed: environment variable NOT_SET_ANYWHERE is not set\n"
                + "hint: set it before running the script: export NOT_SET_ANYWHERE=...\n", err);
    }

    @Test
    void secretsInTheEnvironmentNeverAppear() throws IOException {
        Files.createDirectories(tmp.resolve("profiles"));
        Files.writeString(tmp.resolve("profiles/prod.yaml"),
                "location: " + data.toUri() + "\ncredentials:\n  env: {secretKey: AWS_SECRET_ACCESS_KEY}\n");
        Path file = script("profile show prod\nprofile list\nprofile show prod --json\nprofile use prod\nmounts\nls\nls ${AWS_SECRET_ACCESS_KEY}\n");
        int code = run("--debug", "--script", file.toString(), "--continue-on-error");
        assertEquals(2, code);
        assertTrue(out.contains("secretKey from $AWS_SECRET_ACCESS_KEY"), out);
        assertTrue(out.contains("\"AWS_SECRET_ACCESS_KEY\""), out);
        assertFalse(out.contains(SECRET), out);
        assertFalse(err.contains(SECRET), err);
        assertFalse(err.contains("run.ib3:6"), err);
        assertTrue(err.contains("run.ib3:7 failed: no such object or folder: prod:/${AWS_SECRET_ACCESS_KEY}"), err);
    }

    @Test
    void profileGlobalOptionStartsInTheProfile() throws IOException {
        Files.createDirectories(tmp.resolve("profiles"));
        Files.writeString(tmp.resolve("profiles/local.yaml"), "location: " + data.toUri() + "\n");
        assertEquals(0, run("--profile", "local", "pwd"));
        assertEquals("local:/\n", out);
        assertEquals(2, run("--profile", "nope", "pwd"));
        assertTrue(err.startsWith("error: no profile named 'nope'"), err);
    }

    @Test
    void globalOptions() {
        assertEquals(0, run("--version"));
        assertTrue(out.startsWith("ib3 "));
        assertEquals(0, run("--help"));
        assertTrue(out.startsWith("usage: ib3"));
        assertEquals(2, run("--bogus"));
        assertTrue(err.startsWith("error: unknown global option --bogus"));
        assertEquals(2, run("--continue-on-error", "ls"));
        assertEquals(2, run("--script"));
    }

    @Test
    void debugShowsStackTracesOnlyWhenAsked() throws IOException {
        Path notADir = Files.writeString(tmp.resolve("file.txt"), "x");
        assertEquals(2, run("ls", tmp.toUri() + "nothing-here"));
        assertFalse(err.contains("\tat "), err);
        assertEquals(2, run("--debug", "ls", tmp.toUri() + "nothing-here"));
        assertTrue(err.contains("\tat "), err);
        assertTrue(Files.exists(notADir));
    }
}
