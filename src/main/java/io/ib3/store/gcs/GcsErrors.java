package io.ib3.store.gcs;

import com.google.cloud.storage.StorageException;
import io.ib3.store.object.Failure;
import io.ib3.store.object.Failure.Kind;
import io.ib3.store.object.ObjectErrors;

import java.util.List;
import java.util.Locale;

import static io.ib3.store.OptionValues.find;
import static io.ib3.store.OptionValues.firstLine;

/**
 * What GCS's answers mean in ib3's terms, and what the user can do about them; built from status
 * codes and reasons, never from credentials.
 */
final class GcsErrors {

    private GcsErrors() {
    }

    static Failure classify(Throwable e) {
        StorageException se = find(e, StorageException.class);
        if (se == null) {
            return null;
        }
        int code = se.getCode();
        String label = code + (se.getReason() == null ? "" : " " + se.getReason());
        String message = se.getMessage() == null ? "" : se.getMessage().toLowerCase(Locale.ROOT);
        if (code == 404 && message.contains("bucket does not exist")) {
            return Failure.of(Kind.NO_CONTAINER, label);
        }
        if (code == 0) {
            // the client's own I/O failure (a connection broke): another try may pass
            return Failure.of(Kind.NETWORK, firstLine(se.getMessage()));
        }
        return Failure.ofStatus(code, label);
    }

    static List<String> hints(GcsConfig config, Kind kind) {
        return switch (kind) {
            case NO_CONTAINER -> List.of("check the bucket name in the location; ib3 never creates buckets");
            case BAD_CREDENTIALS -> List.of("check " + config.credentialSource());
            case DENIED -> List.of("the account of " + config.credentialSource() + " needs roles/storage.objectAdmin on the bucket");
            case UNKNOWN_HOST -> List.of("check endpoint: in the profile");
            default -> ObjectErrors.networkHints(kind, "endpoint: in the profile", "GCS endpoint");
        };
    }
}
