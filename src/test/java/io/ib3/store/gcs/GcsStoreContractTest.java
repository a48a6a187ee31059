package io.ib3.store.gcs;

import io.ib3.store.object.ObjectStore;
import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import io.ib3.store.Store;
import io.ib3.store.StoreContract;

/**
 * The store contract on LocalStorageHelper, google-cloud-nio's in-process fake (no GCS server can
 * run here). Its paging is broken when a page size is set, so these stores never set one.
 */
class GcsStoreContractTest extends StoreContract {

    @Override
    protected long largeSize() {
        return 3 * MIB + 12345; // several 1 MiB chunks of a resumable upload, the last one short
    }

    @Override
    protected Store newStore() {
        GcsConfig config = GcsConfig.builder().chunkSize(1024 * 1024).build();
        return new ObjectStore<>(new GcsBucket(config, LocalStorageHelper.customOptions(false).getService(), "bucket"), "contract");
    }
}
