package io.ib3.store.vfs;

import io.ib3.store.Capability;
import io.ib3.store.Entry;
import io.ib3.store.FolderWalk;
import io.ib3.store.Keys;
import io.ib3.store.ObjectNotFoundException;
import io.ib3.store.Store;
import io.ib3.store.StoreException;
import org.apache.commons.vfs2.FileContent;
import org.apache.commons.vfs2.FileObject;
import org.apache.commons.vfs2.FileSystemException;
import org.apache.commons.vfs2.FileType;
import org.apache.commons.vfs2.util.FileObjectUtils;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * The bridge from Commons VFS to ib3: a store on any VFS file object — ram://, zip:, tar:, tgz:,
 * sftp: …, every scheme VFS knows and ib3 has no faster client for — and the browsing view of an
 * ib3 store mounted in VFS ({@link VfsStores#browse}). Writes go to a temporary file that is renamed
 * into place, so a reader never sees a partial object; temporary files are never listed.
 *
 * <p>Caching is chosen on purpose: the manager uses {@code NullFilesCache} and this class
 * resolves a fresh {@link FileObject} and calls {@code refresh()} for every call, and never keeps
 * file objects across calls. VFS otherwise caches the type and child names of a held file object,
 * which shows a stale listing after a copy.
 */
public final class VfsStore implements Store {

    /** Marks ib3's own temporary files: never an object, whether their writer is running or died. */
    static final String PARTIAL = ".ib3-partial";

    private final FileObject root;
    private final String location;
    private final Set<Capability> capabilities;
    private final Runnable onClose;

    VfsStore(FileObject root, String location, Set<Capability> capabilities) {
        this(root, location, capabilities, () -> { });
    }

    /** @param onClose what closing the store releases (a mount of an ib3 store in VFS) */
    VfsStore(FileObject root, String location, Set<Capability> capabilities, Runnable onClose) {
        this.root = root;
        this.location = location;
        this.capabilities = capabilities;
        this.onClose = onClose;
    }

    private static boolean isPartial(FileObject f) {
        String name = f.getName().getBaseName();
        return name.startsWith(".") && name.contains(PARTIAL);
    }

    @Override
    public String location() {
        return location;
    }

    /** The VFS file object this store is rooted at. */
    FileObject root() {
        return root;
    }

    @Override
    public Set<Capability> capabilities() {
        return capabilities;
    }

    private FileObject resolve(String key) throws FileSystemException {
        String k = Keys.normalize(key);
        FileObject f = k.isEmpty() ? root : root.resolveFile(encode(k));
        f.refresh();
        return f;
    }

    /** VFS parses names as URI paths, so characters such as '%', '#' and '?' must be escaped. */
    private static String encode(String key) {
        StringBuilder out = new StringBuilder();
        for (char c : key.toCharArray()) {
            if (c == '%' || c == '#' || c == '?' || c == ' ' || c == '!') {
                out.append(String.format("%%%02X", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private String keyOf(FileObject f) throws FileSystemException {
        String rel = root.getName().getRelativeName(f.getName());
        return Keys.normalize(rel.equals(".") ? "" : decode(rel));
    }

    private static String decode(String s) {
        try {
            return org.apache.commons.vfs2.provider.UriParser.decode(s);
        } catch (FileSystemException e) {
            return s;
        }
    }

    private StoreException failure(String what, String key, Exception e) {
        return new StoreException("cannot " + what + " " + location + "/" + Keys.normalize(key) + ": " + e.getMessage(), e);
    }

    @Override
    public Stream<Entry> list(String prefix) {
        FileObject start;
        try {
            start = resolve(prefix);
            if (start.getType() != FileType.FOLDER) {
                return Stream.empty();
            }
        } catch (FileSystemException e) {
            throw failure("list", prefix, e);
        }
        return FolderWalk.stream(start, this::readFolder);
    }

    private void readFolder(FileObject dir, java.util.function.Consumer<Entry> objects,
                            java.util.function.Consumer<FileObject> folders) {
        try {
            dir.refresh();
            if (!dir.exists()) {
                return;
            }
            List<FileObject> subdirs = new ArrayList<>();
            for (FileObject child : dir.getChildren()) {
                FileType type = child.getType();
                if (type == FileType.FOLDER) {
                    subdirs.add(child);
                } else if (type.hasContent() && !isPartial(child)) {
                    objects.accept(toEntry(child, type));
                }
            }
            subdirs.sort(Comparator.comparing((FileObject f) -> f.getName().getBaseName()));
            subdirs.forEach(folders);
        } catch (FileSystemException e) {
            throw new StoreException("cannot list " + location + ": " + e.getMessage(), e);
        }
    }

    private Entry toEntry(FileObject f, FileType type) throws FileSystemException {
        String key = keyOf(f);
        if (FileObjectUtils.getAbstractFileObject(f) instanceof StoreFileObject sf && sf.entry() != null) {
            // an ib3 store mounted in VFS: what its listing or stat said, etag included, with no request
            Entry e = sf.entry();
            return new Entry(key, e.size(), e.lastModified(), e.folder(), e.etag());
        }
        if (type == FileType.FOLDER) {
            return Entry.folder(key);
        }
        FileContent c = f.getContent();
        Instant modified = null;
        try {
            modified = Instant.ofEpochMilli(c.getLastModifiedTime());
        } catch (FileSystemException | UnsupportedOperationException ignored) {
            // some providers (archives) may not know; the entry says null then
        }
        return Entry.file(key, c.getSize(), modified);
    }

    @Override
    public List<Entry> children(String folder) {
        try {
            FileObject dir = resolve(folder);
            // an ib3 store answers a folder's children in one call, empty for no folder: no type look-up first
            if (!(FileObjectUtils.getAbstractFileObject(dir) instanceof StoreFileObject) && dir.getType() != FileType.FOLDER) {
                return List.of();
            }
            List<Entry> out = new ArrayList<>();
            for (FileObject child : dir.getChildren()) {
                FileType type = child.getType();
                if (type == FileType.FOLDER || type.hasContent() && !isPartial(child)) {
                    out.add(toEntry(child, type));
                }
            }
            out.sort(Comparator.comparing(Entry::name));
            return out;
        } catch (FileSystemException e) {
            throw failure("list", folder, e);
        }
    }

    @Override
    public Optional<Entry> stat(String key) {
        try {
            FileObject f = resolve(key);
            FileType type = f.getType();
            if (type == FileType.IMAGINARY) {
                return Optional.empty();
            }
            return Optional.of(toEntry(f, type == FileType.FILE_OR_FOLDER ? FileType.FILE : type));
        } catch (FileSystemException e) {
            throw failure("stat", key, e);
        }
    }

    @Override
    public InputStream open(String key, long offset) {
        try {
            FileObject f = resolve(key);
            if (!f.getType().hasContent()) {
                throw new ObjectNotFoundException(location, Keys.normalize(key));
            }
            InputStream in = f.getContent().getInputStream();
            in.skipNBytes(offset);
            return in;
        } catch (IOException e) {
            throw failure("read", key, e);
        }
    }

    @Override
    public void write(String key, InputStream content, long size) {
        requireWritable(key);
        String k = Keys.normalize(key);
        String tmpKey = Keys.join(Keys.parent(k), "." + Keys.name(k) + PARTIAL
                + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        try {
            FileObject tmp = resolve(tmpKey);
            long written;
            try (OutputStream out = tmp.getContent().getOutputStream()) {
                written = content.transferTo(out);
            }
            if (written != size) {
                tmp.delete();
                throw new StoreException("short write to " + location + "/" + k + ": expected " + size
                        + " bytes, got " + written, null, "the source changed while it was read; run the command again");
            }
            FileObject target = resolve(k);
            if (target.exists()) {
                // VFS's ram provider cannot rename over an existing file; these stores are not
                // ATOMIC_PUT, so a reader may briefly see no object, never a partial one
                target.delete();
            }
            tmp.moveTo(target);
        } catch (IOException e) {
            try {
                resolve(tmpKey).delete();
            } catch (FileSystemException ignored) {
                // the temp name is recognisable and never counted as an object
            }
            throw failure("write", key, e);
        }
    }

    private void requireWritable(String key) {
        if (!has(Capability.WRITABLE)) {
            throw new StoreException("cannot write " + location + "/" + Keys.normalize(key) + ": the store is read-only", null,
                    "archives (zip:, tar:, tgz:) can be read, not written; write to a directory or an object store");
        }
    }

    @Override
    public void removeEmptyFolders(String prefix) {
        if (Keys.isRoot(prefix) || !has(Capability.WRITABLE)) {
            return;
        }
        try {
            removeIfEmpty(resolve(prefix));
        } catch (FileSystemException e) {
            throw failure("remove empty folders under", prefix, e);
        }
    }

    /** Depth first: a folder whose folders all went empty goes too. */
    private static boolean removeIfEmpty(FileObject folder) throws FileSystemException {
        if (folder.getType() != FileType.FOLDER) {
            return false;
        }
        boolean empty = true;
        for (FileObject child : folder.getChildren()) {
            empty &= removeIfEmpty(child);
        }
        folder.refresh();  // the children just deleted must not be served from a cached listing
        if (empty && folder.getChildren().length == 0) {
            folder.delete();
            return true;
        }
        return false;
    }

    @Override
    public void delete(String key) {
        requireWritable(key);
        try {
            FileObject f = resolve(key);
            if (f.getType().hasContent()) {
                f.delete();
            }
        } catch (FileSystemException e) {
            throw failure("delete", key, e);
        }
    }

    /** Removes the folders below {@code prefix} (and the prefix itself) that hold nothing any more. */
    /** Removes temporary files of writes that a killed process left below {@code prefix}. */
    @Override
    public int removeUnfinishedWrites(String prefix) {
        if (!has(Capability.WRITABLE)) {
            return 0;
        }
        try {
            FileObject start = resolve(prefix);
            if (start.getType() != FileType.FOLDER) {
                return 0;
            }
            FileObject[] partials = start.findFiles(new org.apache.commons.vfs2.FileSelector() {
                @Override
                public boolean includeFile(org.apache.commons.vfs2.FileSelectInfo info) {
                    return isPartial(info.getFile());
                }

                @Override
                public boolean traverseDescendents(org.apache.commons.vfs2.FileSelectInfo info) {
                    return true;
                }
            });
            int removed = 0;
            for (FileObject f : partials == null ? new FileObject[0] : partials) {
                if (f.delete()) {
                    removed++;
                }
            }
            return removed;
        } catch (FileSystemException e) {
            throw failure("clean up", prefix, e);
        }
    }

    /** Releases what opening this store took (a VFS mount of an ib3 store); the file system's own caches stay. */
    @Override
    public void close() {
        onClose.run();
    }

    @Override
    public String toString() {
        return location;
    }

    @Override
    public void move(String fromKey, String toKey) {
        requireWritable(fromKey);
        try {
            FileObject from = resolve(fromKey);
            if (!from.getType().hasContent()) {
                throw new ObjectNotFoundException(location, Keys.normalize(fromKey));
            }
            FileObject to = resolve(toKey);
            // VFS's ram provider fails with a NullPointerException when the new parent folder does not exist
            FileObject parent = to.getParent();
            if (parent != null && !parent.exists()) {
                parent.createFolder();
            }
            from.moveTo(to);
        } catch (FileSystemException e) {
            throw failure("move", fromKey, e);
        }
    }
}
