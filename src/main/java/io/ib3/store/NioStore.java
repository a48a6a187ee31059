package io.ib3.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * A store on any {@link java.nio.file.FileSystem}: the local disk ({@code file://}) and jimfs in
 * tests. This is the data path for file stores: plain java.nio, safe for parallel use, where VFS
 * would serialise every call.
 */
public final class NioStore implements Store {

    /** Suffix of ib3's own temporary files; never left behind by a successful or failed write. */
    public static final String PARTIAL_SUFFIX = ".ib3-partial";

    private final Path root;
    private final String location;
    private final Set<Capability> capabilities;

    public NioStore(Path root, String location) {
        this.root = root.toAbsolutePath().normalize();
        this.location = location;
        EnumSet<Capability> caps = EnumSet.of(Capability.ATOMIC_PUT, Capability.REAL_FOLDERS, Capability.WRITABLE);
        if (root.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            caps.add(Capability.POSIX_OWNER);
        }
        this.capabilities = Set.copyOf(caps);
    }

    /** A store on a local directory, located as its {@code file://} URI. */
    public static NioStore local(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        String uri = abs.toUri().toString();
        if (uri.endsWith("/")) {
            uri = uri.substring(0, uri.length() - 1);
        }
        return new NioStore(abs, uri);
    }

    public Path root() {
        return root;
    }

    private Path resolve(String key) {
        String k = Keys.normalize(key);
        return k.isEmpty() ? root : root.resolve(k);
    }

    private String keyOf(Path p) {
        return Keys.normalize(root.relativize(p).toString().replace(root.getFileSystem().getSeparator(), "/"));
    }

    @Override
    public String location() {
        return location;
    }

    @Override
    public Set<Capability> capabilities() {
        return capabilities;
    }

    @Override
    public Stream<Entry> list(String prefix) {
        Path start = resolve(prefix);
        if (!Files.isDirectory(start)) {
            return Stream.empty();
        }
        return FolderWalk.stream(start, this::readFolder);
    }

    /** One folder of a walk; entries that vanish while it is read are skipped (the server cleans up). */
    private void readFolder(Path dir, java.util.function.Consumer<Entry> objects, java.util.function.Consumer<Path> folders) {
        List<Path> subdirs = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                BasicFileAttributes a;
                try {
                    a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                } catch (NoSuchFileException gone) {
                    continue;
                }
                if (a.isDirectory()) {
                    subdirs.add(p);
                } else if (a.isRegularFile() && !isPartial(p)) {
                    objects.accept(Entry.file(keyOf(p), a.size(), a.lastModifiedTime().toInstant()));
                }
            }
        } catch (NoSuchFileException gone) {
            return;
        } catch (IOException e) {
            throw new StoreException("cannot list " + location + "/" + keyOf(dir) + ": " + e.getMessage(), e);
        }
        subdirs.sort(Comparator.naturalOrder());
        subdirs.forEach(folders);
    }

    /** A temporary file of {@link #write}: never an object, whether its writer is running or died. */
    private static boolean isPartial(Path p) {
        String name = p.getFileName().toString();
        return name.startsWith(".") && name.contains(PARTIAL_SUFFIX);
    }

    @Override
    public int removeUnfinishedWrites(String prefix) {
        Path start = resolve(prefix);
        if (!Files.isDirectory(start)) {
            return 0;
        }
        try (Stream<Path> walk = Files.walk(start)) {
            int removed = 0;
            for (Path p : (Iterable<Path>) walk.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS) && isPartial(f))::iterator) {
                if (Files.deleteIfExists(p)) {
                    removed++;
                }
            }
            return removed;
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new StoreException("cannot clean up " + location + "/" + Keys.normalize(prefix) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<Entry> children(String folder) {
        Path dir = resolve(folder);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Entry> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                if (isPartial(p)) {
                    continue;
                }
                toEntry(p).ifPresent(out::add);
            }
        } catch (NoSuchFileException gone) {
            return List.of();
        } catch (IOException e) {
            throw new StoreException("cannot list " + location + "/" + Keys.normalize(folder) + ": " + e.getMessage(), e);
        }
        out.sort(Comparator.comparing(Entry::name));
        return out;
    }

    private Optional<Entry> toEntry(Path p) {
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            String key = keyOf(p);
            if (a.isDirectory()) {
                return Optional.of(new Entry(key, 0, a.lastModifiedTime().toInstant(), true, null));
            }
            return Optional.of(Entry.file(key, a.size(), a.lastModifiedTime().toInstant()));
        } catch (NoSuchFileException gone) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StoreException("cannot stat " + location + "/" + keyOf(p) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<Entry> stat(String key) {
        return toEntry(resolve(key));
    }

    @Override
    public InputStream open(String key, long offset) {
        Path p = resolve(key);
        try {
            if (offset == 0) {
                return Files.newInputStream(p);
            }
            SeekableByteChannel ch = Files.newByteChannel(p, StandardOpenOption.READ);
            ch.position(offset);
            return Channels.newInputStream(ch);
        } catch (NoSuchFileException e) {
            throw new ObjectNotFoundException(location, Keys.normalize(key));
        } catch (IOException e) {
            throw new StoreException("cannot read " + location + "/" + Keys.normalize(key) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void write(String key, InputStream content, long size) {
        Path target = resolve(key);
        Path tmp = target.resolveSibling("." + target.getFileName() + PARTIAL_SUFFIX
                + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        boolean moved = false;
        try {
            long written;
            try (OutputStream out = createTemp(tmp)) {
                written = content.transferTo(out);
            }
            if (written != size) {
                throw new StoreException("short write to " + location + "/" + Keys.normalize(key)
                        + ": expected " + size + " bytes, got " + written, null,
                        "the source changed or was truncated while it was read; run the command again");
            }
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
        } catch (IOException e) {
            throw new StoreException("cannot write " + location + "/" + Keys.normalize(key) + ": " + e.getMessage(), e);
        } finally {
            if (!moved) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: the temp name is recognisable and never counted as an object
                }
            }
        }
    }

    /**
     * Creates the temporary file, and its folders only when they are missing: most writes go into
     * a folder that exists, and asking first would cost a system call or two per object.
     */
    private static OutputStream createTemp(Path tmp) throws IOException {
        try {
            return Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (NoSuchFileException noParent) {
            Files.createDirectories(tmp.getParent());
            return Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }
    }

    @Override
    public void delete(String key) {
        try {
            Path p = resolve(key);
            if (!Files.isDirectory(p)) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new StoreException("cannot delete " + location + "/" + Keys.normalize(key) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void removeEmptyFolders(String prefix) {
        Path start = resolve(prefix);
        if (!Files.isDirectory(start) || start.equals(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(start)) {
            List<Path> dirs = walk.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).toList();
            for (Path dir : dirs) {
                try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                    if (ds.iterator().hasNext()) {
                        continue;
                    }
                }
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            throw new StoreException("cannot remove empty folders under " + location + "/" + Keys.normalize(prefix) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void move(String fromKey, String toKey) {
        Path from = resolve(fromKey);
        Path to = resolve(toKey);
        try {
            Files.createDirectories(to.getParent());
            try {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
                Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (NoSuchFileException e) {
            throw new ObjectNotFoundException(location, Keys.normalize(fromKey));
        } catch (IOException e) {
            throw new StoreException("cannot move " + location + "/" + Keys.normalize(fromKey) + " to "
                    + Keys.normalize(toKey) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void setOwner(String key, String user, String group) {
        Path p = resolve(key);
        try {
            UserPrincipalLookupService lookup = root.getFileSystem().getUserPrincipalLookupService();
            PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class);
            if (view == null) {
                throw new UnsupportedOperationException("ownership on " + location);
            }
            UserPrincipal owner = lookup.lookupPrincipalByName(user);
            view.setOwner(owner);
            if (group != null && !group.isEmpty()) {
                GroupPrincipal g = lookup.lookupPrincipalByGroupName(group);
                view.setGroup(g);
            }
        } catch (IOException e) {
            throw new StoreException("cannot set owner of " + location + "/" + Keys.normalize(key) + " to " + user
                    + (group == null ? "" : ":" + group) + ": " + e.getMessage(), e,
                    "run restore as root (or with CAP_CHOWN), or chown the files afterwards");
        }
    }
}
