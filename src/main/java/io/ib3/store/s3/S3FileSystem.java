package io.ib3.store.s3;

import org.apache.commons.vfs2.Capability;
import org.apache.commons.vfs2.FileName;
import org.apache.commons.vfs2.FileObject;
import org.apache.commons.vfs2.FileSystemOptions;
import org.apache.commons.vfs2.provider.AbstractFileName;
import org.apache.commons.vfs2.provider.AbstractFileSystem;

import java.util.Collection;

/** One bucket as a VFS file system; holds the connection (client built on first use). */
public final class S3FileSystem extends AbstractFileSystem {

    final S3Connection conn;

    S3FileSystem(FileName rootName, FileSystemOptions opts, S3Connection conn) {
        super(rootName, null, opts);
        this.conn = conn;
    }

    @Override
    protected FileObject createFile(AbstractFileName name) {
        return new S3FileObject(name, this);
    }

    @Override
    protected void addCapabilities(Collection<Capability> caps) {
        caps.addAll(S3FileProvider.CAPABILITIES);
    }

    @Override
    protected void doCloseCommunicationLink() {
        conn.close();
    }
}
