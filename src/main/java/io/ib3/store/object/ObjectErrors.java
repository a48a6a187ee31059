package io.ib3.store.object;

import io.ib3.error.ExitCode;
import io.ib3.error.Ib3Exception;
import io.ib3.store.ObjectNotFoundException;
import io.ib3.store.OptionValues;
import io.ib3.store.StoreException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.util.List;

/**
 * Turns any failure of an {@link ObjectClient} into the one-line error the user sees: what ib3
 * was doing, the bucket (or container) and key, what went wrong in the service's own words
 * (status and error code), then hints. Built from status codes, error codes and ib3's settings,
 * never from request headers, signatures, service messages or credentials.
 */
public final class ObjectErrors {

    private ObjectErrors() {
    }

    /** What a failure means: the client's reading of its own answers, else the network cause in the chain, else null. */
    public static Failure classify(ObjectClient client, Throwable e) {
        KnownFailure known = OptionValues.find(e, KnownFailure.class);
        if (known != null) {
            return known.failure();
        }
        if (OptionValues.find(e, UnknownHostException.class) != null) {
            return Failure.of(Failure.Kind.UNKNOWN_HOST, "unknown host");
        }
        if (OptionValues.find(e, ConnectException.class) != null || OptionValues.find(e, NoRouteToHostException.class) != null) {
            return Failure.of(Failure.Kind.REFUSED, "connection refused");
        }
        if (OptionValues.find(e, SocketTimeoutException.class) != null || OptionValues.find(e, HttpTimeoutException.class) != null) {
            return Failure.of(Failure.Kind.TIMEOUT, "timeout");
        }
        return client.classify(e);
    }

    /**
     * The error for a failed operation.
     *
     * @param what what ib3 was doing, e.g. "cannot read"
     * @param key  the full key in the bucket, or "" for the bucket itself
     */
    public static RuntimeException map(ObjectClient client, String what, String key, Throwable e) {
        Ib3Exception ours = OptionValues.find(e, Ib3Exception.class);
        if (ours != null) {
            return ours; // from credential resolution, or already mapped: a user message
        }
        String container = client.containerUrl();
        String at = key == null || key.isEmpty() ? container : container + "/" + key;
        Failure f = classify(client, e);
        if (f == null) {
            if (e instanceof IOException || e instanceof UncheckedIOException) {
                return new StoreException(what + " " + at + ": " + OptionValues.firstLine(e.getMessage()), e);
            }
            if (e instanceof RuntimeException r) {
                return r; // a bug, not a store failure: its stack trace matters
            }
            return new StoreException(what + " " + at + ": " + OptionValues.firstLine(e.getMessage()), e);
        }
        String[] hints = (f.hints().isEmpty() ? client.hints(f.kind()) : f.hints()).toArray(String[]::new);
        String endpoint = client.endpointName();
        String label = f.label();
        return switch (f.kind()) {
            case NOT_FOUND -> new ObjectNotFoundException(container, key);
            case NO_CONTAINER -> new StoreException(ExitCode.USAGE, "no such " + client.containerNoun() + ": " + container
                    + " at " + endpoint, e, hints);
            case WRONG_REGION -> new StoreException(ExitCode.USAGE, what + " " + at + ": the bucket is in another region " + label, e, hints);
            case BAD_CREDENTIALS -> new StoreException(what + " " + at + ": the credentials were rejected by " + endpoint
                    + " (" + label + ")", e, hints);
            case NO_CREDENTIALS -> new StoreException(ExitCode.USAGE, what + " " + at + ": " + label, e, hints);
            case DENIED -> new StoreException(what + " " + at + ": access denied (" + label + ")", e, hints);
            case UNAVAILABLE -> new StoreException(what + " " + at + ": the service kept failing (" + label + ") after retries", e, hints);
            case UNKNOWN_HOST -> new StoreException(ExitCode.USAGE, what + " " + at + ": unknown host for endpoint " + endpoint, e, hints);
            case REFUSED -> new StoreException(what + " " + at + ": cannot connect to " + endpoint + " (connection refused)", e, hints);
            case TIMEOUT -> new StoreException(what + " " + at + ": " + endpoint + " did not answer in time", e, hints);
            case CHANGED -> new StoreException(what + " " + at + ": the object changed while it was read (" + label + ")", e,
                    hints.length > 0 ? hints : new String[] {"run the command again; a live source is read at its state then"});
            case NETWORK, BAD_RANGE, NOT_IMPLEMENTED, OTHER -> new StoreException(what + " " + at + ": " + label, e, hints);
        };
    }

    /** The kind of a failure, or OTHER when nothing says. */
    public static Failure.Kind kind(ObjectClient client, Throwable e) {
        Failure f = classify(client, e);
        return f == null ? Failure.Kind.OTHER : f.kind();
    }

    /** Hints for the network kinds that every vendor words alike, with its own endpoint setting. */
    public static List<String> networkHints(Failure.Kind kind, String endpointSetting, String server) {
        return switch (kind) {
            case REFUSED -> List.of("is the " + server + " running? check " + endpointSetting);
            case TIMEOUT -> List.of("check the network and the endpoint; retries were exhausted");
            case UNAVAILABLE -> List.of("try again later, or lower --parallel");
            default -> List.of();
        };
    }
}
