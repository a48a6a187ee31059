package io.ib3.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * WireMock 3 standalone (target/test-servers/wiremock.jar, its own process) as a transparent proxy
 * in front of a real S3 server, with fault stubs installed through its admin API. The Host header
 * is passed on unchanged, so SigV4 signatures made for the proxy still verify at the server.
 *
 * <p>A fault schedule is a scenario: stub i answers with fault i and moves the scenario on, so
 * the n faults are served exactly once each, in order, to the requests that match; afterwards no
 * stub matches and every request passes through to the server.
 */
final class WireMockFaults implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a fault stub answers. */
    enum Fault {
        /** 500 InternalError. */
        ERROR_500,
        /** 503 SlowDown: S3 throttling. */
        SLOW_DOWN_503,
        /** TCP reset instead of an answer. */
        CONNECTION_RESET,
        /** Garbage bytes, then the connection closes. */
        RANDOM_DATA_THEN_CLOSE,
        /** 200 OK, then a broken chunked body: a body cut short. */
        MALFORMED_RESPONSE_CHUNK,
        /** The real answer, but only after the given stall (beyond the client's socket timeout). */
        STALL
    }

    private final Process process;
    private final Path dir;
    final URI endpoint;
    private final URI upstream;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> stubIds = new ArrayList<>();
    private int scenarios;

    private WireMockFaults(Process process, Path dir, URI endpoint, URI upstream) {
        this.process = process;
        this.dir = dir;
        this.endpoint = endpoint;
        this.upstream = upstream;
    }

    static WireMockFaults start(URI upstream) throws IOException {
        Path jar = Path.of(System.getProperty("basedir", "."), "target", "test-servers", "wiremock.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run the build (mvn generate-test-resources) first");
        }
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path dir = Files.createTempDirectory("ib3-wiremock-");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-jar", jar.toString(), "--port", String.valueOf(port), "--bind-address", "127.0.0.1",
                "--root-dir", dir.toString(), "--proxy-all", upstream.toString(), "--preserve-host-header",
                "--disable-gzip", "--disable-banner", "--disable-request-logging", "--no-request-journal")
                .redirectErrorStream(true).redirectOutput(dir.resolve("wiremock.log").toFile()).start();
        WireMockFaults w = new WireMockFaults(p, dir, URI.create("http://127.0.0.1:" + port), upstream);
        Runtime.getRuntime().addShutdownHook(new Thread(w::close));
        w.awaitReady();
        return w;
    }

    private void awaitReady() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("WireMock exited: " + Files.readString(dir.resolve("wiremock.log")));
            }
            try {
                if (admin("GET", "/__admin/mappings", null).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            sleep(100);
        }
        close();
        throw new IllegalStateException("WireMock not ready after 60 s");
    }

    /**
     * Installs a schedule: the i-th request matching {@code method} and {@code pathRegex} gets
     * {@code faults[i]}; later ones pass through.
     *
     * @return the scenario's name, for {@link #served}
     */
    synchronized String schedule(String method, String pathRegex, Duration stall, Fault... faults) throws IOException {
        String scenario = "faults-" + (++scenarios);
        for (int i = 0; i < faults.length; i++) {
            ObjectNode stub = JSON.createObjectNode();
            stub.put("priority", 1);
            stub.put("scenarioName", scenario);
            stub.put("requiredScenarioState", i == 0 ? "Started" : "served-" + i);
            stub.put("newScenarioState", "served-" + (i + 1));
            ObjectNode req = stub.putObject("request");
            req.put("method", method);
            req.put("urlPathPattern", pathRegex);
            stub.set("response", response(faults[i], stall));
            stubIds.add(install(stub));
        }
        return scenario;
    }

    /** Every matching request fails with a 500, for as long as the stub is installed. */
    synchronized String always500(String method, String pathRegex) throws IOException {
        ObjectNode stub = JSON.createObjectNode();
        stub.put("priority", 1);
        ObjectNode req = stub.putObject("request");
        req.put("method", method);
        req.put("urlPathPattern", pathRegex);
        stub.set("response", response(Fault.ERROR_500, Duration.ZERO));
        String id = install(stub);
        stubIds.add(id);
        return id;
    }

    private ObjectNode response(Fault fault, Duration stall) {
        ObjectNode r = JSON.createObjectNode();
        switch (fault) {
            case ERROR_500 -> {
                r.put("status", 500);
                r.putObject("headers").put("Content-Type", "application/xml");
                r.put("body", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>InternalError</Code>"
                        + "<Message>injected</Message></Error>");
            }
            case SLOW_DOWN_503 -> {
                r.put("status", 503);
                r.putObject("headers").put("Content-Type", "application/xml");
                r.put("body", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>SlowDown</Code>"
                        + "<Message>Please reduce your request rate.</Message></Error>");
            }
            case CONNECTION_RESET -> r.put("fault", "CONNECTION_RESET_BY_PEER");
            case RANDOM_DATA_THEN_CLOSE -> r.put("fault", "RANDOM_DATA_THEN_CLOSE");
            case MALFORMED_RESPONSE_CHUNK -> r.put("fault", "MALFORMED_RESPONSE_CHUNK");
            case STALL -> {
                r.put("proxyBaseUrl", upstream.toString());
                r.put("fixedDelayMilliseconds", stall.toMillis());
            }
        }
        return r;
    }

    private String install(ObjectNode stub) throws IOException {
        HttpResponse<String> r = admin("POST", "/__admin/mappings", stub.toString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("WireMock refused a stub: " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body()).path("id").asText();
    }

    /** How many faults of a schedule were served so far. */
    int served(String scenario) throws IOException {
        JsonNode all = JSON.readTree(admin("GET", "/__admin/scenarios", null).body()).path("scenarios");
        for (JsonNode s : all) {
            if (s.path("name").asText().equals(scenario)) {
                String state = s.path("state").asText();
                return state.startsWith("served-") ? Integer.parseInt(state.substring(7)) : 0;
            }
        }
        return 0;
    }

    /** Removes every fault stub: from now on every request passes through. */
    synchronized void heal() throws IOException {
        for (String id : stubIds) {
            admin("DELETE", "/__admin/mappings/" + id, null);
        }
        stubIds.clear();
    }

    private HttpResponse<String> admin(String method, String path, String body) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(endpoint.resolve(path)).timeout(Duration.ofSeconds(10));
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind is harmless
        }
    }
}
