package io.ib3.host;

import java.nio.file.Path;
import java.util.Map;

/**
 * What ib3 reads from the machine it runs on: environment variables, the working directory and
 * the home directory. Passed in explicitly so tests (and the in-process batch test) control them.
 *
 * @param env     environment variables
 * @param workDir the directory relative paths and {@code ./profiles} are resolved against
 * @param home    the user's home directory ({@code ~/.config/ib3/profiles}, {@code ~/.ib3_history})
 */
public record Host(Map<String, String> env, Path workDir, Path home) {

    public Host {
        env = Map.copyOf(env);
        workDir = workDir.toAbsolutePath().normalize();
        home = home.toAbsolutePath().normalize();
    }

    /** The real environment, working directory and home of this process. */
    public static Host system() {
        return new Host(System.getenv(), Path.of("").toAbsolutePath(), Path.of(System.getProperty("user.home")));
    }

    /** An environment variable, or {@code null} when it is not set. */
    public String getenv(String name) {
        return env.get(name);
    }

    /** {@code $IB3_HOME} when set, else {@code null}. */
    public Path ib3Home() {
        String value = env.get("IB3_HOME");
        return value == null || value.isBlank() ? null : workDir.resolve(value);
    }
}
