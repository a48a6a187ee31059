package io.ib3.store;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class NioStoreContractTest extends StoreContract {

    @TempDir
    Path dir;

    @Override
    protected Store newStore() {
        return NioStore.local(dir);
    }
}
