package io.ib3.store.azure;

import com.azure.core.exception.ClientAuthenticationException;
import com.azure.identity.CredentialUnavailableException;
import com.azure.identity.DefaultAzureCredential;
import io.ib3.error.ExitCode;
import io.ib3.error.Ib3Exception;
import io.ib3.profile.Profile;
import io.ib3.profile.ProfileReader;
import io.ib3.store.Capability;
import io.ib3.store.object.ObjectErrors;
import io.ib3.store.object.ObjectStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DefaultAzureCredential as an auth option: what can be checked without Azure. Nothing here asks
 * for a token: that would probe the instance metadata service and run the Azure CLI.
 */
class AzureDefaultCredentialTest {

    @Test
    void theProfileFormAndTheOptionBothSelectIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("az.yaml");
        Files.writeString(file, "location: azblob://acct/backups/core\ncredentials: {azure: default}\n");
        Profile p = new ProfileReader().read(file);
        assertEquals("default", p.storeOptions().get("credentials.azure"));
        AzureConfig fromProfile = AzureConfig.fromOptions(p.storeOptions(), k -> null);
        assertTrue(fromProfile.defaultCredential);
        assertTrue(fromProfile.credentialSource().contains("DefaultAzureCredential"), fromProfile.credentialSource());
        AzureConfig fromOption = AzureConfig.fromOptions(Map.of("credential", "default", "managedIdentityClientId",
                "00000000-0000-0000-0000-000000000001"), k -> null);
        assertTrue(fromOption.credentialSource().contains("00000000-0000-0000-0000-000000000001"));

        Files.writeString(file, "location: azblob://acct/backups/core\ncredentials: {azure: sometimes}\n");
        Ib3Exception bad = assertThrows(Ib3Exception.class, () -> new ProfileReader().read(file));
        assertTrue(bad.getMessage().contains("credentials.azure"), bad.getMessage());
    }

    @Test
    void wrongValuesAndMixedFormsAreUsageErrors() {
        Ib3Exception value = assertThrows(Ib3Exception.class, () -> AzureConfig.fromOptions(Map.of("credential", "cli"), k -> null));
        assertEquals(ExitCode.USAGE, value.exitCode());
        assertFalse(value.getMessage().contains("\n"));
        assertThrows(Ib3Exception.class, () -> AzureConfig.fromOptions(Map.of("credential", "default", "accountKeyEnv", "K"), k -> null));
        assertThrows(Ib3Exception.class, () -> AzureConfig.fromOptions(Map.of("managedIdentityClientId", "x"), k -> null));
    }

    @Test
    void theClientIsBuiltWithTheCredentialAndNoSecret() {
        AzureConfig config = AzureConfig.fromOptions(Map.of("credential", "default"), k -> null);
        assertInstanceOf(DefaultAzureCredential.class, AzureCredentials.defaultCredential(config));
        AzureCredentials.Connected c = AzureCredentials.connect(config, "acct");
        assertEquals(AzureCredentials.Auth.TOKEN, c.auth());
        assertEquals("https://acct.blob.core.windows.net", c.client().getAccountUrl());
        ObjectStore<AzureContainer> store = new ObjectStore<>(new AzureContainer(config, "acct", "backups"), "core");
        // a copy's source URL needs a SAS; with a token the bytes go through ib3: declared, not probed
        assertFalse(store.has(Capability.SERVER_SIDE_COPY));
        assertFalse(store.canCopyServerSide(new ObjectStore<>(new AzureContainer(config, "acct", "other"), "")));
        assertTrue(new ObjectStore<>(new AzureContainer(AzureConfig.fromOptions(Map.of("accountKeyEnv", "K"), k -> null), "acct", "c"), "")
                .has(Capability.SERVER_SIDE_COPY));
    }

    @Test
    void noIdentityFoundIsOneLineWithHints() {
        AzureContainer container = new AzureContainer(AzureConfig.fromOptions(Map.of("credential", "default"), k -> null), "acct", "c");
        for (RuntimeException cause : new RuntimeException[] {
                new CredentialUnavailableException("DefaultAzureCredential failed to retrieve a token from the included credentials."),
                new ClientAuthenticationException("ManagedIdentityCredential authentication unavailable.", null)}) {
            RuntimeException mapped = ObjectErrors.map(container, "cannot list", "core", cause);
            Ib3Exception e = assertInstanceOf(Ib3Exception.class, mapped);
            assertEquals(ExitCode.USAGE, e.exitCode());
            assertEquals("cannot list azblob://acct/c/core: no Azure token could be obtained", e.getMessage());
            assertTrue(String.join(" ", e.hints()).contains("az login"), e.hints().toString());
        }
    }
}
