package io.ib3.store.azure;

import io.ib3.store.StoreFactory;
import org.apache.commons.vfs2.FileSystemException;
import org.apache.commons.vfs2.cache.NullFilesCache;
import org.apache.commons.vfs2.impl.DefaultFileSystemManager;

import java.util.Map;
import java.util.function.Function;

/** Entry points that plug Azure Blob Storage into ib3: the {@code azblob} scheme for stores and for VFS. */
public final class AzureStores {

    public static final String SCHEME = "azblob";

    private AzureStores() {
    }

    /** Adds the {@code azblob://account/container/prefix} opener, reading the real environment. */
    public static StoreFactory register(StoreFactory factory) {
        return register(factory, System::getenv);
    }

    public static StoreFactory register(StoreFactory factory, Function<String, String> env) {
        return factory.register(SCHEME, (uri, options) -> AzureStore.open(uri, options, env));
    }

    /** A store for {@code azblob://account/container/prefix} with a profile's options (nothing is contacted yet). */
    public static AzureStore open(String location, Map<String, String> options) {
        return AzureStore.open(StoreFactory.parse(location), options, System::getenv);
    }

    /** A VFS manager with the {@code azblob} provider and no file cache (listings are never stale). */
    public static DefaultFileSystemManager vfsManager(Function<String, String> env) throws FileSystemException {
        DefaultFileSystemManager m = new DefaultFileSystemManager();
        m.setFilesCache(new NullFilesCache());
        m.addProvider(SCHEME, new AzureFileProvider(env));
        m.init();
        return m;
    }
}
