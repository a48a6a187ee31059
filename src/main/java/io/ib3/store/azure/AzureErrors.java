package io.ib3.store.azure;

import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobStorageException;
import io.ib3.error.ExitCode;
import io.ib3.error.Ib3Exception;
import io.ib3.store.ObjectNotFoundException;
import io.ib3.store.StoreException;

import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;

import static io.ib3.store.OptionValues.find;
import static io.ib3.store.OptionValues.firstLine;

/**
 * Turns SDK exceptions into one-line ib3 errors naming account, container and key, with hints.
 * Messages are built from status and error codes and our own settings: never from the service's
 * message text (an authentication failure echoes the string it signed), headers or credentials.
 */
final class AzureErrors {

    private AzureErrors() {
    }

    /**
     * @param what      what ib3 was doing, e.g. "cannot read"
     * @param container the container
     * @param key       the blob name, or "" for the container itself
     */
    static RuntimeException map(AzureConnection conn, String what, String container, String key, Throwable e) {
        Ib3Exception ours = find(e, Ib3Exception.class);
        if (ours != null) {
            return ours; // from credential resolution: already a user message
        }
        String at = "azblob://" + conn.account + "/" + container + (key == null || key.isEmpty() ? "" : "/" + key);
        BlobStorageException bse = find(e, BlobStorageException.class);
        if (bse != null) {
            return fromService(conn, what, at, container, key, bse);
        }
        if (find(e, UnknownHostException.class) != null) {
            return new StoreException(ExitCode.USAGE, what + " " + at + ": unknown host for endpoint " + conn.endpointName(), e,
                    "check the account name in the location, or endpoint: in the profile");
        }
        if (find(e, ConnectException.class) != null) {
            return new StoreException(what + " " + at + ": cannot connect to " + conn.endpointName() + " (connection refused)", e,
                    "is the storage service (or Azurite) running? check endpoint: in the profile");
        }
        if (find(e, HttpConnectTimeoutException.class) != null || find(e, HttpTimeoutException.class) != null) {
            return new StoreException(what + " " + at + ": " + conn.endpointName() + " did not answer in time", e,
                    "check the network and the endpoint; retries were exhausted");
        }
        if (e instanceof UncheckedIOException || e instanceof java.io.IOException) {
            return new StoreException(what + " " + at + ": " + firstLine(e.getMessage()), e);
        }
        if (e instanceof RuntimeException r && !(e.getClass().getName().startsWith("com.azure"))) {
            return r;
        }
        return new StoreException(what + " " + at + ": " + e.getClass().getSimpleName() + ": " + firstLine(e.getMessage()), e);
    }

    private static RuntimeException fromService(AzureConnection conn, String what, String at, String container, String key,
                                                BlobStorageException e) {
        int status = e.getStatusCode();
        BlobErrorCode code = e.getErrorCode();
        String label = status + (code == null ? "" : " " + code);
        if (BlobErrorCode.CONTAINER_NOT_FOUND.equals(code)) {
            return new StoreException(ExitCode.USAGE, "no such container: azblob://" + conn.account + "/" + container
                    + " at " + conn.endpointName(), e,
                    "check the container name in the location; ib3 never creates containers",
                    "check the account name and endpoint: of the profile if the container exists elsewhere");
        }
        if (BlobErrorCode.BLOB_NOT_FOUND.equals(code) || (status == 404 && key != null && !key.isEmpty())) {
            return new ObjectNotFoundException("azblob://" + conn.account + "/" + container, key);
        }
        if (BlobErrorCode.AUTHENTICATION_FAILED.equals(code) || BlobErrorCode.INVALID_AUTHENTICATION_INFO.equals(code)
                || BlobErrorCode.NO_AUTHENTICATION_INFORMATION.equals(code)) {
            return new StoreException(what + " " + at + ": the credentials were rejected by " + conn.endpointName()
                    + " (" + label + ")", e,
                    "check " + conn.config.credentialSource() + ": key or SAS of account " + conn.account + ", not expired",
                    "a SAS needs the permissions ib3 uses: read, list, write, create, delete (rlwcd)");
        }
        if (status == 403) {
            return new StoreException(what + " " + at + ": access denied (" + label + ")", e,
                    "check " + conn.config.credentialSource() + ": a wrong key or SAS of account " + conn.account
                            + " is refused so by emulators, a valid one lacks permission for this operation",
                    "check the SAS permissions (rlwcd) or the account's network rules (firewall, private endpoint)");
        }
        if (status == 503 || status == 500 || BlobErrorCode.SERVER_BUSY.equals(code)) {
            return new StoreException(what + " " + at + ": the service kept failing (" + label + ") after retries", e,
                    "try again later, or lower --parallel");
        }
        if (status == 400 && code != null && code.toString().contains("InvalidHeaderValue")) {
            return new StoreException(what + " " + at + ": the service rejected a header (" + label + ")", e,
                    "an emulator may not know the API version of the SDK: run Azurite with --skipApiVersionCheck");
        }
        return new StoreException(what + " " + at + ": " + label, e);
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
