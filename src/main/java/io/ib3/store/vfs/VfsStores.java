package io.ib3.store.vfs;

import io.ib3.error.Ib3Exception;
import io.ib3.store.Capability;
import io.ib3.store.NioStore;
import io.ib3.store.Store;
import io.ib3.store.StoreException;
import io.ib3.store.StoreFactory;
import org.apache.commons.vfs2.CacheStrategy;
import org.apache.commons.vfs2.FileObject;
import org.apache.commons.vfs2.FileSystemException;
import org.apache.commons.vfs2.FileSystemManager;
import org.apache.commons.vfs2.FileType;
import org.apache.commons.vfs2.cache.NullFilesCache;
import org.apache.commons.vfs2.impl.DefaultFileSystemManager;
import org.apache.commons.vfs2.provider.local.DefaultLocalFileProvider;
import org.apache.commons.vfs2.provider.ram.RamFileProvider;
import org.apache.commons.vfs2.FileSystemOptions;
import org.apache.commons.vfs2.provider.sftp.SftpFileProvider;
import org.apache.commons.vfs2.provider.tar.TarFileProvider;
import org.apache.commons.vfs2.provider.zip.ZipFileProvider;

import java.io.File;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The Commons VFS side of ib3: one file-system manager, built by code (about 30 ms, where
 * {@code VFS.getManager()} reads providers.xml and loads ~25 providers in ~450 ms), and the
 * openers for the schemes VFS serves.
 *
 * <p>Cache strategy, chosen on purpose: {@link NullFilesCache} (no file object outlives a call)
 * with {@link CacheStrategy#ON_RESOLVE}, and {@link VfsStore} refreshes every object it resolves.
 * So a listing after a copy always shows the copy.
 */
public final class VfsStores {

    private static volatile DefaultFileSystemManager manager;
    private static final StoreFileProvider STORES = new StoreFileProvider();

    private VfsStores() {
    }

    /** The process-wide manager; created on first use so one-shot commands that never touch VFS stay fast. */
    public static FileSystemManager manager() {
        DefaultFileSystemManager m = manager;
        if (m == null) {
            synchronized (VfsStores.class) {
                m = manager;
                if (m == null) {
                    m = create();
                    manager = m;
                }
            }
        }
        return m;
    }

    private static DefaultFileSystemManager create() {
        try {
            DefaultFileSystemManager m = new DefaultFileSystemManager();
            m.setFilesCache(new NullFilesCache());
            m.setCacheStrategy(CacheStrategy.ON_RESOLVE);
            m.addProvider("file", new DefaultLocalFileProvider());
            m.addProvider("ram", new RamFileProvider());
            m.addProvider("zip", new ZipFileProvider());
            m.addProvider("jar", new ZipFileProvider());
            m.addProvider("tar", new TarFileProvider());
            m.addProvider("tgz", new TarFileProvider());
            m.addProvider("tbz2", new TarFileProvider());
            m.addProvider("sftp", new SftpFileProvider());
            // every ib3 store can be mounted in VFS: browse(Store)
            m.addProvider(StoreFileProvider.SCHEME, STORES);
            m.addExtensionMap("zip", "zip");
            m.addExtensionMap("tar", "tar");
            m.addExtensionMap("tgz", "tgz");
            m.init();
            return m;
        } catch (FileSystemException e) {
            throw new IllegalStateException("cannot start Commons VFS: " + e.getMessage(), e);
        }
    }

    /** Adds the file, ram, archive and sftp schemes to a factory, reading the real environment. */
    public static void register(StoreFactory factory) {
        register(factory, System::getenv);
    }

    /** As above; {@code env} is where credential references (sftp's key file variable) are read. */
    public static void register(StoreFactory factory, Function<String, String> env) {
        factory.register("file", VfsStores::openLocal);
        factory.register("sftp", (uri, options) -> openVfs(uri, Set.of(Capability.WRITABLE, Capability.REAL_FOLDERS),
                SftpOptions.of(uri.toString(), options, env)));
        factory.register("ram", (uri, options) -> openVfs(uri, Set.of(Capability.WRITABLE, Capability.REAL_FOLDERS), null));
        for (String archive : new String[] {"zip", "jar", "tar", "tgz", "tbz2"}) {
            factory.register(archive, (uri, options) -> openVfs(uri, Set.of(Capability.REAL_FOLDERS), null));
        }
    }

    /**
     * An ib3 store mounted in the VFS manager, as the store that navigation uses: {@code ls},
     * {@code cd}, {@code stat}, {@code cat} and completion go through VFS, while copies keep going
     * through {@code store}'s own client. Closing the view unmounts it; {@code store} stays open.
     */
    public static Store browse(Store store) {
        if (store instanceof VfsStore) {
            return store; // a VFS file system already
        }
        String root = STORES.mount(store);
        try {
            FileObject f = manager().resolveFile(root);
            return new VfsStore(f, store.location(), Set.of(), () -> {
                manager.closeFileSystem(f.getFileSystem());
                STORES.unmount(root);
            });
        } catch (FileSystemException e) {
            STORES.unmount(root);
            throw new IllegalStateException("cannot mount " + store.location() + " in VFS: " + e.getMessage(), e);
        }
    }

    /**
     * A local directory: VFS checks the name (the namespace), java.nio moves the data (VFS's local
     * provider would serialise every call behind one lock).
     */
    private static Store openLocal(URI uri, Map<String, String> options) {
        try {
            FileObject f = manager().resolveFile(uri);
            f.refresh();
            if (f.getType() == FileType.FILE) {
                throw Ib3Exception.usage("not a directory: " + uri, "mount the folder that holds the data, not a file in it");
            }
            File file = new File(uri);
            return NioStore.local(Path.of(file.getPath()));
        } catch (FileSystemException | IllegalArgumentException e) {
            throw Ib3Exception.usage("malformed file location " + uri + ": " + e.getMessage(),
                    "give an absolute path or a URI such as file:///var/lib/influxdb3");
        }
    }

    private static Store openVfs(URI uri, Set<Capability> capabilities, FileSystemOptions options) {
        String location = redacted(uri);
        try {
            FileObject root = options == null ? manager().resolveFile(uri.toString()) : manager().resolveFile(uri.toString(), options);
            root.refresh();
            if (root.getType() == FileType.FILE) {
                throw Ib3Exception.usage("not a folder: " + location,
                        "for an archive, mount its inside, e.g. zip:file:///backups/b.zip!/");
            }
            if (capabilities.contains(Capability.WRITABLE) && !root.exists()) {
                root.createFolder();
            } else if (!root.exists()) {
                throw Ib3Exception.usage("no such location: " + location, "check the path inside the archive after '!/'");
            }
            return new VfsStore(root, location.endsWith("/") ? location.substring(0, location.length() - 1) : location,
                    capabilities);
        } catch (FileSystemException e) {
            throw new StoreException(io.ib3.error.ExitCode.USAGE, "cannot open " + location + ": " + rootMessage(e), e,
                    location.startsWith("sftp:") ? "check host, port, user and path of the URI, the key (identityFile) and knownHosts"
                            : "check the URI: archives are written zip:file:///path/to/file.zip!/ (tar:, tgz: alike)");
        }
    }

    /** The URI without a password, should one be written in it (profiles refuse them; a typed URI may have one). */
    private static String redacted(URI uri) {
        String info = uri.getRawUserInfo();
        if (info == null || !info.contains(":")) {
            return uri.toString();
        }
        return uri.toString().replace(info + "@", info.substring(0, info.indexOf(':')) + "@");
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == e ? e.getMessage() : e.getMessage() + " (" + t.getMessage() + ")";
    }
}
