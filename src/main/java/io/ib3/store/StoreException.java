package io.ib3.store;

import io.ib3.error.ExitCode;
import io.ib3.error.Ib3Exception;

import java.util.List;

/** A store operation failed. The message names the store location and key; no secrets. */
public class StoreException extends Ib3Exception {

    public StoreException(String message, Throwable cause, String... hints) {
        super(ExitCode.FAILED, message, List.of(hints), cause);
    }

    public StoreException(ExitCode code, String message, Throwable cause, String... hints) {
        super(code, message, List.of(hints), cause);
    }
}
