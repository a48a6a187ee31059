package io.ib3.store.s3;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsProfileRegionProvider;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;

import java.time.Duration;
import java.util.List;

/**
 * One S3 endpoint and bucket as ib3 talks to it: the settings, and an {@link S3Client} built on
 * first use (building it costs 0.5–1 s, which commands that never touch S3 must not pay).
 */
final class S3Connection implements AutoCloseable {

    final S3Config config;
    final String bucket;
    private volatile S3Client client;
    private volatile Region region;
    private AwsCredentialsProvider credentials;

    S3Connection(S3Config config, String bucket) {
        this.config = config;
        this.bucket = bucket;
    }

    S3Client client() {
        S3Client c = client;
        if (c == null) {
            synchronized (this) {
                c = client;
                if (c == null) {
                    c = build();
                    client = c;
                }
            }
        }
        return c;
    }

    /** The region requests are signed for (resolved on first use). */
    Region region() {
        Region r = region;
        if (r == null) {
            synchronized (this) {
                if (region == null) {
                    region = resolveRegion();
                }
                r = region;
            }
        }
        return r;
    }

    synchronized AwsCredentialsProvider credentials() {
        if (credentials == null) {
            credentials = S3Credentials.provider(config, "s3://" + bucket);
        }
        return credentials;
    }

    private Region resolveRegion() {
        if (config.region != null) {
            return Region.of(config.region);
        }
        for (String name : List.of("AWS_REGION", "AWS_DEFAULT_REGION")) {
            String v = config.env.apply(name);
            if (v != null && !v.isBlank()) {
                return Region.of(v.strip());
            }
        }
        String profile = config.awsProfile != null ? config.awsProfile : config.env.apply("AWS_PROFILE");
        try {
            Region r = profile == null ? new AwsProfileRegionProvider().getRegion()
                    : new AwsProfileRegionProvider(null, profile).getRegion();
            if (r != null) {
                return r;
            }
        } catch (RuntimeException noRegionInProfile) {
            // fall through
        }
        if (config.endpoint != null) {
            // S3-compatible servers accept any region in the signature; us-east-1 is the convention
            return Region.US_EAST_1;
        }
        try {
            // on EC2/ECS this asks the instance metadata; elsewhere it fails after a short probe
            return DefaultAwsRegionProviderChain.builder().build().getRegion();
        } catch (RuntimeException e) {
            // a wrong guess is reported with the bucket's real region (301 + x-amz-bucket-region)
            return Region.US_EAST_1;
        }
    }

    private S3Client build() {
        S3ClientBuilder b = S3Client.builder()
                .region(region())
                .credentialsProvider(credentials())
                .forcePathStyle(config.pathStyleAccess())
                .serviceConfiguration(S3Configuration.builder()
                        .chunkedEncodingEnabled(config.chunkedEncoding)
                        .build())
                .requestChecksumCalculation(config.checksums == S3Config.ChecksumMode.WHEN_REQUIRED
                        ? RequestChecksumCalculation.WHEN_REQUIRED : RequestChecksumCalculation.WHEN_SUPPORTED)
                .responseChecksumValidation(config.checksums == S3Config.ChecksumMode.WHEN_REQUIRED
                        ? ResponseChecksumValidation.WHEN_REQUIRED : ResponseChecksumValidation.WHEN_SUPPORTED)
                .httpClientBuilder(Apache5HttpClient.builder()
                        // enough connections for parallel parts of several concurrent transfers
                        .maxConnections(Math.max(64, config.parallel * 8))
                        // a healthy endpoint accepts within milliseconds; 10 s covers slow VPNs
                        .connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(config.socketTimeout)
                        // waiting for a pooled connection when every one is busy with a part
                        .connectionAcquisitionTimeout(Duration.ofMinutes(2)))
                .overrideConfiguration(o -> {
                    o.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                            .maxAttempts(config.attempts)
                            // exponential with full jitter, 200 ms base, capped at 20 s: parallel
                            // workers that failed together do not retry together
                            .backoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(200), Duration.ofSeconds(20)))
                            // throttling (503 SlowDown, 429, RequestLimitExceeded) backs off from 1 s
                            .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofSeconds(1), Duration.ofSeconds(20)))
                            // the retry token bucket would refuse retries after a burst of errors in a
                            // long parallel copy; every request gets its attempts instead
                            .circuitBreakerEnabled(false)
                            .build());
                    if (!config.stripHeaders.isEmpty()) {
                        o.addExecutionInterceptor(new StripHeaders(config.stripHeaders));
                    }
                    config.interceptors.forEach(o::addExecutionInterceptor);
                });
        if (config.endpoint != null) {
            b.endpointOverride(config.endpoint);
        }
        return b.build();
    }

    /** Where this connection goes, for messages: the endpoint, never credentials. */
    String endpointName() {
        return config.endpoint == null ? "AWS S3 (" + region() + ")" : config.endpoint.toString();
    }

    /** What must be equal for a server-side copy between two connections. */
    String identity() {
        return (config.endpoint == null ? "aws" : config.endpoint.toString()) + "|" + region() + "|"
                + config.credentialReference() + "|" + config.pathStyleAccess();
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
            client = null;
        }
    }

    /**
     * Removes headers an S3-compatible server rejects (e.g. {@code x-amz-mp-object-size} on
     * S3Proxy). Runs before signing, so the signature covers exactly what is sent.
     */
    static final class StripHeaders implements ExecutionInterceptor {
        private final List<String> names;

        StripHeaders(List<String> names) {
            this.names = names;
        }

        @Override
        public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
            SdkHttpRequest.Builder r = context.httpRequest().toBuilder();
            names.forEach(r::removeHeader);
            return r.build();
        }
    }
}
