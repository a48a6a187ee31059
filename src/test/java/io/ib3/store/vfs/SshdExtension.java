package io.ib3.store.vfs;

import io.ib3.testing.ServerProcess;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A real OpenSSH server on 127.0.0.1 for SFTP tests: Debian's {@code sshd} started by the test run
 * on a free port with its own configuration, its own host key, and an authorized_keys file holding
 * a key generated for this run (key authentication only, no password). One per JVM, shared by every
 * class that registers the extension. A machine without {@code /usr/sbin/sshd} gets
 * {@code openssh-server} installed with apt-get once (as root), the way {@code AzuriteExtension}
 * installs Azurite from npm.
 *
 * <pre>
 * &#64;RegisterExtension static final SshdExtension SSH = new SshdExtension();
 * ... SSH.newFolder(); SSH.options(); SSH.env(); SSH.uri(folder);
 * </pre>
 */
public final class SshdExtension implements BeforeAllCallback {

    static final Path SSHD = Path.of("/usr/sbin/sshd");
    /** The environment variable the profiles of these tests name for the private key's path. */
    public static final String KEY_ENV = "IB3_TEST_SFTP_KEY";
    private static final AtomicInteger FOLDERS = new AtomicInteger();

    private Server server;

    @Override
    public void beforeAll(ExtensionContext context) {
        server = context.getRoot().getStore(ExtensionContext.Namespace.create(SshdExtension.class))
                .getOrComputeIfAbsent("sshd", k -> Server.start(), Server.class);
    }

    public int port() {
        return server.port;
    }

    /** The user the server lets in: the one running the tests. */
    public String user() {
        return System.getProperty("user.name");
    }

    /** {@code sftp://user@127.0.0.1:PORT/path} for a folder on the server's machine. */
    public String uri(Path folder) {
        return "sftp://" + user() + "@127.0.0.1:" + server.port + folder.toAbsolutePath();
    }

    /** A new empty folder that the server serves (on this machine's disk). */
    public Path newFolder() {
        try {
            return Files.createDirectories(server.dir.resolve("data").resolve("f" + FOLDERS.incrementAndGet()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Profile options for this server: the key by reference (a variable naming its path), the server's host key. */
    public Map<String, String> options() {
        Map<String, String> o = new HashMap<>();
        o.put("credentials.env.identityFile", KEY_ENV);
        o.put("knownHosts", server.knownHosts.toString());
        return o;
    }

    /** The environment the stores read: the key's path under {@link #KEY_ENV}. */
    public Function<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put(KEY_ENV, server.clientKey.toString());
        return env::get;
    }

    public Path knownHosts() {
        return server.knownHosts;
    }

    public Path clientKey() {
        return server.clientKey;
    }

    static final class Server implements AutoCloseable {
        final ServerProcess process;
        final Path dir;
        final int port;
        final Path clientKey;
        final Path knownHosts;

        private Server(ServerProcess process, Path dir, int port, Path clientKey, Path knownHosts) {
            this.process = process;
            this.dir = dir;
            this.port = port;
            this.clientKey = clientKey;
            this.knownHosts = knownHosts;
        }

        static Server start() {
            try {
                installed();
                Path dir = Files.createTempDirectory("ib3-sshd-");
                int port = ServerProcess.freePort();
                Path hostKey = dir.resolve("host_ed25519");
                Path clientKey = dir.resolve("client_rsa");
                run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "ib3-test-host", "-f", hostKey.toString());
                // PEM RSA: the key format every JSch build reads; signed with rsa-sha2-256 as OpenSSH 9 wants
                run("ssh-keygen", "-q", "-t", "rsa", "-b", "3072", "-m", "PEM", "-N", "", "-C", "ib3-test-client",
                        "-f", clientKey.toString());
                Path authorized = dir.resolve("authorized_keys");
                Files.copy(dir.resolve("client_rsa.pub"), authorized);
                Path knownHosts = dir.resolve("known_hosts");
                Files.writeString(knownHosts, "[127.0.0.1]:" + port + " " + Files.readString(dir.resolve("host_ed25519.pub")));
                Path config = dir.resolve("sshd_config");
                Files.writeString(config, String.join("\n",
                        "Port " + port,
                        "ListenAddress 127.0.0.1",
                        "HostKey " + hostKey,
                        "PidFile " + dir.resolve("sshd.pid"),
                        "AuthorizedKeysFile " + authorized,
                        "AllowUsers " + System.getProperty("user.name"),
                        "PubkeyAuthentication yes",
                        "PasswordAuthentication no",
                        "KbdInteractiveAuthentication no",
                        "PermitRootLogin prohibit-password",
                        "UsePAM no",
                        // the temporary folder's modes are not what sshd insists on for a home
                        "StrictModes no",
                        "Subsystem sftp internal-sftp",
                        "LogLevel ERROR", ""));
                Files.createDirectories(dir.resolve("data"));
                if ("root".equals(System.getProperty("user.name"))) {
                    // privilege separation needs this folder when sshd starts as root (no service manager made it)
                    Files.createDirectories(Path.of("/run/sshd"));
                }
                ServerProcess p = ServerProcess.start("sshd", new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", config.toString()),
                        dir, dir.resolve("sshd.log"));
                p.awaitReady(Duration.ofSeconds(30), () -> {
                    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                        return s.getInputStream().read() >= 0; // the server's version banner
                    }
                });
                return new Server(p, dir, port, clientKey, knownHosts);
            } catch (IOException e) {
                throw new IllegalStateException("cannot start sshd", e);
            }
        }

        private static void run(String... cmd) throws IOException {
            try {
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes());
                if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        /**
         * Installs Debian's openssh-server when sshd is missing (the lock makes a second JVM wait
         * for the first one's install). Without root, or without the package registry, one message
         * says how to install it.
         */
        static void installed() throws IOException {
            if (Files.isExecutable(SSHD)) {
                return;
            }
            Path lock = Path.of(System.getProperty("basedir", "."), "target", "test-servers", "sshd-install.lock").toAbsolutePath();
            Files.createDirectories(lock.getParent());
            try (FileChannel ch = new RandomAccessFile(lock.toFile(), "rw").getChannel(); FileLock ignored = ch.lock()) {
                if (Files.isExecutable(SSHD)) {
                    return;
                }
                String how = "install it with: apt-get install openssh-server (as root)";
                if (!"root".equals(System.getProperty("user.name"))) {
                    throw new IllegalStateException(SSHD + " is missing and the tests are not run as root: " + how);
                }
                Path log = lock.resolveSibling("apt-get.log");
                List<List<String>> steps = List.of(List.of("apt-get", "install", "-y", "-qq", "openssh-server"),
                        List.of("apt-get", "update", "-qq"), List.of("apt-get", "install", "-y", "-qq", "openssh-server"));
                for (List<String> step : steps) {
                    ProcessBuilder pb = new ProcessBuilder(step).redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
                    pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
                    Process p = pb.start();
                    if (!p.waitFor(10, TimeUnit.MINUTES)) {
                        p.destroyForcibly();
                    }
                    if (Files.isExecutable(SSHD)) {
                        return;
                    }
                }
                throw new IllegalStateException(SSHD + " is missing and apt-get could not install openssh-server ("
                        + ServerProcess.tail(log) + "): " + how);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() {
            process.stop();
        }
    }
}
