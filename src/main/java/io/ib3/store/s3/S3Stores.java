package io.ib3.store.s3;

import io.ib3.store.StoreFactory;
import org.apache.commons.vfs2.FileSystemException;
import org.apache.commons.vfs2.cache.NullFilesCache;
import org.apache.commons.vfs2.impl.DefaultFileSystemManager;

import java.util.Map;
import java.util.function.Function;

/** Entry points that plug S3 into ib3: the {@code s3} scheme for stores and for VFS. */
public final class S3Stores {

    private S3Stores() {
    }

    /** Adds the {@code s3://bucket/prefix} opener, reading the real environment. */
    public static StoreFactory register(StoreFactory factory) {
        return register(factory, System::getenv);
    }

    /** Adds the {@code s3} opener with environment variables read through {@code env}. */
    public static StoreFactory register(StoreFactory factory, Function<String, String> env) {
        return factory.register("s3", (uri, options) -> S3Store.open(uri, options, env));
    }

    /** A store for {@code s3://bucket/prefix} with a profile's options (nothing is contacted yet). */
    public static S3Store open(String location, Map<String, String> options) {
        return S3Store.open(StoreFactory.parse(location), options, System::getenv);
    }

    /**
     * A VFS manager with the {@code s3} provider and no file cache: listings are never stale (a
     * listing after a write through {@link S3Store} shows the new object).
     */
    public static DefaultFileSystemManager vfsManager(Function<String, String> env) throws FileSystemException {
        DefaultFileSystemManager m = new DefaultFileSystemManager();
        m.setFilesCache(new NullFilesCache());
        m.addProvider("s3", new S3FileProvider(env));
        m.init();
        return m;
    }
}
