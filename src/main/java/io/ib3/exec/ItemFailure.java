package io.ib3.exec;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * An object that did not get copied, and why.
 *
 * @param sourceKey source key
 * @param targetKey target key
 * @param phase     phase name
 * @param kind      what went wrong
 * @param message   one line naming the store and key
 */
public record ItemFailure(String sourceKey, String targetKey, String phase, Kind kind, String message) {

    public enum Kind {
        /** The source object does not exist (any more). */
        NOT_FOUND("not-found"),
        /** The source delivered a different number of bytes than planned: it changed while copying. */
        SIZE_MISMATCH("size-mismatch"),
        /** The content does not have the expected CRC32C. */
        CHECKSUM_MISMATCH("checksum-mismatch"),
        /** A store error that retries did not cure. */
        STORE_ERROR("store-error"),
        /** The run was cancelled while the object was being copied. */
        CANCELLED("cancelled");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        @JsonValue
        public String label() {
            return label;
        }
    }
}
