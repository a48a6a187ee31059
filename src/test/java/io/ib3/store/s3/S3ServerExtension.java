package io.ib3.store.s3;

import io.ib3.testing.ServerProcess;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A real S3 server on 127.0.0.1 for tests: S3Proxy (fast, one per JVM, shared by every class that
 * registers it) or Adobe S3Mock (slow to start, returns stored checksums; one per JVM too). The
 * servers run as separate processes from the jars that the build copies to target/test-servers.
 *
 * <pre>
 * &#64;RegisterExtension static final S3ServerExtension S3 = S3ServerExtension.s3proxy();
 * ... S3.newBucket(); S3.options(); S3.env(); S3.config(); S3.client();
 * </pre>
 */
public final class S3ServerExtension implements BeforeAllCallback {

    public static final String ACCESS_ENV = "IB3_TEST_S3_ACCESS";
    public static final String SECRET_ENV = "IB3_TEST_S3_SECRET";
    private static final String ACCESS = "ib3-test-access";
    private static final String SECRET = "ib3-test-secret-do-not-print";
    private static final AtomicInteger BUCKETS = new AtomicInteger();

    public enum Kind { S3PROXY, S3MOCK }

    private final Kind kind;
    private Server server;

    private S3ServerExtension(Kind kind) {
        this.kind = kind;
    }

    public static S3ServerExtension s3proxy() {
        return new S3ServerExtension(Kind.S3PROXY);
    }

    public static S3ServerExtension s3mock() {
        return new S3ServerExtension(Kind.S3MOCK);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        // the root store closes the server (AutoCloseable) when the whole run ends
        server = context.getRoot().getStore(ExtensionContext.Namespace.create(S3ServerExtension.class))
                .getOrComputeIfAbsent(kind, k -> Server.start(kind), Server.class);
    }

    /**
     * Starts (or joins) the server outside JUnit, for measurement programs with a main method; it
     * stops when the JVM exits.
     */
    public S3ServerExtension startStandalone() {
        server = Server.start(kind);
        return this;
    }

    public URI endpoint() {
        return server.endpoint;
    }

    public String secretKey() {
        return SECRET;
    }

    /** The environment the stores read: the test credentials under {@link #ACCESS_ENV}/{@link #SECRET_ENV}. */
    public Function<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put(ACCESS_ENV, ACCESS);
        env.put(SECRET_ENV, SECRET);
        return env::get;
    }

    /**
     * Profile options for this server. S3Proxy rejects {@code x-amz-mp-object-size} (501), so its
     * options strip it, as a user's profile for such a server would.
     */
    public Map<String, String> options() {
        Map<String, String> o = new HashMap<>();
        o.put("endpoint", server.endpoint.toString());
        o.put("region", "us-east-1");
        o.put("accessKeyEnv", ACCESS_ENV);
        o.put("secretKeyEnv", SECRET_ENV);
        if (kind == Kind.S3PROXY) {
            o.put("stripHeaders", "x-amz-mp-object-size");
        }
        return o;
    }

    /** A config builder for this server (small parts keep large-object tests fast). */
    public S3Config.Builder config() {
        S3Config.Builder b = S3Config.builder().env(env()).endpoint(server.endpoint.toString()).region("us-east-1")
                .accessKeyEnv(ACCESS_ENV).secretKeyEnv(SECRET_ENV)
                .partSize(8 * S3Config.MIB).multipartThreshold(8 * S3Config.MIB).parallel(3);
        if (kind == Kind.S3PROXY) {
            b.stripHeaders(List.of("x-amz-mp-object-size"));
        }
        return b;
    }

    /** A plain client for test setup and inspection (bucket creation, multipart listings). */
    public S3Client client() {
        return server.admin();
    }

    /** Creates a bucket with a fresh name. */
    public String newBucket() {
        String name = "ib3-test-" + ProcessHandle.current().pid() + "-" + BUCKETS.incrementAndGet();
        client().createBucket(b -> b.bucket(name));
        return name;
    }

    static final class Server implements AutoCloseable {
        final Kind kind;
        final ServerProcess process;
        final URI endpoint;
        private S3Client admin;

        private Server(Kind kind, ServerProcess process, URI endpoint) {
            this.kind = kind;
            this.process = process;
            this.endpoint = endpoint;
        }

        static Server start(Kind kind) {
            try {
                Path dir = Files.createTempDirectory("ib3-" + kind.name().toLowerCase() + "-");
                int port = ServerProcess.freePort();
                URI endpoint = URI.create("http://127.0.0.1:" + port);
                String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
                List<String> cmd = new ArrayList<>(List.of(java, "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
                ProcessBuilder pb = new ProcessBuilder();
                if (kind == Kind.S3PROXY) {
                    Path conf = dir.resolve("s3proxy.conf");
                    Files.writeString(conf, String.join("\n",
                            "s3proxy.endpoint=" + endpoint,
                            "s3proxy.authorization=aws-v2-or-v4",
                            "s3proxy.identity=" + ACCESS,
                            "s3proxy.credential=" + SECRET,
                            "jclouds.provider=transient-nio2", ""));
                    cmd.addAll(List.of("-jar", jar("s3proxy.jar").toString(), "--properties", conf.toString()));
                } else {
                    Files.createDirectories(dir.resolve("store"));
                    pb.environment().put("COM_ADOBE_TESTING_S3MOCK_STORE_ROOT", dir.resolve("store").toString());
                    cmd.addAll(List.of("-jar", jar("s3mock.jar").toString(), "--server.address=127.0.0.1",
                            "--http.port=" + port, "--server.port=" + ServerProcess.freePort(), "--spring.main.banner-mode=off"));
                }
                ServerProcess p = ServerProcess.start(kind.toString(), pb.command(cmd), dir, dir.resolve("server.log"));
                // ready when the server answers HTTP at all (an anonymous GET / gets 403 or 200)
                p.awaitReady(Duration.ofSeconds(90), ServerProcess.answersHttp(endpoint.resolve("/")));
                return new Server(kind, p, endpoint);
            } catch (IOException e) {
                throw new IllegalStateException("cannot start " + kind, e);
            }
        }

        private static Path jar(String name) {
            Path p = Path.of(System.getProperty("basedir", "."), "target", "test-servers", name);
            if (!Files.isRegularFile(p)) {
                throw new IllegalStateException(p + " is missing: run the build (mvn generate-test-resources) first");
            }
            return p;
        }

        synchronized S3Client admin() {
            if (admin == null) {
                admin = S3Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1).forcePathStyle(true)
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS, SECRET)))
                        .build();
            }
            return admin;
        }

        @Override
        public synchronized void close() {
            if (admin != null) {
                admin.close();
                admin = null;
            }
            process.stop();
        }
    }
}
