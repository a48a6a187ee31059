package io.ib3.store.azure;

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
 * How to reach one Azure storage account: a profile's options. Holds references to secrets (names
 * of environment variables), never the secrets, so it is safe to print.
 */
public final class AzureConfig extends ObjectConfig {

    /** Option keys understood in a profile's store options. */
    public static final Set<String> OPTION_KEYS = Set.of("endpoint", "connectionStringEnv", "accountKeyEnv",
            "sasTokenEnv", "credential", "managedIdentityClientId", "parallel", "blockSize", "singleUploadThreshold",
            "copyThreshold", "copyBlockSize", "attempts", "credentials.env.connectionString", "credentials.env.accountKey",
            "credentials.env.sasToken", "credentials.azure");

    /** Azure's largest Put Blob and Copy Blob From URL (synchronous copy). */
    static final long MAX_SYNC_COPY = 256 * MIB;
    /** Azure's largest block (API 2019-12-12 and later). */
    static final long MAX_BLOCK = 4000 * MIB;
    /** A block blob has at most 50,000 blocks. */
    static final int MAX_BLOCKS = 50_000;
    /** The variable the Azure tools read when nothing else is given. */
    static final String DEFAULT_CONNECTION_STRING_ENV = "AZURE_STORAGE_CONNECTION_STRING";

    final URI endpoint;
    final String connectionStringEnv;
    final String accountKeyEnv;
    final String sasTokenEnv;
    /** DefaultAzureCredential (managed identity, workload identity, Azure CLI …) instead of a key or SAS. */
    final boolean defaultCredential;
    /** The client id of a user-assigned managed identity, or null for the system-assigned one. */
    final String managedIdentityClientId;
    final int parallel;
    final long blockSize;
    final long singleUploadThreshold;
    final long copyThreshold;
    final long copyBlockSize;
    final Function<String, String> env;

    private AzureConfig(Builder b) {
        super(b);
        this.endpoint = b.endpoint;
        this.connectionStringEnv = b.connectionStringEnv;
        this.accountKeyEnv = b.accountKeyEnv;
        this.sasTokenEnv = b.sasTokenEnv;
        this.defaultCredential = b.defaultCredential;
        this.managedIdentityClientId = b.managedIdentityClientId;
        this.parallel = b.parallel;
        this.blockSize = b.blockSize;
        this.singleUploadThreshold = b.singleUploadThreshold;
        this.copyThreshold = b.copyThreshold;
        this.copyBlockSize = b.copyBlockSize;
        this.env = env();
        int forms = (connectionStringEnv == null ? 0 : 1) + (accountKeyEnv == null ? 0 : 1) + (sasTokenEnv == null ? 0 : 1)
                + (defaultCredential ? 1 : 0);
        if (forms > 1) {
            throw Ib3Exception.usage("Azure options: give one of connectionStringEnv, accountKeyEnv, sasTokenEnv, credential: default",
                    "each names an environment variable (a connection string already holds key or SAS), or default for"
                            + " DefaultAzureCredential");
        }
        if (managedIdentityClientId != null && !defaultCredential) {
            throw Ib3Exception.usage("Azure options: managedIdentityClientId goes with credential: default");
        }
        if (blockSize > MAX_BLOCK || copyBlockSize > MAX_BLOCK) {
            throw Ib3Exception.usage("Azure options: blockSize and copyBlockSize must be at most 4000MiB (an Azure limit)");
        }
        if (copyThreshold > MAX_SYNC_COPY) {
            throw Ib3Exception.usage("Azure options: copyThreshold must be at most 256MiB (the Copy Blob From URL limit)");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads a profile's options.
     *
     * @param env looks up environment variables (System::getenv outside tests)
     * @throws Ib3Exception (usage) naming the bad option
     */
    public static AzureConfig fromOptions(Map<String, String> options, Function<String, String> env) {
        return builderFromOptions(options, env).build();
    }

    public static Builder builderFromOptions(Map<String, String> options, Function<String, String> env) {
        Builder b = builder().env(env);
        read("Azure", OPTION_KEYS, options, b, (key, v) -> {
            switch (key) {
                case "endpoint" -> b.endpoint(v);
                case "connectionStringEnv", "credentials.env.connectionString" -> b.connectionStringEnv(v);
                case "accountKeyEnv", "credentials.env.accountKey" -> b.accountKeyEnv(v);
                case "sasTokenEnv", "credentials.env.sasToken" -> b.sasTokenEnv(v);
                case "credential", "credentials.azure" -> {
                    if (!v.equalsIgnoreCase("default")) {
                        throw Ib3Exception.usage("Azure option " + key + ": bad value '" + v + "'",
                                "the one value is default: DefaultAzureCredential (managed identity, workload identity, Azure CLI …)");
                    }
                    b.defaultCredential(true);
                }
                case "managedIdentityClientId" -> b.managedIdentityClientId(v);
                case "parallel" -> b.parallel((int) OptionValues.size("Azure", "parallel", v, 1, 256));
                case "blockSize" -> b.blockSize(OptionValues.size("Azure", "blockSize", v, MIB, MAX_BLOCK));
                case "singleUploadThreshold" -> b.singleUploadThreshold(OptionValues.size("Azure", "singleUploadThreshold", v, 0, MAX_SYNC_COPY));
                case "copyThreshold" -> b.copyThreshold(OptionValues.size("Azure", "copyThreshold", v, 0, MAX_SYNC_COPY));
                case "copyBlockSize" -> b.copyBlockSize(OptionValues.size("Azure", "copyBlockSize", v, MIB, MAX_BLOCK));
                default -> {
                    return false;
                }
            }
            return true;
        });
        return b;
    }

    /** The endpoint given in the profile, or null for the account's public endpoint (or the connection string's). */
    public URI endpoint() {
        return endpoint;
    }

    public int parallel() {
        return parallel;
    }

    /** Where the credentials come from, for hints; names only, never values. */
    String credentialSource() {
        if (defaultCredential) {
            return "DefaultAzureCredential" + (managedIdentityClientId == null ? "" : " (managed identity " + managedIdentityClientId + ")");
        }
        if (connectionStringEnv != null) {
            return "the connection string in $" + connectionStringEnv;
        }
        if (accountKeyEnv != null) {
            return "the account key in $" + accountKeyEnv;
        }
        if (sasTokenEnv != null) {
            return "the SAS token in $" + sasTokenEnv;
        }
        return "the connection string in $" + DEFAULT_CONNECTION_STRING_ENV;
    }

    /** What identifies "the same credentials" without holding the secret. */
    String credentialReference() {
        return connectionStringEnv + "|" + accountKeyEnv + "|" + sasTokenEnv + "|" + defaultCredential + "|" + managedIdentityClientId;
    }

    @Override
    public String toString() {
        return "AzureConfig[endpoint=" + (endpoint == null ? "public" : endpoint) + ", credentials=" + credentialSource()
                + ", parallel=" + parallel + ", blockSize=" + blockSize + "]";
    }

    public static final class Builder extends ObjectConfig.Builder<Builder> {
        private URI endpoint;
        private String connectionStringEnv;
        private String accountKeyEnv;
        private String sasTokenEnv;
        private boolean defaultCredential;
        private String managedIdentityClientId;
        private int parallel = 4;
        private long blockSize = 16 * MIB;
        private long singleUploadThreshold = 16 * MIB;
        private long copyThreshold = MAX_SYNC_COPY;
        private long copyBlockSize = 64 * MIB;

        public Builder endpoint(String uri) {
            this.endpoint = uri == null ? null
                    : OptionValues.httpUrl("Azure", "endpoint", uri, "http://127.0.0.1:10000/devstoreaccount1");
            return this;
        }

        public Builder connectionStringEnv(String name) {
            this.connectionStringEnv = name;
            return this;
        }

        public Builder accountKeyEnv(String name) {
            this.accountKeyEnv = name;
            return this;
        }

        public Builder sasTokenEnv(String name) {
            this.sasTokenEnv = name;
            return this;
        }

        /** DefaultAzureCredential instead of a key or SAS. */
        public Builder defaultCredential(boolean on) {
            this.defaultCredential = on;
            return this;
        }

        /** A user-assigned managed identity, by client id (not a secret). */
        public Builder managedIdentityClientId(String id) {
            this.managedIdentityClientId = id;
            return this;
        }

        public Builder parallel(int n) {
            this.parallel = Math.max(1, n);
            return this;
        }

        /** Size of the staged blocks of a large upload; at most {@code parallel} are held in memory. */
        public Builder blockSize(long bytes) {
            this.blockSize = bytes;
            return this;
        }

        /** Objects up to this size are written with one Put Blob. */
        public Builder singleUploadThreshold(long bytes) {
            this.singleUploadThreshold = bytes;
            return this;
        }

        /** Server-side copies up to this size use one Copy Blob From URL; larger ones Put Block From URL. */
        public Builder copyThreshold(long bytes) {
            this.copyThreshold = bytes;
            return this;
        }

        public Builder copyBlockSize(long bytes) {
            this.copyBlockSize = bytes;
            return this;
        }

        public AzureConfig build() {
            return new AzureConfig(this);
        }
    }
}
