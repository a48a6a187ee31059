package io.ib3.store.vfs;

import io.ib3.store.Store;
import org.apache.commons.vfs2.Capability;
import org.apache.commons.vfs2.FileName;
import org.apache.commons.vfs2.FileSystem;
import org.apache.commons.vfs2.FileSystemException;
import org.apache.commons.vfs2.FileSystemOptions;
import org.apache.commons.vfs2.provider.AbstractOriginatingFileProvider;
import org.apache.commons.vfs2.provider.GenericFileName;
import org.apache.commons.vfs2.provider.HostFileNameParser;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bridge from ib3 to Commons VFS: any {@link Store} (S3, Azure Blob, GCS, a local folder …)
 * mounted into the VFS manager as the file system {@code ib3://<id>/}. Navigation, completion and
 * {@code cat} then go through VFS like every other VFS file system, while the store keeps its own
 * client for the data path. Read-only through VFS: writes go through the store itself.
 */
final class StoreFileProvider extends AbstractOriginatingFileProvider {

    static final String SCHEME = "ib3";

    static final Collection<Capability> CAPABILITIES = List.of(Capability.GET_TYPE, Capability.READ_CONTENT,
            Capability.LIST_CHILDREN, Capability.URI, Capability.DELETE, Capability.GET_LAST_MODIFIED,
            Capability.ATTRIBUTES);

    private final Map<String, Store> mounted = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    StoreFileProvider() {
        setFileNameParser(new HostFileNameParser(-1));
    }

    /** Mounts a store; returns the root URI of its file system. */
    String mount(Store store) {
        String id = "s" + ids.incrementAndGet();
        mounted.put(id, store);
        return SCHEME + "://" + id + "/";
    }

    /** Forgets a mount made by {@link #mount}; the store itself stays open. */
    void unmount(String rootUri) {
        mounted.remove(rootUri.substring((SCHEME + "://").length(), rootUri.length() - 1));
    }

    @Override
    protected FileSystem doCreateFileSystem(FileName rootName, FileSystemOptions opts) throws FileSystemException {
        String id = ((GenericFileName) rootName).getHostName();
        Store store = mounted.get(id);
        if (store == null) {
            throw new FileSystemException("nothing is mounted as " + rootName.getURI());
        }
        return new StoreFileSystem(rootName, opts, store);
    }

    @Override
    public Collection<Capability> getCapabilities() {
        return CAPABILITIES;
    }
}
