package io.ib3.store.vfs;

import io.ib3.store.Store;
import io.ib3.store.StoreContract;
import io.ib3.store.StoreFactory;

import java.util.Map;
import java.util.UUID;

/** The store contract on VFS's own ram:// provider, through {@link VfsStore}. */
class RamStoreContractTest extends StoreContract {

    @Override
    protected long largeSize() {
        return 12 * MIB; // in memory
    }

    @Override
    protected Store newStore() {
        StoreFactory factory = new StoreFactory();
        VfsStores.register(factory);
        return factory.open("ram:///contract-" + UUID.randomUUID(), Map.of());
    }
}
