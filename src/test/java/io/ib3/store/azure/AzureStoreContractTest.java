package io.ib3.store.azure;

import io.ib3.store.object.ObjectStore;
import io.ib3.store.Store;
import io.ib3.store.StoreContract;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.concurrent.atomic.AtomicInteger;

/** The store contract on Azurite: 4 MiB blocks so the large object takes several; 7 blobs a page. */
class AzureStoreContractTest extends StoreContract {

    @RegisterExtension
    static final AzuriteExtension AZ = new AzuriteExtension();

    private static final AtomicInteger N = new AtomicInteger();
    private static String container;

    @BeforeAll
    static void container() {
        container = AZ.newContainer();
    }

    @Override
    protected long largeSize() {
        return 14 * MIB; // four blocks, the last one short
    }

    @Override
    protected Store newStore() {
        // a fresh prefix per test: every test starts from an empty store
        return new ObjectStore<>(new AzureContainer(AZ.config().build(), AzuriteExtension.ACCOUNT, container), "contract/t" + N.incrementAndGet(), 7);
    }
}
