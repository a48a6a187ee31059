package io.ib3.store.vfs;

import io.ib3.store.Store;
import org.apache.commons.vfs2.Capability;
import org.apache.commons.vfs2.FileName;
import org.apache.commons.vfs2.FileObject;
import org.apache.commons.vfs2.FileSystemOptions;
import org.apache.commons.vfs2.provider.AbstractFileName;
import org.apache.commons.vfs2.provider.AbstractFileSystem;

import java.util.Collection;

/** One mounted ib3 store as a VFS file system; file paths are the store's keys. */
final class StoreFileSystem extends AbstractFileSystem {

    private final Store store;

    StoreFileSystem(FileName rootName, FileSystemOptions opts, Store store) {
        super(rootName, null, opts);
        this.store = store;
    }

    Store store() {
        return store;
    }

    @Override
    protected FileObject createFile(AbstractFileName name) {
        return new StoreFileObject(name, this);
    }

    @Override
    protected void addCapabilities(Collection<Capability> caps) {
        caps.addAll(StoreFileProvider.CAPABILITIES);
    }
}
