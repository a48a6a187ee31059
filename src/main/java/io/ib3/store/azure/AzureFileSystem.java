package io.ib3.store.azure;

import org.apache.commons.vfs2.Capability;
import org.apache.commons.vfs2.FileName;
import org.apache.commons.vfs2.FileObject;
import org.apache.commons.vfs2.FileSystemOptions;
import org.apache.commons.vfs2.provider.AbstractFileName;
import org.apache.commons.vfs2.provider.AbstractFileSystem;

import java.util.Collection;

/** One storage account as a VFS file system; holds the connection (client built on first use). */
public final class AzureFileSystem extends AbstractFileSystem {

    final AzureConnection conn;

    AzureFileSystem(FileName rootName, FileSystemOptions opts, AzureConnection conn) {
        super(rootName, null, opts);
        this.conn = conn;
    }

    @Override
    protected FileObject createFile(AbstractFileName name) {
        return new AzureFileObject(name, this);
    }

    @Override
    protected void addCapabilities(Collection<Capability> caps) {
        caps.addAll(AzureFileProvider.CAPABILITIES);
    }
}
