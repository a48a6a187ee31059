package io.ib3.store;

import io.ib3.error.Ib3Exception;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/** Parses store option values from profiles; errors are usage errors naming the store kind and option. */
public final class OptionValues {

    public static final long MIB = 1024L * 1024;

    private OptionValues() {
    }

    /**
     * A count or a size with an optional binary suffix: 16MiB, 8M, 1GiB, 4096.
     *
     * @param kind the store kind for messages ("Azure", "GCS")
     */
    public static long size(String kind, String key, String v, long min, long max) {
        try {
            return parseSize(v, min, max);
        } catch (NumberFormatException e) {
            throw Ib3Exception.usage(kind + " option " + key + ": bad value '" + v + "'",
                    "give a number from " + min + " to " + max + ", sizes optionally with KiB, MiB or GiB");
        }
    }

    /**
     * The number in a count or size value (16MiB, 8M, 1GiB, 4096), for callers that word the
     * error themselves.
     *
     * @throws NumberFormatException when it is no number, overflows, or lies outside min..max
     */
    public static long parseSize(String v, long min, long max) {
        String s = v.strip().toUpperCase(Locale.ROOT).replace("IB", "").replace("B", "");
        long unit = 1;
        if (s.endsWith("K")) {
            unit = 1024;
        } else if (s.endsWith("M")) {
            unit = MIB;
        } else if (s.endsWith("G")) {
            unit = 1024 * MIB;
        }
        if (unit != 1) {
            s = s.substring(0, s.length() - 1).strip();
        }
        long n;
        try {
            n = Math.multiplyExact(Long.parseLong(s), unit);
        } catch (ArithmeticException e) {
            throw new NumberFormatException("too large: " + v);
        }
        if (n < min || n > max) {
            throw new NumberFormatException("out of range: " + v);
        }
        return n;
    }

    /**
     * Calls {@code apply} with each option's key and stripped value, skipping blank values: a
     * profile leaves an option empty to mean "not set".
     */
    public static void forEachSet(Map<String, String> options, BiConsumer<String, String> apply) {
        for (Map.Entry<String, String> e : options.entrySet()) {
            String v = e.getValue() == null ? "" : e.getValue().strip();
            if (!v.isEmpty()) {
                apply.accept(e.getKey(), v);
            }
        }
    }

    /** The usage error for an option a store does not know, listing the ones it does (sorted). */
    public static Ib3Exception unknownOption(String kind, String key, Set<String> known) {
        return Ib3Exception.usage("unknown " + kind + " option '" + key + "'",
                "known options: " + String.join(", ", new TreeSet<>(known)));
    }

    /** An http(s) URL without a trailing slash. */
    public static URI httpUrl(String kind, String key, String v, String example) {
        try {
            URI u = URI.create(v.strip());
            if (u.getScheme() == null || u.getHost() == null
                    || !(u.getScheme().equals("http") || u.getScheme().equals("https"))) {
                throw new IllegalArgumentException();
            }
            String s = u.toString();
            return URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
        } catch (IllegalArgumentException e) {
            throw Ib3Exception.usage(kind + " option " + key + ": bad URL '" + v + "'", "give http(s)://host[:port][/path], e.g. " + example);
        }
    }

    /** The value of an environment variable a profile names, or a usage error saying which is missing. */
    public static String requiredEnv(java.util.function.Function<String, String> env, String name, String option, String where) {
        String v = env.apply(name);
        if (v == null || v.isBlank()) {
            throw Ib3Exception.usage(where + ": environment variable " + name + " (" + option + ") is not set",
                    "export " + name + " before starting ib3, or change " + option + " in the profile");
        }
        return v.strip();
    }

    /** The first line of a message, at most 300 characters. */
    public static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }

    /** The first cause of a type in a chain, or null. */
    public static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
