package io.ib3.layout;

import io.ib3.error.ExitCode;
import io.ib3.error.Ib3Exception;

import java.util.List;

/**
 * An InfluxDB 3 file does not have the format its key promises. The message is one line naming
 * the key and what is wrong ("snapshot node0/snapshots/….info.json is truncated at byte 812").
 */
public class LayoutFormatException extends Ib3Exception {

    private final String key;

    public LayoutFormatException(String key, String message, Throwable cause) {
        super(ExitCode.FAILED, message, List.of(), cause);
        this.key = key;
    }

    public LayoutFormatException(String key, String message) {
        this(key, message, null);
    }

    /** The key of the file at fault. */
    public String key() {
        return key;
    }
}
