package io.ib3.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** The console's entry point in a JVM of its own, to be killed with SIGKILL at a chosen moment. */
public final class Jvm {

    private Jvm() {
    }

    /** {@code java -cp <test classpath> io.ib3.App ARGS}, output to a log file in {@code workDir}. */
    public static Process launch(Path workDir, Map<String, String> env, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", System.getProperty("java.class.path"),
                "io.ib3.App"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(workDir.resolve("ib3-" + System.nanoTime() + ".log").toFile());
        pb.environment().putAll(env);
        return pb.start();
    }

    /**
     * Waits until {@code started} holds, then {@code delayMs} more, then kills the JVM hard (no
     * shutdown hook, no finally). Returns the delay when the process was still running when killed,
     * {@code -1} when it had finished first.
     */
    public static long killAfter(Process p, BooleanSupplier started, long delayMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!started.getAsBoolean() && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        Thread.sleep(delayMs);
        boolean alive = p.isAlive();
        p.destroyForcibly(); // SIGKILL on Linux
        p.waitFor(10, TimeUnit.SECONDS);
        return alive ? delayMs : -1;
    }
}
