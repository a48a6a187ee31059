package io.ib3.exec;

import com.fasterxml.jackson.annotation.JsonValue;

/** How an object reached the target. */
public enum CopyMethod {
    /** Read from the source and written to the target through ib3, checksummed on the way. */
    STREAMED("streamed"),
    /** Copied by the store itself; no bytes passed through ib3. */
    SERVER_SIDE("server-side"),
    /** Already in the target from an interrupted run (journaled, same size); not copied again. */
    SKIPPED_PRESENT("skipped-already-present");

    private final String label;

    CopyMethod(String label) {
        this.label = label;
    }

    @JsonValue
    public String label() {
        return label;
    }
}
