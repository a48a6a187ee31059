package io.ib3.store.vfs;

import io.ib3.store.Store;
import io.ib3.store.StoreContract;
import io.ib3.store.StoreFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The store contract on sftp://, through VFS's SFTP provider, against a real OpenSSH server on 127.0.0.1. */
class SftpStoreContractTest extends StoreContract {

    @RegisterExtension
    static final SshdExtension SSH = new SshdExtension();

    @Override
    protected long largeSize() {
        return 12 * MIB;
    }

    @Override
    protected Store newStore() {
        StoreFactory factory = new StoreFactory();
        VfsStores.register(factory, SSH.env());
        return factory.open(SSH.uri(SSH.newFolder()), SSH.options());
    }
}
