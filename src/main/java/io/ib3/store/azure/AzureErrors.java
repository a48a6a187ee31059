package io.ib3.store.azure;

import com.azure.core.exception.AzureException;
import com.azure.core.exception.ClientAuthenticationException;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobStorageException;
import io.ib3.store.object.Failure;
import io.ib3.store.object.Failure.Kind;
import io.ib3.store.object.ObjectErrors;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import static io.ib3.store.OptionValues.find;
import static io.ib3.store.OptionValues.firstLine;

/**
 * What Azure's answers mean in ib3's terms, and what the user can do about them. Built from status
 * and error codes and our own settings: never from the service's message text (an authentication
 * failure echoes the string it signed), headers or credentials.
 */
final class AzureErrors {

    private AzureErrors() {
    }

    static Failure classify(Throwable e) {
        BlobStorageException bse = find(e, BlobStorageException.class);
        if (bse != null) {
            return fromService(bse);
        }
        if (find(e, ClientAuthenticationException.class) != null || hasClass(e, "com.azure.identity.CredentialUnavailableException")) {
            return Failure.of(Kind.NO_CREDENTIALS, "no Azure token could be obtained");
        }
        if (find(e, UncheckedIOException.class) != null || find(e, IOException.class) != null) {
            // the request broke on the way (reset, closed): another try may pass
            return Failure.of(Kind.NETWORK, firstLine(e.getMessage()));
        }
        AzureException az = find(e, AzureException.class);
        if (az != null || e.getClass().getName().startsWith("com.azure")) {
            Throwable t = az != null ? az : e;
            return Failure.of(Kind.OTHER, t.getClass().getSimpleName() + ": " + firstLine(t.getMessage()));
        }
        return null;
    }

    private static boolean hasClass(Throwable e, String name) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getClass().getName().equals(name)) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static Failure fromService(BlobStorageException e) {
        int status = e.getStatusCode();
        BlobErrorCode code = e.getErrorCode();
        String label = status + (code == null ? "" : " " + code);
        if (BlobErrorCode.CONTAINER_NOT_FOUND.equals(code)) {
            return Failure.of(Kind.NO_CONTAINER, label);
        }
        if (BlobErrorCode.BLOB_NOT_FOUND.equals(code)) {
            return Failure.of(Kind.NOT_FOUND, label);
        }
        if (BlobErrorCode.AUTHENTICATION_FAILED.equals(code) || BlobErrorCode.INVALID_AUTHENTICATION_INFO.equals(code)
                || BlobErrorCode.NO_AUTHENTICATION_INFORMATION.equals(code)) {
            return Failure.of(Kind.BAD_CREDENTIALS, label);
        }
        if (BlobErrorCode.SERVER_BUSY.equals(code)) {
            return Failure.of(Kind.UNAVAILABLE, label);
        }
        if (status == 400 && code != null && code.toString().contains("InvalidHeaderValue")) {
            return new Failure(Kind.OTHER, "the service rejected a header (" + label + ")",
                    List.of("an emulator may not know the API version of the SDK: run Azurite with --skipApiVersionCheck"));
        }
        return Failure.ofStatus(status, label);
    }

    static List<String> hints(AzureConfig config, String account, Kind kind) {
        String source = config.credentialSource();
        return switch (kind) {
            case NO_CONTAINER -> List.of("check the container name in the location; ib3 never creates containers",
                    "check the account name and endpoint: of the profile if the container exists elsewhere");
            case BAD_CREDENTIALS -> config.defaultCredential
                    ? List.of("check the identity " + source + " finds: az account show, or the managed identity of this machine")
                    : List.of("check " + source + ": key or SAS of account " + account + ", not expired",
                            "a SAS needs the permissions ib3 uses: read, list, write, create, delete (rlwcd)");
            case DENIED -> {
                List<String> h = new ArrayList<>();
                if (config.defaultCredential) {
                    h.add("the identity " + source + " finds needs the role Storage Blob Data Contributor on the container"
                            + " (Storage Blob Data Reader for a source)");
                } else {
                    h.add("check " + source + ": a wrong key or SAS of account " + account
                            + " is refused so by emulators, a valid one lacks permission for this operation");
                    h.add("check the SAS permissions (rlwcd) or the account's network rules (firewall, private endpoint)");
                }
                yield h;
            }
            case NO_CREDENTIALS -> List.of(source + " found no identity: it tries AZURE_CLIENT_ID with AZURE_TENANT_ID and"
                            + " AZURE_CLIENT_SECRET or AZURE_FEDERATED_TOKEN_FILE, workload identity, the managed identity, then 'az login'",
                    "or reference a key instead: accountKeyEnv, sasTokenEnv or connectionStringEnv in the profile");
            case UNKNOWN_HOST -> List.of("check the account name in the location, or endpoint: in the profile");
            default -> ObjectErrors.networkHints(kind, "endpoint: in the profile", "storage service (or Azurite)");
        };
    }

    /** The Azure error code of a failure, or null. */
    static BlobErrorCode code(Throwable e) {
        BlobStorageException bse = find(e, BlobStorageException.class);
        return bse == null ? null : bse.getErrorCode();
    }

    static int status(Throwable e) {
        BlobStorageException bse = find(e, BlobStorageException.class);
        return bse == null ? -1 : bse.getStatusCode();
    }
}
