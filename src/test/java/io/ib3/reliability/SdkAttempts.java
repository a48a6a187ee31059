package io.ib3.reliability;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts what the SDK really did: calls, HTTP attempts (a retry is an attempt beyond a call's
 * first), and the request-body bytes that went out again on retries.
 */
final class SdkAttempts implements ExecutionInterceptor {

    private static final ExecutionAttribute<AtomicInteger> TRIES = new ExecutionAttribute<>("ib3-test-tries");

    final AtomicLong calls = new AtomicLong();
    final AtomicLong attempts = new AtomicLong();
    final AtomicLong bytesResent = new AtomicLong();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        calls.incrementAndGet();
        attributes.putAttribute(TRIES, new AtomicInteger());
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        attempts.incrementAndGet();
        int n = attributes.getAttribute(TRIES).incrementAndGet();
        if (n > 1) {
            bytesResent.addAndGet(context.requestBody().flatMap(b -> b.optionalContentLength()).orElse(0L));
        }
    }

    long retries() {
        return attempts.get() - calls.get();
    }

    void reset() {
        calls.set(0);
        attempts.set(0);
        bytesResent.set(0);
    }
}
