package io.ib3.store.azure;

import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import io.ib3.testing.ServerProcess;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
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
 * Azurite (the Azure Storage emulator, npm {@code azurite} 3.35.0, blob service only) on 127.0.0.1
 * for tests: one process per JVM, shared by every class that registers the extension. A fresh
 * machine gets it installed once into {@code target/test-servers/azurite} with npm (under a file
 * lock, so concurrent builds do not race); later runs reuse the installation.
 *
 * <pre>
 * &#64;RegisterExtension static final AzuriteExtension AZ = new AzuriteExtension();
 * ... AZ.newContainer(); AZ.options(); AZ.env(); AZ.config();
 * </pre>
 */
public final class AzuriteExtension implements BeforeAllCallback {

    public static final String VERSION = "3.35.0";
    public static final String ACCOUNT = "devstoreaccount1";
    /** Azurite's well-known development key (public; documented by Microsoft), not a secret. */
    static final String KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    public static final String CONNECTION_ENV = "IB3_TEST_AZURE_CONNECTION";
    public static final String KEY_ENV = "IB3_TEST_AZURE_KEY";
    private static final AtomicInteger CONTAINERS = new AtomicInteger();

    private Server server;

    @Override
    public void beforeAll(ExtensionContext context) {
        server = context.getRoot().getStore(ExtensionContext.Namespace.create(AzuriteExtension.class))
                .getOrComputeIfAbsent("azurite", k -> Server.start(), Server.class);
    }

    /** The blob endpoint, path-style with the account: http://127.0.0.1:PORT/devstoreaccount1. */
    public URI endpoint() {
        return server.endpoint;
    }

    public String connectionString() {
        return "DefaultEndpointsProtocol=http;AccountName=" + ACCOUNT + ";AccountKey=" + KEY + ";BlobEndpoint=" + server.endpoint + ";";
    }

    /** The environment the stores read: the connection string and the key under their variables. */
    public Function<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put(CONNECTION_ENV, connectionString());
        env.put(KEY_ENV, KEY);
        return env::get;
    }

    /** Profile options for this server (account key by reference). */
    public Map<String, String> options() {
        Map<String, String> o = new HashMap<>();
        o.put("endpoint", server.endpoint.toString());
        o.put("accountKeyEnv", KEY_ENV);
        return o;
    }

    /** A config for this server; small blocks keep large-object tests fast. */
    public AzureConfig.Builder config() {
        return AzureConfig.builder().env(env()).endpoint(server.endpoint.toString()).accountKeyEnv(KEY_ENV)
                .blockSize(4 * 1024 * 1024).singleUploadThreshold(4 * 1024 * 1024).parallel(3);
    }

    public BlobServiceClient client() {
        return server.admin();
    }

    /** Creates a container with a fresh name. */
    public String newContainer() {
        String name = "ib3-test-" + ProcessHandle.current().pid() + "-" + CONTAINERS.incrementAndGet();
        client().createBlobContainer(name);
        return name;
    }

    static final class Server implements AutoCloseable {
        final ServerProcess process;
        final URI endpoint;
        private BlobServiceClient admin;

        private Server(ServerProcess process, URI endpoint) {
            this.process = process;
            this.endpoint = endpoint;
        }

        static Server start() {
            try {
                Path main = installed();
                Path dir = Files.createTempDirectory("ib3-azurite-");
                int port = ServerProcess.freePort();
                List<String> cmd = List.of("node", main.toString(), "--blobHost", "127.0.0.1", "--blobPort", Integer.toString(port),
                        "--location", dir.resolve("data").toString(), "--silent", "--skipApiVersionCheck",
                        "--disableTelemetry", "--loose");
                ServerProcess p = ServerProcess.start("Azurite", new ProcessBuilder(cmd), dir, dir.resolve("azurite.log"));
                Server s = new Server(p, URI.create("http://127.0.0.1:" + port + "/" + ACCOUNT));
                p.awaitReady(Duration.ofSeconds(60), ServerProcess.answersHttp(s.endpoint));
                return s;
            } catch (IOException e) {
                throw new IllegalStateException("cannot start Azurite", e);
            }
        }

        /**
         * The blob server's script, installed with npm into target/test-servers/azurite when it is
         * not there yet. The lock file makes a second JVM wait for the first one's install.
         */
        static Path installed() throws IOException {
            Path base = Path.of(System.getProperty("basedir", "."), "target", "test-servers", "azurite").toAbsolutePath();
            Path main = base.resolve("node_modules/azurite/dist/src/blob/main.js");
            Path done = base.resolve("installed-" + VERSION);
            Files.createDirectories(base);
            try (FileChannel ch = new RandomAccessFile(base.resolve(".lock").toFile(), "rw").getChannel();
                 FileLock ignored = ch.lock()) {
                if (Files.isRegularFile(done) && Files.isRegularFile(main)) {
                    return main;
                }
                long t0 = System.nanoTime();
                Path log = base.resolve("npm-install.log");
                Process npm = new ProcessBuilder("npm", "install", "--prefix", base.toString(), "--no-audit", "--no-fund",
                        "--no-save", "--loglevel=error", "azurite@" + VERSION)
                        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
                if (!npm.waitFor(10, TimeUnit.MINUTES) || npm.exitValue() != 0) {
                    npm.destroyForcibly();
                    throw new IllegalStateException("npm install azurite@" + VERSION + " failed (needs Node 20 and the npm registry): "
                            + ServerProcess.tail(log));
                }
                if (!Files.isRegularFile(main)) {
                    throw new IllegalStateException("npm installed azurite but " + main + " is missing");
                }
                Files.writeString(done, "installed in " + (System.nanoTime() - t0) / 1_000_000 + " ms\n");
                return main;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        synchronized BlobServiceClient admin() {
            if (admin == null) {
                admin = new BlobServiceClientBuilder().connectionString("DefaultEndpointsProtocol=http;AccountName=" + ACCOUNT
                        + ";AccountKey=" + KEY + ";BlobEndpoint=" + endpoint + ";").buildClient();
            }
            return admin;
        }

        @Override
        public void close() {
            process.stop();
        }
    }
}
