package io.ib3.store.object;

import java.util.List;

/**
 * What a vendor's failure means in ib3's terms: the kind decides what the store does (a missing
 * object is an answer, a throttled request is retried, a changed object ends a resumed read) and
 * which one-line message the user gets.
 *
 * @param kind  what happened
 * @param label the service's own words for messages: status and error code, e.g. {@code 403 AccessDenied}
 * @param hints hints for this failure in particular (empty: the client's {@link ObjectClient#hints} for the kind)
 */
public record Failure(Kind kind, String label, List<String> hints) {

    public Failure {
        hints = List.copyOf(hints);
    }

    public static Failure of(Kind kind, String label) {
        return new Failure(kind, label, List.of());
    }

    /**
     * What an HTTP status means when the service's error code said nothing more particular:
     * the one reading every vendor shares.
     */
    public static Failure ofStatus(int status, String label) {
        Kind kind = switch (status) {
            case 401 -> Kind.BAD_CREDENTIALS;
            case 403 -> Kind.DENIED;
            case 404 -> Kind.NOT_FOUND;
            case 412 -> Kind.CHANGED;
            case 416 -> Kind.BAD_RANGE;
            case 429 -> Kind.UNAVAILABLE;
            case 501 -> Kind.NOT_IMPLEMENTED;
            default -> status >= 500 ? Kind.UNAVAILABLE : Kind.OTHER;
        };
        return of(kind, label);
    }

    public enum Kind {
        /** The bucket or container does not exist (a usage error: ib3 never creates one). */
        NO_CONTAINER,
        /** The object does not exist. */
        NOT_FOUND,
        /** The object changed since the version a read is pinned to (412). */
        CHANGED,
        /** A ranged read starts at or past the end (416). */
        BAD_RANGE,
        /** The request went to the wrong region (S3). */
        WRONG_REGION,
        /** The credentials were refused as such (bad key, expired token). */
        BAD_CREDENTIALS,
        /** No credentials could be found. */
        NO_CREDENTIALS,
        /** The credentials are valid but not allowed this (403). */
        DENIED,
        /** The service failed or throttled (5xx, 429, 503 SlowDown): worth another try. */
        UNAVAILABLE,
        /** The service does not implement this request (501). */
        NOT_IMPLEMENTED,
        /** The endpoint's host name does not resolve. */
        UNKNOWN_HOST,
        /** Nothing listens at the endpoint. */
        REFUSED,
        /** The endpoint did not answer in time. */
        TIMEOUT,
        /** A connection broke (reset, closed, garbage): worth another try. */
        NETWORK,
        /** Anything else the service answered. */
        OTHER;

        /** Failures that another try of the same request may get past. */
        public boolean retryable() {
            return this == UNAVAILABLE || this == TIMEOUT || this == NETWORK;
        }
    }
}
