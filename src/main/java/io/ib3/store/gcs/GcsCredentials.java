package io.ib3.store.gcs;

import com.google.auth.Credentials;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.NoCredentials;
import io.ib3.error.Ib3Exception;
import io.ib3.store.OptionValues;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Turns the credential reference of a {@link GcsConfig} into Google credentials: a service-account
 * key file (by path, or by the name of a variable holding the path), no credentials for an
 * emulator endpoint, or the application default credentials. The key is read now and kept only
 * inside the client; its content is never put into messages.
 */
public final class GcsCredentials {

    private GcsCredentials() {
    }

    /** @param where names the store in messages, e.g. {@code gs://bucket/prefix} */
    public static Credentials resolve(GcsConfig config, String where) {
        String file = config.credentialsFile;
        String option = "credentialsFile";
        if (config.credentialsFileEnv != null) {
            file = OptionValues.requiredEnv(config.env, config.credentialsFileEnv, "credentialsFileEnv", where);
            option = "credentialsFileEnv";
        }
        if (file != null) {
            Path p = Path.of(file);
            if (!Files.isRegularFile(p)) {
                throw Ib3Exception.usage(where + ": the service-account key file " + p + " (" + option + ") does not exist",
                        "give the path of the JSON key downloaded from IAM > Service accounts > Keys");
            }
            try (InputStream in = Files.newInputStream(p)) {
                return GoogleCredentials.fromStream(in).createScoped("https://www.googleapis.com/auth/devstorage.read_write");
            } catch (IOException | RuntimeException e) {
                // never echo the file: it holds the private key
                throw Ib3Exception.usage(where + ": the service-account key file " + p + " cannot be read as a Google credential ("
                        + e.getClass().getSimpleName() + ")", "give the JSON key of a service account (\"type\": \"service_account\")");
            }
        }
        if (config.endpoint != null) {
            return NoCredentials.getInstance(); // an emulator or test server
        }
        try {
            return GoogleCredentials.getApplicationDefault();
        } catch (IOException e) {
            throw Ib3Exception.usage(where + ": no Google credentials found",
                    "set credentialsFile or credentialsFileEnv in the profile, export GOOGLE_APPLICATION_CREDENTIALS,"
                            + " or run 'gcloud auth application-default login'");
        }
    }
}
