package io.ib3.testing;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A test server run as its own process (S3Proxy, S3Mock, Azurite …): started with its output in
 * a log file, waited for until it answers, and stopped with its temporary folder removed. A
 * shutdown hook stops it too, so a run that never closes it leaves no server behind.
 */
public final class ServerProcess implements AutoCloseable {

    /** One readiness probe; an IOException means "not listening yet". */
    @FunctionalInterface
    public interface Probe {
        boolean ready() throws IOException;
    }

    private final String name;
    private final Process process;
    private final Path dir;
    private final Path log;

    private ServerProcess(String name, Process process, Path dir, Path log) {
        this.name = name;
        this.process = process;
        this.dir = dir;
        this.log = log;
    }

    /**
     * Starts {@code command} with stdout and stderr in {@code log}. {@code dir} is the server's
     * temporary folder, deleted on stop.
     *
     * @param name the server's name in error messages
     */
    public static ServerProcess start(String name, ProcessBuilder command, Path dir, Path log) throws IOException {
        Process p = command.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ServerProcess s = new ServerProcess(name, p, dir, log);
        Runtime.getRuntime().addShutdownHook(new Thread(s::stop));
        return s;
    }

    /** A port free on the loopback address at the time of asking. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** A probe that passes when {@code url} answers HTTP at all, whatever the status. */
    public static Probe answersHttp(URI url) {
        return () -> {
            HttpURLConnection c = (HttpURLConnection) url.toURL().openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(2000);
            c.getResponseCode();
            c.disconnect();
            return true;
        };
    }

    /**
     * Polls {@code probe} until it passes. Fails with the log's tail when the process exits, and
     * stops the process when it is not ready within {@code timeout}.
     */
    public void awaitReady(Duration timeout, Probe probe) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited: " + tail(log));
            }
            try {
                if (probe.ready()) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        stop();
        throw new IllegalStateException(name + " not ready after " + timeout.toSeconds() + " s: " + tail(log));
    }

    /** The last 2000 characters of a log, for error messages. */
    public static String tail(Path log) throws IOException {
        String s = Files.exists(log) ? Files.readString(log) : "";
        return s.length() > 2000 ? s.substring(s.length() - 2000) : s;
    }

    /** Ends the process (forcibly after 5 s) and deletes its temporary folder. */
    public synchronized void stop() {
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
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind is harmless
        }
    }

    @Override
    public void close() {
        stop();
    }
}
