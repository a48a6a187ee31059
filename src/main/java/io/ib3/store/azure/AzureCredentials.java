package io.ib3.store.azure;

import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.identity.DefaultAzureCredential;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.StorageSharedKeyCredential;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import io.ib3.error.Ib3Exception;
import io.ib3.store.OptionValues;
import io.ib3.work.RetryPolicy;

import java.time.Duration;
import java.util.Base64;
import java.util.Locale;

/**
 * Turns the credential reference of an {@link AzureConfig} into an SDK client for one account:
 * a connection string, an account key or a SAS token read from the environment at that moment,
 * or DefaultAzureCredential (managed identity, workload identity, Azure CLI …). Secrets are kept
 * only inside the SDK's credential objects and never put into messages.
 */
final class AzureCredentials {

    /** How requests are authorised; decides whether and how a server-side copy authorises its source. */
    enum Auth { SHARED_KEY, SAS, TOKEN }

    /** A built client and how it authorises. */
    record Connected(BlobServiceClient client, Auth auth, String sasToken) {
    }

    private AzureCredentials() {
    }

    static Connected connect(AzureConfig config, String account) {
        String where = "azblob://" + account;
        BlobServiceClientBuilder b = builder(config);
        String serviceUrl = serviceUrl(config, account);
        if (config.defaultCredential) {
            b.credential(defaultCredential(config)).endpoint(serviceUrl);
            return new Connected(b.buildClient(), Auth.TOKEN, null);
        }
        String connectionStringEnv = config.connectionStringEnv;
        if (connectionStringEnv == null && config.accountKeyEnv == null && config.sasTokenEnv == null) {
            String fallback = config.env.apply(AzureConfig.DEFAULT_CONNECTION_STRING_ENV);
            if (fallback == null || fallback.isBlank()) {
                throw Ib3Exception.usage(where + ": no Azure credentials",
                        "set connectionStringEnv, accountKeyEnv or sasTokenEnv in the profile (names of environment variables),"
                                + " credentials: {azure: default} for managed identity or Azure CLI,"
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
            if (config.endpoint != null) {
                b.endpoint(config.endpoint.toString());
            }
            boolean key = cs.toLowerCase(Locale.ROOT).contains("accountkey=");
            return new Connected(b.buildClient(), key ? Auth.SHARED_KEY : Auth.SAS, key ? null : sasFromConnectionString(cs));
        }
        if (config.accountKeyEnv != null) {
            String key = OptionValues.requiredEnv(config.env, config.accountKeyEnv, "accountKeyEnv", where);
            try {
                Base64.getDecoder().decode(key);
            } catch (IllegalArgumentException e) {
                throw Ib3Exception.usage(where + ": the account key in $" + config.accountKeyEnv + " is not base64",
                        "copy the key from the storage account's 'Access keys' page");
            }
            b.credential(new StorageSharedKeyCredential(account, key)).endpoint(serviceUrl);
            return new Connected(b.buildClient(), Auth.SHARED_KEY, null);
        }
        String sas = OptionValues.requiredEnv(config.env, config.sasTokenEnv, "sasTokenEnv", where);
        String token = sas.startsWith("?") ? sas.substring(1) : sas;
        b.sasToken(token).endpoint(serviceUrl);
        return new Connected(b.buildClient(), Auth.SAS, token);
    }

    /**
     * DefaultAzureCredential: environment (service principal or federated token), workload
     * identity, managed identity (optionally a user-assigned one by client id), Azure CLI, Azure
     * PowerShell, Azure Developer CLI. Nothing is contacted until the first request asks for a token.
     */
    static DefaultAzureCredential defaultCredential(AzureConfig config) {
        DefaultAzureCredentialBuilder d = new DefaultAzureCredentialBuilder().httpClient(httpClient());
        if (config.managedIdentityClientId != null) {
            d.managedIdentityClientId(config.managedIdentityClientId);
        }
        return d.build();
    }

    private static BlobServiceClientBuilder builder(AzureConfig config) {
        RetryPolicy retry = config.retryPolicy();
        return new BlobServiceClientBuilder()
                .httpClient(httpClient())
                .retryOptions(new RequestRetryOptions(RetryPolicyType.EXPONENTIAL, retry.attempts(),
                        // per try, body included: a 64 MiB block on a slow link still fits
                        (int) Duration.ofMinutes(10).toSeconds(),
                        retry.base().toMillis(), retry.cap().toMillis(), null));
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
    static String serviceUrl(AzureConfig config, String account) {
        return config.endpoint != null ? config.endpoint.toString() : "https://" + account + ".blob.core.windows.net";
    }
}
