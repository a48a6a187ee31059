package io.ib3.store.gcs;

import io.ib3.error.Ib3Exception;
import io.ib3.store.OptionValues;
import io.ib3.store.object.ObjectConfig;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

import static io.ib3.store.OptionValues.MIB;

/**
 * How to reach Google Cloud Storage: a profile's options. Holds references to the service-account
 * key (a file path, or the name of a variable holding the path), never the key itself.
 */
public final class GcsConfig extends ObjectConfig {

    public static final Set<String> OPTION_KEYS = Set.of("endpoint", "projectId", "credentialsFile", "credentialsFileEnv",
            "credentials.env.credentialsFile", "chunkSize", "attempts");

    final URI endpoint;
    final String projectId;
    final String credentialsFile;
    final String credentialsFileEnv;
    final int chunkSize;
    final Function<String, String> env;

    private GcsConfig(Builder b) {
        super(b);
        this.endpoint = b.endpoint;
        this.projectId = b.projectId;
        this.credentialsFile = b.credentialsFile;
        this.credentialsFileEnv = b.credentialsFileEnv;
        this.chunkSize = b.chunkSize;
        this.env = env();
        if (credentialsFile != null && credentialsFileEnv != null) {
            throw Ib3Exception.usage("GCS options: give credentialsFile or credentialsFileEnv, not both");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public static GcsConfig fromOptions(Map<String, String> options, Function<String, String> env) {
        Builder b = builder().env(env);
        read("GCS", OPTION_KEYS, options, b, (key, v) -> {
            switch (key) {
                case "endpoint" -> b.endpoint(v);
                case "projectId" -> b.projectId(v);
                case "credentialsFile" -> b.credentialsFile(v);
                case "credentialsFileEnv", "credentials.env.credentialsFile" -> b.credentialsFileEnv(v);
                // a multiple of 256 KiB (a GCS rule for resumable uploads)
                case "chunkSize" -> b.chunkSize((int) (OptionValues.size("GCS", "chunkSize", v, 256 * 1024, 1024 * MIB) / (256 * 1024) * (256 * 1024)));
                default -> {
                    return false;
                }
            }
            return true;
        });
        return b.build();
    }

    public URI endpoint() {
        return endpoint;
    }

    /** Where the credentials come from, for hints; names only, never values. */
    String credentialSource() {
        if (credentialsFile != null) {
            return "the service-account key file " + credentialsFile;
        }
        if (credentialsFileEnv != null) {
            return "the service-account key file named by $" + credentialsFileEnv;
        }
        return "application default credentials (GOOGLE_APPLICATION_CREDENTIALS, gcloud auth application-default login, or the metadata server)";
    }

    String credentialReference() {
        return credentialsFile + "|" + credentialsFileEnv;
    }

    @Override
    public String toString() {
        return "GcsConfig[endpoint=" + (endpoint == null ? "google" : endpoint) + ", credentials=" + credentialSource() + "]";
    }

    public static final class Builder extends ObjectConfig.Builder<Builder> {
        private URI endpoint;
        private String projectId;
        private String credentialsFile;
        private String credentialsFileEnv;
        private int chunkSize = (int) (16 * MIB);

        public Builder endpoint(String uri) {
            this.endpoint = uri == null ? null : OptionValues.httpUrl("GCS", "endpoint", uri, "http://127.0.0.1:4443");
            return this;
        }

        public Builder projectId(String id) {
            this.projectId = id;
            return this;
        }

        public Builder credentialsFile(String path) {
            this.credentialsFile = path;
            return this;
        }

        public Builder credentialsFileEnv(String name) {
            this.credentialsFileEnv = name;
            return this;
        }

        /** Bytes per request of a resumable upload; one chunk is held in memory. */
        public Builder chunkSize(int bytes) {
            this.chunkSize = bytes;
            return this;
        }

        public GcsConfig build() {
            return new GcsConfig(this);
        }
    }
}
