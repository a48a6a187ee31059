package io.ib3.store.s3;

import io.ib3.error.Ib3Exception;
import io.ib3.store.OptionValues;
import io.ib3.store.object.ObjectConfig;
import io.ib3.work.RetryPolicy;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsProfileRegionProvider;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * How to reach one S3 endpoint: the settings of a profile (options map) plus the standard AWS
 * environment. Holds references to secrets (names of environment variables, a profile name, a
 * command), never the secrets themselves, so it is safe to print.
 */
public final class S3Config extends ObjectConfig {

    /** Option keys understood in a profile's store options. */
    public static final Set<String> OPTION_KEYS = Set.of("endpoint", "region", "pathStyle", "awsProfile",
            "accessKeyEnv", "secretKeyEnv", "sessionTokenEnv", "credentialsCommand", "checksums", "stripHeaders",
            "chunkedEncoding", "parallel", "partSize", "multipartThreshold", "copyThreshold", "copyPartSize",
            "socketTimeout", "attempts");

    /** Whether the client adds flexible checksums to requests that do not need them (SDK terms). */
    public enum ChecksumMode {
        /** The SDK default since 2.30: a checksum on every upload and validated on every download. */
        WHEN_SUPPORTED,
        /** Only where the operation requires one: for S3-compatible stores that reject the newer headers. */
        WHEN_REQUIRED
    }

    public enum PathStyle { TRUE, FALSE, AUTO }

    static final long MIB = 1024L * 1024;
    /** S3's smallest part size (except the last part). */
    static final long MIN_PART = 5 * MIB;
    /** S3's largest single PUT or CopyObject. */
    static final long MAX_SINGLE = 5L * 1024 * MIB;

    final URI endpoint;
    final String region;
    final PathStyle pathStyle;
    final String awsProfile;
    final String accessKeyEnv;
    final String secretKeyEnv;
    final String sessionTokenEnv;
    final String credentialsCommand;
    final ChecksumMode checksums;
    final List<String> stripHeaders;
    final boolean chunkedEncoding;
    final int parallel;
    final long partSize;
    final long multipartThreshold;
    final long copyThreshold;
    final long copyPartSize;
    final java.time.Duration socketTimeout;
    final Function<String, String> env;
    final List<ExecutionInterceptor> interceptors;

    private S3Config(Builder b) {
        super(b);
        this.endpoint = b.endpoint;
        this.region = b.region;
        this.pathStyle = b.pathStyle;
        this.awsProfile = b.awsProfile;
        this.accessKeyEnv = b.accessKeyEnv;
        this.secretKeyEnv = b.secretKeyEnv;
        this.sessionTokenEnv = b.sessionTokenEnv;
        this.credentialsCommand = b.credentialsCommand;
        this.checksums = b.checksums;
        this.stripHeaders = List.copyOf(b.stripHeaders);
        this.chunkedEncoding = b.chunkedEncoding;
        this.parallel = b.parallel;
        this.partSize = b.partSize;
        this.multipartThreshold = b.multipartThreshold;
        this.copyThreshold = b.copyThreshold;
        this.copyPartSize = b.copyPartSize;
        this.socketTimeout = b.socketTimeout;
        this.env = env();
        this.interceptors = List.copyOf(b.interceptors);
        if ((accessKeyEnv == null) != (secretKeyEnv == null)) {
            throw Ib3Exception.usage("S3 options: accessKeyEnv and secretKeyEnv go together",
                    "give both names of environment variables, or neither to use the AWS credential chain");
        }
        if (partSize < MIN_PART || copyPartSize < MIN_PART) {
            throw Ib3Exception.usage("S3 options: partSize and copyPartSize must be at least 5MiB (an S3 limit)");
        }
        if (multipartThreshold > 1024 * MIB) {
            throw Ib3Exception.usage("S3 options: multipartThreshold must be at most 1GiB (it is buffered in memory)");
        }
        if (copyThreshold > MAX_SINGLE) {
            throw Ib3Exception.usage("S3 options: copyThreshold must be at most 5GiB (the CopyObject limit)");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads a profile's options, falling back to the standard AWS environment for the endpoint.
     *
     * @param env looks up environment variables (System::getenv outside tests)
     * @throws Ib3Exception (usage) naming the bad option
     */
    public static S3Config fromOptions(Map<String, String> options, Function<String, String> env) {
        return builderFromOptions(options, env).build();
    }

    /** As {@link #fromOptions}, for adding programmatic settings before building. */
    public static Builder builderFromOptions(Map<String, String> options, Function<String, String> env) {
        Builder b = builder().env(env);
        read("S3", OPTION_KEYS, options, b, (key, v) -> {
            switch (key) {
                case "endpoint" -> b.endpoint(v);
                case "region" -> b.region(v);
                case "pathStyle" -> b.pathStyle(parseEnum(PathStyle.class, "pathStyle", v));
                case "awsProfile", "credentials.awsProfile" -> b.awsProfile(v);
                case "accessKeyEnv", "credentials.env.accessKey" -> b.accessKeyEnv(v);
                case "secretKeyEnv", "credentials.env.secretKey" -> b.secretKeyEnv(v);
                case "sessionTokenEnv", "credentials.env.sessionToken" -> b.sessionTokenEnv(v);
                case "credentialsCommand", "credentials.command" -> b.credentialsCommand(v);
                case "checksums" -> b.checksums(parseEnum(ChecksumMode.class, "checksums", v));
                case "stripHeaders" -> b.stripHeaders(Arrays.stream(v.split(",")).map(String::strip)
                        .filter(h -> !h.isEmpty()).toList());
                case "chunkedEncoding" -> b.chunkedEncoding(parseBoolean("chunkedEncoding", v));
                case "parallel" -> b.parallel((int) parseSize("parallel", v, 1, 256));
                case "partSize" -> b.partSize(parseSize("partSize", v, 1, Long.MAX_VALUE));
                case "multipartThreshold" -> b.multipartThreshold(parseSize("multipartThreshold", v, 0, 1024 * MIB));
                case "copyThreshold" -> b.copyThreshold(parseSize("copyThreshold", v, 0, Long.MAX_VALUE));
                case "copyPartSize" -> b.copyPartSize(parseSize("copyPartSize", v, 1, Long.MAX_VALUE));
                case "socketTimeout" -> b.socketTimeout(parseDuration("socketTimeout", v));
                default -> {
                    return false;
                }
            }
            return true;
        });
        return b;
    }

    private static <E extends Enum<E>> E parseEnum(Class<E> type, String key, String v) {
        try {
            return Enum.valueOf(type, v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw Ib3Exception.usage("S3 option " + key + ": bad value '" + v + "'",
                    "one of: " + String.join(", ", Arrays.stream(type.getEnumConstants())
                            .map(c -> c.name().toLowerCase(Locale.ROOT)).toList()));
        }
    }

    private static boolean parseBoolean(String key, String v) {
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(v);
        }
        throw Ib3Exception.usage("S3 option " + key + ": bad value '" + v + "'", "one of: true, false");
    }

    /** A time: 500ms, 2s, 1m, or plain seconds. */
    static java.time.Duration parseDuration(String key, String v) {
        String s = v.strip().toLowerCase(Locale.ROOT);
        try {
            java.time.Duration d;
            if (s.endsWith("ms")) {
                d = java.time.Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2).strip()));
            } else if (s.endsWith("s")) {
                d = java.time.Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1).strip()));
            } else if (s.endsWith("m")) {
                d = java.time.Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1).strip()));
            } else {
                d = java.time.Duration.ofSeconds(Long.parseLong(s));
            }
            if (d.toMillis() < 100 || d.toMinutes() > 60) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException | ArithmeticException e) {
            throw Ib3Exception.usage("S3 option " + key + ": bad value '" + v + "'",
                    "give a time from 100ms to 60m, e.g. 500ms, 30s or 2m");
        }
    }

    /** A count or a size with an optional binary suffix: 16MiB, 8M, 1GiB, 4096. */
    static long parseSize(String key, String v, long min, long max) {
        try {
            return OptionValues.parseSize(v, min, max);
        } catch (NumberFormatException e) {
            throw Ib3Exception.usage("S3 option " + key + ": bad value '" + v + "'",
                    "give a number" + (key.equals("parallel") ? " from 1 to 256" : ", optionally with KiB, MiB or GiB"));
        }
    }

    /** The endpoint, or null for AWS S3 itself. */
    public URI endpoint() {
        return endpoint;
    }

    /** True when requests put the bucket in the path rather than in the host name. */
    public boolean pathStyleAccess() {
        return switch (pathStyle) {
            case TRUE -> true;
            case FALSE -> false;
            case AUTO -> endpoint != null && isLocalOrIp(endpoint.getHost());
        };
    }

    /** IP literals and localhost have no DNS for bucket sub-domains, so they need path-style. */
    static boolean isLocalOrIp(String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.equals("localhost") || h.endsWith(".localhost")) {
            return true;
        }
        if (h.startsWith("[") || h.matches("[0-9.]+")) {
            try {
                InetAddress.getByName(h); // parses a literal, no DNS lookup
                return true;
            } catch (java.net.UnknownHostException e) {
                return false;
            }
        }
        return false;
    }

    public int parallel() {
        return parallel;
    }

    /** The region requests are signed for: the profile's, AWS_REGION, the AWS profile's, or a guess. */
    Region resolveRegion() {
        if (region != null) {
            return Region.of(region);
        }
        for (String name : List.of("AWS_REGION", "AWS_DEFAULT_REGION")) {
            String v = env.apply(name);
            if (v != null && !v.isBlank()) {
                return Region.of(v.strip());
            }
        }
        String profile = awsProfile != null ? awsProfile : env.apply("AWS_PROFILE");
        try {
            Region r = profile == null ? new AwsProfileRegionProvider().getRegion()
                    : new AwsProfileRegionProvider(null, profile).getRegion();
            if (r != null) {
                return r;
            }
        } catch (RuntimeException noRegionInProfile) {
            // fall through
        }
        if (endpoint != null) {
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

    /** An SDK client with these settings; the retry strategy is this config's {@link #retryPolicy}. */
    S3Client buildClient(Region signingRegion, AwsCredentialsProvider credentials) {
        RetryPolicy retry = retryPolicy();
        S3ClientBuilder b = S3Client.builder()
                .region(signingRegion)
                .credentialsProvider(credentials)
                .forcePathStyle(pathStyleAccess())
                .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(chunkedEncoding).build())
                .requestChecksumCalculation(checksums == ChecksumMode.WHEN_REQUIRED
                        ? RequestChecksumCalculation.WHEN_REQUIRED : RequestChecksumCalculation.WHEN_SUPPORTED)
                .responseChecksumValidation(checksums == ChecksumMode.WHEN_REQUIRED
                        ? ResponseChecksumValidation.WHEN_REQUIRED : ResponseChecksumValidation.WHEN_SUPPORTED)
                .httpClientBuilder(Apache5HttpClient.builder()
                        // enough connections for parallel parts of several concurrent transfers
                        .maxConnections(Math.max(64, parallel * 8))
                        // a healthy endpoint accepts within milliseconds; 10 s covers slow VPNs
                        .connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(socketTimeout)
                        // waiting for a pooled connection when every one is busy with a part
                        .connectionAcquisitionTimeout(Duration.ofMinutes(2)))
                .overrideConfiguration(o -> {
                    o.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                            .maxAttempts(retry.attempts())
                            .backoffStrategy(BackoffStrategy.exponentialDelay(retry.base(), retry.cap()))
                            .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(retry.throttledBase(), retry.cap()))
                            // the retry token bucket would refuse retries after a burst of errors in a
                            // long parallel copy; every request gets its attempts instead
                            .circuitBreakerEnabled(false)
                            .build());
                    if (!stripHeaders.isEmpty()) {
                        o.addExecutionInterceptor(new StripHeaders(stripHeaders));
                    }
                    interceptors.forEach(o::addExecutionInterceptor);
                });
        if (endpoint != null) {
            b.endpointOverride(endpoint);
        }
        return b.build();
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

    /** Where the credentials come from, for hints; names only, never values. */
    String credentialSource() {
        if (credentialsCommand != null) {
            return "credentialsCommand";
        }
        if (accessKeyEnv != null) {
            return "environment variables " + accessKeyEnv + "/" + secretKeyEnv
                    + (sessionTokenEnv == null ? "" : "/" + sessionTokenEnv);
        }
        if (awsProfile != null) {
            return "AWS profile '" + awsProfile + "'";
        }
        return "the AWS default credential chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, ~/.aws)";
    }

    /** What identifies "the same credentials" without holding the secret. */
    String credentialReference() {
        return credentialsCommand + "|" + accessKeyEnv + "|" + secretKeyEnv + "|" + sessionTokenEnv + "|" + awsProfile;
    }

    @Override
    public String toString() {
        return "S3Config[endpoint=" + (endpoint == null ? "aws" : endpoint) + ", region=" + region
                + ", pathStyle=" + pathStyle + ", credentials=" + credentialSource() + ", checksums=" + checksums
                + ", stripHeaders=" + stripHeaders + ", parallel=" + parallel + "]";
    }

    public static final class Builder extends ObjectConfig.Builder<Builder> {
        private URI endpoint;
        private String region;
        private PathStyle pathStyle = PathStyle.AUTO;
        private String awsProfile;
        private String accessKeyEnv;
        private String secretKeyEnv;
        private String sessionTokenEnv;
        private String credentialsCommand;
        private ChecksumMode checksums = ChecksumMode.WHEN_SUPPORTED;
        private List<String> stripHeaders = List.of();
        // Off: the SDK then sends checksums as headers, which S3-compatible servers validate and
        // store; with aws-chunked trailers some accept the upload but drop the checksum.
        private boolean chunkedEncoding = false;
        private int parallel = 4;
        private long partSize = 16 * MIB;
        private long multipartThreshold = 16 * MIB;
        private long copyThreshold = 256 * MIB;
        private long copyPartSize = 64 * MIB;
        // per read, not per request: a stalled connection fails (and is retried) after this long
        // while a slow but moving transfer of any size goes on
        private java.time.Duration socketTimeout = java.time.Duration.ofSeconds(60);
        private final List<ExecutionInterceptor> interceptors = new ArrayList<>();

        public Builder endpoint(String uri) {
            this.endpoint = uri == null ? null : OptionValues.httpUrl("S3", "endpoint", uri, "http://127.0.0.1:9000");
            return this;
        }

        public Builder region(String region) {
            this.region = region;
            return this;
        }

        public Builder pathStyle(PathStyle pathStyle) {
            this.pathStyle = Objects.requireNonNull(pathStyle);
            return this;
        }

        public Builder awsProfile(String name) {
            this.awsProfile = name;
            return this;
        }

        public Builder accessKeyEnv(String name) {
            this.accessKeyEnv = name;
            return this;
        }

        public Builder secretKeyEnv(String name) {
            this.secretKeyEnv = name;
            return this;
        }

        public Builder sessionTokenEnv(String name) {
            this.sessionTokenEnv = name;
            return this;
        }

        public Builder credentialsCommand(String command) {
            this.credentialsCommand = command;
            return this;
        }

        public Builder checksums(ChecksumMode mode) {
            this.checksums = Objects.requireNonNull(mode);
            return this;
        }

        public Builder stripHeaders(List<String> headers) {
            this.stripHeaders = headers.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
            return this;
        }

        public Builder chunkedEncoding(boolean on) {
            this.chunkedEncoding = on;
            return this;
        }

        public Builder parallel(int n) {
            this.parallel = Math.max(1, n);
            return this;
        }

        /** Size of the parts of a multipart upload; at most {@code parallel} parts are held in memory. */
        public Builder partSize(long bytes) {
            this.partSize = bytes;
            return this;
        }

        /** Objects larger than this are uploaded in parts. */
        public Builder multipartThreshold(long bytes) {
            this.multipartThreshold = bytes;
            return this;
        }

        /** Server-side copies of objects larger than this use parallel UploadPartCopy. */
        public Builder copyThreshold(long bytes) {
            this.copyThreshold = bytes;
            return this;
        }

        public Builder copyPartSize(long bytes) {
            this.copyPartSize = bytes;
            return this;
        }

        /** How long one read on a connection may wait for bytes before the request fails (and is retried). */
        public Builder socketTimeout(java.time.Duration timeout) {
            this.socketTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        /** Extra SDK interceptors (request accounting in tests). */
        public Builder interceptor(ExecutionInterceptor interceptor) {
            this.interceptors.add(interceptor);
            return this;
        }

        public S3Config build() {
            if (endpoint == null) {
                String fromEnv = environment().apply("AWS_ENDPOINT_URL_S3");
                if (fromEnv == null || fromEnv.isBlank()) {
                    fromEnv = environment().apply("AWS_ENDPOINT_URL");
                }
                if (fromEnv != null && !fromEnv.isBlank()) {
                    endpoint(fromEnv);
                }
            }
            return new S3Config(this);
        }
    }
}
