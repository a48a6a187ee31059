package io.ib3.store.s3;

import io.ib3.error.ExitCode;
import io.ib3.error.Ib3Exception;
import io.ib3.store.ObjectNotFoundException;
import io.ib3.store.StoreException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.Set;

/**
 * Turns SDK exceptions into one-line ib3 errors that name the bucket and key and say what to do.
 * Messages are built from status codes, error codes and our own settings: never from request
 * headers, signatures or credentials.
 */
final class S3Errors {

    private static final Set<String> BAD_CREDENTIALS = Set.of("InvalidAccessKeyId", "SignatureDoesNotMatch",
            "ExpiredToken", "InvalidToken", "TokenRefreshRequired", "InvalidClientTokenId", "AuthFailure",
            "InvalidSecurity", "MissingSecurityHeader");

    private S3Errors() {
    }

    /**
     * The error for a failed operation.
     *
     * @param what what ib3 was doing, e.g. "cannot read"
     * @param key  the full key in the bucket, or "" for the bucket itself
     */
    static RuntimeException map(S3Connection conn, String what, String key, Throwable e) {
        Ib3Exception ours = find(e, Ib3Exception.class);
        if (ours != null) {
            return ours; // from a credentials provider: already a user message
        }
        String at = "s3://" + conn.bucket + (key == null || key.isEmpty() ? "" : "/" + key);
        if (e instanceof S3Exception s3) {
            return fromService(conn, what, at, key, s3);
        }
        if (e instanceof SdkClientException) {
            return fromClient(conn, what, at, (SdkClientException) e);
        }
        if (e instanceof SdkException) {
            return new StoreException(what + " " + at + ": " + firstLine(e.getMessage()), e);
        }
        if (e instanceof RuntimeException r) {
            return r;
        }
        return new StoreException(what + " " + at + ": " + firstLine(e.getMessage()), e);
    }

    private static RuntimeException fromService(S3Connection conn, String what, String at, String key, S3Exception e) {
        int status = e.statusCode();
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        String label = status + (code == null || code.isEmpty() ? "" : " " + code);
        if ("NoSuchBucket".equals(code) || (status == 404 && (key == null || key.isEmpty()) && code == null)) {
            return new StoreException(ExitCode.USAGE, "no such bucket: s3://" + conn.bucket + " at " + conn.endpointName(), e,
                    "check the bucket name in the location; ib3 never creates buckets",
                    "check endpoint and region of the profile if the bucket exists elsewhere");
        }
        if ("NoSuchKey".equals(code) || (status == 404 && key != null && !key.isEmpty())) {
            return new ObjectNotFoundException("s3://" + conn.bucket, key);
        }
        Optional<String> bucketRegion = e.awsErrorDetails() == null ? Optional.empty()
                : e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("x-amz-bucket-region");
        if (status == 301 || "PermanentRedirect".equals(code)
                || ("AuthorizationHeaderMalformed".equals(code) && bucketRegion.isPresent())) {
            String right = bucketRegion.orElse(null);
            return new StoreException(ExitCode.USAGE, what + " " + at + ": the bucket is in another region than "
                    + conn.region() + " (" + label + ")", e,
                    right == null ? "set the bucket's region as region: in the profile, or in AWS_REGION"
                            : "the bucket is in region " + right + ": set region: " + right
                            + " in the profile, or AWS_REGION=" + right);
        }
        if (code != null && BAD_CREDENTIALS.contains(code)) {
            return new StoreException(what + " " + at + ": the credentials were rejected by " + conn.endpointName()
                    + " (" + label + ")", e,
                    "check the credentials from " + conn.config.credentialSource(),
                    "ExpiredToken: refresh the session (aws sso login, or a new AWS_SESSION_TOKEN)");
        }
        if (status == 403) {
            return new StoreException(what + " " + at + ": access denied (" + label + ")", e,
                    "the credentials from " + conn.config.credentialSource()
                            + " are not allowed this operation, or are wrong",
                    "check the IAM/bucket policy (s3:ListBucket, s3:GetObject, s3:PutObject, s3:DeleteObject)");
        }
        if (status == 503 || status == 500 || "SlowDown".equals(code)) {
            return new StoreException(what + " " + at + ": the server kept failing (" + label + ") after retries", e,
                    "try again later, or lower --parallel");
        }
        String detail = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
        return new StoreException(what + " " + at + ": " + label
                + (detail == null || detail.isBlank() ? "" : ": " + firstLine(detail)), e);
    }

    private static RuntimeException fromClient(S3Connection conn, String what, String at, SdkClientException e) {
        if (find(e, UnknownHostException.class) != null) {
            return new StoreException(ExitCode.USAGE, what + " " + at + ": unknown host for endpoint "
                    + conn.endpointName(), e,
                    "check endpoint: in the profile, or AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_S3",
                    "virtual-hosted style needs DNS for <bucket>.<host>: try pathStyle: true");
        }
        if (find(e, ConnectException.class) != null || find(e, NoRouteToHostException.class) != null) {
            return new StoreException(what + " " + at + ": cannot connect to " + conn.endpointName()
                    + " (connection refused)", e,
                    "is the S3 server running? check endpoint: in the profile, or AWS_ENDPOINT_URL");
        }
        if (find(e, SocketTimeoutException.class) != null) {
            return new StoreException(what + " " + at + ": " + conn.endpointName() + " did not answer in time", e,
                    "check the network and the endpoint; retries were exhausted");
        }
        String msg = firstLine(e.getMessage());
        if (msg.contains("credentials")) {
            return new StoreException(ExitCode.USAGE, what + " " + at + ": no AWS credentials found", e,
                    "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or accessKeyEnv/secretKeyEnv,"
                            + " awsProfile or credentialsCommand in the profile");
        }
        return new StoreException(what + " " + at + ": " + msg, e);
    }

    static <T extends Throwable> T find(Throwable e, Class<T> type) {
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

    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }
}
