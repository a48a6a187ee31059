package io.ib3.shell;

import org.jline.reader.impl.history.DefaultHistory;

import java.time.Instant;
import java.util.regex.Pattern;

/**
 * The console's history, minus lines that carry a secret: a URI with a password
 * ({@code s3://key:secret@host}) or an assignment to a secret-looking name ({@code secretKey=…},
 * {@code AWS_SECRET_ACCESS_KEY=…}). ib3 refuses such input anyway; the history file must not
 * keep what was typed by mistake.
 */
public final class SecretFreeHistory extends DefaultHistory {

    private static final Pattern URI_WITH_PASSWORD = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://[^/@\\s:]*:[^/@\\s]+@");
    private static final Pattern SECRET_ASSIGNMENT = Pattern.compile(
            "(?i)(secret|password|passwd|token|accountkey|sastoken|connectionstring|apikey|privatekey)[a-z_-]*\\s*[=:]\\s*\\S");
    private static final Pattern SECRET_OPTION = Pattern.compile(
            "(?i)--[a-z-]*(secret|password|token|account-key|sas)[a-z-]*[ =]\\S");

    /** True when a typed line looks like it holds a secret. */
    public static boolean holdsSecret(String line) {
        return URI_WITH_PASSWORD.matcher(line).find() || SECRET_ASSIGNMENT.matcher(line).find()
                || SECRET_OPTION.matcher(line).find();
    }

    @Override
    public void add(Instant time, String line) {
        if (!holdsSecret(line)) {
            super.add(time, line);
        }
    }
}
