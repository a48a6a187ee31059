package io.ib3.store.s3;

import io.ib3.store.OptionValues;
import io.ib3.store.object.Failure;
import io.ib3.store.object.Failure.Kind;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What S3's answers mean in ib3's terms, and what the user can do about them. Built from status
 * codes, error codes and our own settings: never from request headers, signatures or credentials.
 */
final class S3Errors {

    private static final Set<String> BAD_CREDENTIALS = Set.of("InvalidAccessKeyId", "SignatureDoesNotMatch",
            "ExpiredToken", "InvalidToken", "TokenRefreshRequired", "InvalidClientTokenId", "AuthFailure",
            "InvalidSecurity", "MissingSecurityHeader");

    private S3Errors() {
    }

    static Failure classify(S3Bucket bucket, Throwable e) {
        S3Exception s3 = OptionValues.find(e, S3Exception.class);
        if (s3 != null) {
            return fromService(bucket, s3);
        }
        SdkClientException client = OptionValues.find(e, SdkClientException.class);
        if (client != null) {
            String msg = OptionValues.firstLine(client.getMessage());
            if (msg.contains("credentials")) {
                return Failure.of(Kind.NO_CREDENTIALS, "no AWS credentials found");
            }
            // the SDK gave up on a connection (reset, closed, malformed answer): another try may pass
            return Failure.of(Kind.NETWORK, msg);
        }
        SdkException sdk = OptionValues.find(e, SdkException.class);
        return sdk == null ? null : Failure.of(Kind.OTHER, OptionValues.firstLine(sdk.getMessage()));
    }

    private static Failure fromService(S3Bucket bucket, S3Exception e) {
        int status = e.statusCode();
        String code = S3Bucket.code(e);
        String label = status + (code == null || code.isEmpty() ? "" : " " + code);
        if ("NoSuchBucket".equals(code)) {
            return Failure.of(Kind.NO_CONTAINER, label);
        }
        if ("NoSuchKey".equals(code)) {
            return Failure.of(Kind.NOT_FOUND, label);
        }
        Optional<String> bucketRegion = e.awsErrorDetails() == null ? Optional.empty()
                : e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("x-amz-bucket-region");
        if (status == 301 || "PermanentRedirect".equals(code)
                || ("AuthorizationHeaderMalformed".equals(code) && bucketRegion.isPresent())) {
            String right = bucketRegion.orElse(null);
            return new Failure(Kind.WRONG_REGION, "than " + bucket.region() + " (" + label + ")",
                    right == null ? List.of() : List.of("the bucket is in region " + right + ": set region: " + right
                            + " in the profile, or AWS_REGION=" + right));
        }
        if (code != null && BAD_CREDENTIALS.contains(code)) {
            return Failure.of(Kind.BAD_CREDENTIALS, label);
        }
        if ("SlowDown".equals(code)) {
            return Failure.of(Kind.UNAVAILABLE, label);
        }
        Failure f = Failure.ofStatus(status, label);
        String detail = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
        return f.kind() != Kind.OTHER || detail == null || detail.isBlank() ? f
                : Failure.of(Kind.OTHER, label + ": " + OptionValues.firstLine(detail));
    }

    static List<String> hints(S3Config config, Kind kind) {
        return switch (kind) {
            case NO_CONTAINER -> List.of("check the bucket name in the location; ib3 never creates buckets",
                    "check endpoint and region of the profile if the bucket exists elsewhere");
            case WRONG_REGION -> List.of("set the bucket's region as region: in the profile, or in AWS_REGION");
            case BAD_CREDENTIALS -> List.of("check the credentials from " + config.credentialSource(),
                    "ExpiredToken: refresh the session (aws sso login, or a new AWS_SESSION_TOKEN)");
            case NO_CREDENTIALS -> List.of("set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or accessKeyEnv/secretKeyEnv,"
                    + " awsProfile or credentialsCommand in the profile");
            case DENIED -> List.of("the credentials from " + config.credentialSource() + " are not allowed this operation, or are wrong",
                    "check the IAM/bucket policy (s3:ListBucket, s3:GetObject, s3:PutObject, s3:DeleteObject)");
            case UNKNOWN_HOST -> List.of("check endpoint: in the profile, or AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_S3",
                    "virtual-hosted style needs DNS for <bucket>.<host>: try pathStyle: true");
            case NOT_IMPLEMENTED -> List.of("an S3-compatible server may not know a header: see stripHeaders and checksums in docs/s3.md");
            default -> io.ib3.store.object.ObjectErrors.networkHints(kind, "endpoint: in the profile, or AWS_ENDPOINT_URL", "S3 server");
        };
    }
}
