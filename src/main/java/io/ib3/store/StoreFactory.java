package io.ib3.store;

import io.ib3.error.Ib3Exception;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Opens a {@link Store} for a location URI. Each scheme has one opener; providers register theirs
 * here explicitly (no classpath scanning), so the list of schemes is visible in one place.
 *
 * <p>Options are store settings from a profile (endpoint, region, path-style, credential
 * references …); secrets are resolved by the opener at mount time and never kept in the options.
 */
public final class StoreFactory {

    /** Opens a store for one scheme. */
    @FunctionalInterface
    public interface Opener {
        Store open(URI uri, Map<String, String> options);
    }

    private final Map<String, Opener> openers = new LinkedHashMap<>();

    public StoreFactory() {
        register("file", (uri, options) -> NioStore.local(Path.of(uri)));
    }

    /** Adds or replaces the opener of a scheme. */
    public StoreFactory register(String scheme, Opener opener) {
        openers.put(scheme, opener);
        return this;
    }

    public Set<String> schemes() {
        return new TreeSet<>(openers.keySet());
    }

    /**
     * Opens a location. A plain path ({@code /data}, {@code ./data}) means a local directory.
     *
     * @throws Ib3Exception (usage) for a malformed URI or an unknown scheme
     */
    public Store open(String location, Map<String, String> options) {
        URI uri = parse(location);
        Opener opener = openers.get(uri.getScheme());
        if (opener == null) {
            throw Ib3Exception.usage("unknown scheme '" + uri.getScheme() + "' in location " + location,
                    "known schemes: " + String.join(", ", schemes()));
        }
        return opener.open(uri, options == null ? Map.of() : options);
    }

    /** True for a plain local path: absolute, or starting with ./, ../ or ~/. */
    public static boolean isLocalPath(String location) {
        String l = location.strip();
        return l.startsWith("/") || l.startsWith("./") || l.startsWith("../") || l.equals(".") || l.startsWith("~/");
    }

    /** Parses a location into a URI with a scheme; plain paths become file URIs. */
    public static URI parse(String location) {
        if (location == null || location.isBlank()) {
            throw Ib3Exception.usage("empty location", "give a URI such as file:///data or s3://bucket/prefix");
        }
        String loc = location.strip();
        if (isLocalPath(loc)) {
            String expanded = loc.startsWith("~/") ? System.getProperty("user.home") + loc.substring(1) : loc;
            return Path.of(expanded).toAbsolutePath().normalize().toUri();
        }
        int colon = loc.indexOf(':');
        if (colon <= 0) {
            throw Ib3Exception.usage("malformed location '" + loc + "': no scheme",
                    "give a URI such as file:///data, s3://bucket/prefix or ram:///x, or an absolute path");
        }
        try {
            URI uri = new URI(loc.replace(" ", "%20"));
            if (uri.getScheme() == null) {
                throw new URISyntaxException(loc, "no scheme");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw Ib3Exception.usage("malformed location '" + loc + "': " + e.getReason(),
                    "give a URI such as file:///data or s3://bucket/prefix");
        }
    }
}
