package io.ib3.store;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import org.junit.jupiter.api.AfterEach;

import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;

class JimfsStoreContractTest extends StoreContract {

    private FileSystem fs;

    @Override
    protected Store newStore() throws Exception {
        fs = Jimfs.newFileSystem(Configuration.unix());
        Path root = Files.createDirectories(fs.getPath("/data"));
        return new NioStore(root, "mem://test/data");
    }

    @Override
    protected long largeSize() {
        return 12 * MIB; // in memory: enough to cross buffer sizes without holding 40 MiB twice
    }

    @AfterEach
    void closeFs() throws Exception {
        fs.close();
    }
}
