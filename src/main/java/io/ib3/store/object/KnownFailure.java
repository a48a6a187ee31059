package io.ib3.store.object;

/**
 * A failure whose meaning only the request that got it knows (a 404 without an error code is "no
 * such bucket" when the bucket itself was asked for): the client throws it with the original
 * exception as cause, and {@link ObjectErrors} takes its {@link Failure} as it is.
 */
public final class KnownFailure extends RuntimeException {

    private final Failure failure;

    public KnownFailure(Failure failure, Throwable cause) {
        super(failure.label(), cause, false, false);
        this.failure = failure;
    }

    public Failure failure() {
        return failure;
    }
}
