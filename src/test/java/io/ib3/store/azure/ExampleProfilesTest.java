package io.ib3.store.azure;

import io.ib3.profile.Profile;
import io.ib3.profile.ProfileReader;
import io.ib3.store.gcs.GcsConfig;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipped Azure and GCS example profiles give options their stores accept, with references only. */
class ExampleProfilesTest {

    @Test
    void azureAndGcsProfilesMapToStoreOptions() throws IOException {
        Profile az = new ProfileReader().read(Path.of("profiles", "core-azure.yaml"));
        assertTrue(az.location().startsWith("azblob://"));
        assertEquals("AZURE_STORAGE_CONNECTION_STRING", az.storeOptions().get("credentials.env.connectionString"));
        AzureConfig ac = AzureConfig.fromOptions(az.storeOptions(), k -> null);
        assertEquals(8, ac.parallel());
        assertTrue(ac.credentialSource().contains("$AZURE_STORAGE_CONNECTION_STRING"));

        Profile gs = new ProfileReader().read(Path.of("profiles", "core-gcs.yaml"));
        assertTrue(gs.location().startsWith("gs://"));
        GcsConfig gc = GcsConfig.fromOptions(gs.storeOptions(), k -> null);
        assertTrue(gc.toString().contains("$IB3_GCS_KEY_FILE"), gc.toString());
    }
}
