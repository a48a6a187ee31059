package io.ib3.store.azure;

import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.StorageSharedKeyCredential;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import io.ib3.error.Ib3Exception;
import io.ib3.store.OptionValues;

import java.time.Duration;
import java.util.Locale;

/**
 * One Azure storage account as ib3 talks to it: the settings, and a {@link BlobServiceClient}
 * built on first use. Secrets are read from the environment at that moment and kept only inside
 * the SDK's credential objects.
 */
final class AzureConnection {

    /** How requests are authorised; decides how a server-side copy authorises its source. */
    enum Auth { SHARED_KEY, SAS }

    final AzureConfig config;
    final String account;
    private volatile BlobServiceClient client;
    private volatile Auth auth;
    private volatile String sasToken;

    AzureConnection(AzureConfig config, String account) {
        this.config = config;
        this.account = account;
    }

    BlobServiceClient client() {
        BlobServiceClient c = client;
        if (c == null) {
            synchronized (this) {
                c = client;
                if (c == null) {
                    c = build();
                    client = c;
                }
            }
        }
        return c;
    }

    BlobContainerClient container(String name) {
        return client().getBlobContainerClient(name);
    }

    Auth auth() {
        client();
        return auth;
    }

    /** The SAS token requests carry when the account is reached by SAS, else null. */
    String sasToken() {
        client();
        return sasToken;
    }

    private BlobServiceClient build() {
        String where = "azblob://" + account;
        BlobServiceClientBuilder b = new BlobServiceClientBuilder()
                .httpClient(httpClient())
                .retryOptions(new RequestRetryOptions(RetryPolicyType.EXPONENTIAL,
                        config.attempts,
                        // per try, body included: a 64 MiB block on a slow link still fits
                        (int) Duration.ofMinutes(10).toSeconds(),
                        200L, 20_000L, null));
        String connectionStringEnv = config.connectionStringEnv;
        if (connectionStringEnv == null && config.accountKeyEnv == null && config.sasTokenEnv == null) {
            String fallback = config.env.apply(AzureConfig.DEFAULT_CONNECTION_STRING_ENV);
            if (fallback == null || fallback.isBlank()) {
                throw Ib3Exception.usage(where + ": no Azure credentials",
                        "set connectionStringEnv, accountKeyEnv or sasTokenEnv in the profile (names of environment variables),"
                                + " or export " + AzureConfig.DEFAULT_CONNECTION_STRING_ENV);
            }
            connectionStringEnv = AzureConfig.DEFAULT_CONNECTION_STRING_ENV;
        }
        if (connectionStringEnv != null) {
            String cs = OptionValues.requiredEnv(config.env, connectionStringEnv, "connectionStringEnv", where);
            try {
                b.connectionString(cs);
            } catch (IllegalArgumentException e) {
                // never echo the connection string: it holds the key
                throw Ib3Exception.usage(where + ": the connection string in $" + connectionStringEnv + " cannot be read",
                        "it looks like DefaultEndpointsProtocol=https;AccountName=…;AccountKey=…;EndpointSuffix=core.windows.net");
            }
            String lower = cs.toLowerCase(Locale.ROOT);
            auth = lower.contains("accountkey=") ? Auth.SHARED_KEY : Auth.SAS;
            if (auth == Auth.SAS) {
                sasToken = sasFromConnectionString(cs);
            }
            if (config.endpoint != null) {
                b.endpoint(config.endpoint.toString());
            }
        } else if (config.accountKeyEnv != null) {
            String key = OptionValues.requiredEnv(config.env, config.accountKeyEnv, "accountKeyEnv", where);
            try {
                java.util.Base64.getDecoder().decode(key);
            } catch (IllegalArgumentException e) {
                throw Ib3Exception.usage(where + ": the account key in $" + config.accountKeyEnv + " is not base64",
                        "copy the key from the storage account's 'Access keys' page");
            }
            b.credential(new StorageSharedKeyCredential(account, key)).endpoint(serviceUrl());
            auth = Auth.SHARED_KEY;
        } else {
            String sas = OptionValues.requiredEnv(config.env, config.sasTokenEnv, "sasTokenEnv", where);
            sasToken = sas.startsWith("?") ? sas.substring(1) : sas;
            b.sasToken(sasToken).endpoint(serviceUrl());
            auth = Auth.SAS;
        }
        return b.buildClient();
    }

    private static String sasFromConnectionString(String cs) {
        for (String part : cs.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).strip().equalsIgnoreCase("SharedAccessSignature")) {
                return part.substring(eq + 1).strip();
            }
        }
        return null;
    }

    private static HttpClient httpClient() {
        // the JDK's own client: no Netty in the jar; connections are pooled by the JDK
        return new JdkHttpClientBuilder().connectionTimeout(Duration.ofSeconds(10)).build();
    }

    /** The blob service URL: the profile's endpoint or the account's public one. */
    String serviceUrl() {
        return config.endpoint != null ? config.endpoint.toString() : "https://" + account + ".blob.core.windows.net";
    }

    /** Where this connection goes, for messages: the endpoint, never credentials. */
    String endpointName() {
        return client == null ? serviceUrl() : client.getAccountUrl();
    }

    /** What must be equal for a server-side copy between two connections. */
    String identity() {
        return account + "|" + serviceUrl() + "|" + config.credentialReference();
    }
}
