package io.ib3.work;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The one retry policy of ib3: how many tries a request gets and how long to wait between them.
 * Each object store's SDK is configured from it (the SDKs retry a request until its response
 * starts, and know how to rewind a body), and ib3's own retry points use it too: the re-opening of
 * a read cut in the middle ({@code ResumingReadStream}), and the executor's second try of a whole
 * object whose copy failed.
 *
 * <p>Waits grow exponentially from {@code base} to at most {@code cap}, with full jitter, so
 * parallel workers that failed together do not retry together. Throttling answers (503 SlowDown,
 * 429) back off from {@code throttledBase}.
 *
 * @param attempts tries per request, the first included
 */
public record RetryPolicy(int attempts, Duration base, Duration cap, Duration throttledBase) {

    /**
     * The default waits: 200 ms growing to 20 s, 1 s for throttling. With 6 attempts a request keeps
     * trying for about half a minute: throttling bursts and a server restart pass.
     */
    public static RetryPolicy standard(int attempts) {
        return new RetryPolicy(Math.max(1, attempts), Duration.ofMillis(200), Duration.ofSeconds(20), Duration.ofSeconds(1));
    }

    /** How long to wait before try {@code attempt + 1}, after {@code attempt} failed tries (from 1). */
    public Duration backoff(int attempt) {
        long ceiling = Math.min(cap.toMillis(), base.toMillis() << Math.min(attempt - 1, 20));
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling + 1));
    }

    /**
     * Runs a request until it succeeds, fails in a way {@code retryable} refuses, or used its
     * attempts, waiting {@link #backoff} between tries. For what the SDKs' own retries do not get
     * past; an interrupted wait ends with the last failure.
     */
    public <T> T call(Supplier<T> request, Predicate<RuntimeException> retryable) {
        for (int attempt = 1; ; attempt++) {
            try {
                return request.get();
            } catch (RuntimeException e) {
                if (attempt >= attempts || !retryable.test(e)) {
                    throw e;
                }
                try {
                    Thread.sleep(backoff(attempt).toMillis());
                } catch (InterruptedException i) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}
