package io.ib3.store.s3;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpRequest;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Records every HTTP request a client sends (operation, final headers as signed and sent) and
 * counts payload bytes in both directions, to check what really went over the wire.
 */
public final class RequestLog implements ExecutionInterceptor {

    public record Sent(String operation, SdkHttpRequest http, long bodyBytes) {
        boolean has(String header) {
            return http.firstMatchingHeader(header).isPresent();
        }

        String header(String name) {
            return http.firstMatchingHeader(name).orElse(null);
        }
    }

    final List<Sent> sent = new CopyOnWriteArrayList<>();
    final AtomicLong bytesUp = new AtomicLong();
    final AtomicLong bytesDown = new AtomicLong();

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        String op = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        long body = context.requestBody().flatMap(b -> b.optionalContentLength()).orElse(0L);
        if (!op.equals("CompleteMultipartUpload") && !op.equals("DeleteObjects")) {
            bytesUp.addAndGet(body); // XML bodies of control requests are not object bytes
        }
        sent.add(new Sent(op, context.httpRequest(), body));
    }

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        String op = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        if (op.equals("GetObject")) {
            context.httpResponse().firstMatchingHeader("Content-Length")
                    .ifPresent(v -> bytesDown.addAndGet(Long.parseLong(v)));
        }
    }

    public List<Sent> of(String operation) {
        return sent.stream().filter(s -> s.operation().equals(operation)).toList();
    }

    public long count(String operation) {
        return of(operation).size();
    }

    public void clear() {
        sent.clear();
        bytesUp.set(0);
        bytesDown.set(0);
    }
}
