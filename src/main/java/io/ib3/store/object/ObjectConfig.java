package io.ib3.store.object;

import io.ib3.work.RetryPolicy;

import io.ib3.store.OptionValues;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * What the settings of every object store share: where the environment variables that profiles
 * name are read, and how many tries a request gets ({@link #retryPolicy}). A vendor's config
 * extends it with its own options; all of them hold references to secrets, never secrets.
 */
public abstract class ObjectConfig {

    private final Function<String, String> env;
    private final int attempts;

    protected ObjectConfig(Builder<?> b) {
        this.env = b.env;
        this.attempts = b.attempts;
    }

    /** Looks up the environment variables a profile names (System::getenv outside tests). */
    public Function<String, String> env() {
        return env;
    }

    /** How requests are retried: {@code attempts} tries with the standard backoff. */
    public RetryPolicy retryPolicy() {
        return RetryPolicy.standard(attempts);
    }

    /**
     * Reads a profile's options into a builder: {@code attempts} here, every other key through
     * {@code own} (which answers false for a key it does not know: a usage error listing {@code known}).
     * Blank values mean "not set".
     *
     * @param kind the store kind for messages ("S3", "Azure", "GCS")
     */
    protected static void read(String kind, Set<String> known, Map<String, String> options, Builder<?> b,
                               BiPredicate<String, String> own) {
        OptionValues.forEachSet(options, (key, v) -> {
            if (key.equals("attempts")) {
                b.attempts((int) OptionValues.size(kind, key, v, 1, 20));
            } else if (!own.test(key, v)) {
                throw OptionValues.unknownOption(kind, key, known);
            }
        });
    }

    /** The shared part of the vendors' builders. */
    public abstract static class Builder<B extends Builder<B>> {
        private Function<String, String> env = System::getenv;
        // with the standard backoff (200 ms base, 1 s for throttling, capped at 20 s) 6 attempts keep
        // a request trying for about half a minute: throttling bursts and a server restart pass
        private int attempts = 6;

        @SuppressWarnings("unchecked")
        private B self() {
            return (B) this;
        }

        /** Where environment variables are read (tests pass a map's get). */
        public B env(Function<String, String> env) {
            this.env = Objects.requireNonNull(env);
            return self();
        }

        /** Tries per request, the first included. */
        public B attempts(int n) {
            this.attempts = Math.max(1, n);
            return self();
        }

        /** The environment set so far (a builder may read settings from it). */
        protected Function<String, String> environment() {
            return env;
        }
    }
}
