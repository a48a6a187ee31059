package io.ib3.profile;

import io.ib3.error.Ib3Exception;
import io.ib3.host.Host;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The profile folders and the profiles in them. Lookup order, first match wins: {@code ./profiles},
 * then {@code $IB3_PROFILES}, then {@code ~/.config/ib3/profiles}.
 */
public final class Profiles {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /** One folder of the search path. */
    public record Folder(String label, Path dir) {
    }

    /**
     * A profile file found on the search path.
     *
     * @param shadowedBy the folder label of an earlier profile with the same name, or {@code null}
     */
    public record Listed(String name, Path file, String folder, String shadowedBy) {
    }

    private final Host host;
    /** Built on first use: Jackson's YAML mapper costs start-up time that most commands never need. */
    private ProfileReader reader;

    public Profiles(Host host) {
        this.host = host;
    }

    /** The folders searched, in order. */
    public List<Folder> searchPath() {
        List<Folder> out = new ArrayList<>();
        out.add(new Folder("./profiles", localDir()));
        String fromEnv = host.getenv("IB3_PROFILES");
        if (fromEnv != null && !fromEnv.isBlank()) {
            out.add(new Folder("$IB3_PROFILES", host.workDir().resolve(fromEnv).normalize()));
        }
        out.add(new Folder("~/.config/ib3/profiles", globalDir()));
        return out;
    }

    /** Where {@code profile save} writes without {@code --global}. */
    public Path localDir() {
        return host.workDir().resolve("profiles");
    }

    /** Where {@code profile save --global} writes. */
    public Path globalDir() {
        return host.home().resolve(".config/ib3/profiles");
    }

    /** Every profile file on the search path, sorted by name, later duplicates marked as shadowed. */
    public List<Listed> list() {
        Map<String, Listed> first = new TreeMap<>();
        List<Listed> out = new ArrayList<>();
        for (Folder folder : searchPath()) {
            if (!Files.isDirectory(folder.dir())) {
                continue;
            }
            try (DirectoryStream<Path> files = Files.newDirectoryStream(folder.dir(), "*.yaml")) {
                for (Path file : files) {
                    String name = file.getFileName().toString();
                    name = name.substring(0, name.length() - ".yaml".length());
                    if (!NAME.matcher(name).matches()) {
                        continue;
                    }
                    Listed earlier = first.get(name);
                    Listed listed = new Listed(name, file, folder.label(), earlier == null ? null : earlier.folder());
                    first.putIfAbsent(name, listed);
                    out.add(listed);
                }
            } catch (IOException e) {
                throw Ib3Exception.failed("cannot list profiles in " + folder.dir() + ": " + e.getMessage());
            }
        }
        out.sort((a, b) -> a.name().equals(b.name()) ? 0 : a.name().compareTo(b.name()));
        return out;
    }

    /** Names of the profiles that {@link #load} finds, for completion. */
    public List<String> names() {
        return list().stream().filter(l -> l.shadowedBy() == null).map(Listed::name).toList();
    }

    /** The file a name resolves to, if any. */
    public Optional<Path> find(String name) {
        requireName(name);
        for (Folder folder : searchPath()) {
            Path file = folder.dir().resolve(name + ".yaml");
            if (Files.isRegularFile(file)) {
                return Optional.of(file);
            }
        }
        return Optional.empty();
    }

    /**
     * Loads a profile by name.
     *
     * @throws Ib3Exception usage when there is no such profile or the file is malformed
     */
    public NamedProfile load(String name) {
        Path file = find(name).orElseThrow(() -> notFound(name));
        return new NamedProfile(name, file, reader().read(file));
    }

    /**
     * Creates a profile file readable by its owner only.
     *
     * @param global write to {@code ~/.config/ib3/profiles} instead of {@code ./profiles}
     * @param force  replace an existing file of that name in that folder
     * @return the file written
     */
    public Path save(String name, Profile profile, boolean global, boolean force) {
        requireName(name);
        reader().refuseSecrets("profile " + name, profile);
        Path dir = global ? globalDir() : localDir();
        Path file = dir.resolve(name + ".yaml");
        if (Files.exists(file) && !force) {
            throw Ib3Exception.refused("profile " + name + " already exists: " + file,
                    "add --force to replace it, or choose another name");
        }
        String text = reader().write(profile);
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve("." + name + ".yaml.tmp");
            Files.deleteIfExists(tmp);
            createPrivate(tmp);
            try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING)) {
                out.write(text);
            }
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            throw Ib3Exception.failed("cannot write profile " + file + ": a temporary file is in the way: " + e.getFile());
        } catch (IOException e) {
            throw Ib3Exception.failed("cannot write profile " + file + ": " + e.getMessage());
        }
        return file;
    }

    /** Removes the profile file that {@link #load} would read; returns it. */
    public Path delete(String name) {
        Path file = find(name).orElseThrow(() -> notFound(name));
        try {
            Files.delete(file);
        } catch (IOException e) {
            throw Ib3Exception.failed("cannot delete profile " + file + ": " + e.getMessage());
        }
        return file;
    }

    private synchronized ProfileReader reader() {
        if (reader == null) {
            reader = new ProfileReader();
        }
        return reader;
    }

    private static void createPrivate(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(file);
        }
    }

    private Ib3Exception notFound(String name) {
        Map<String, String> where = new LinkedHashMap<>();
        searchPath().forEach(f -> where.put(f.label(), f.dir().toString()));
        List<String> known = names();
        return Ib3Exception.usage("no profile named '" + name + "'",
                known.isEmpty() ? "no profiles found; create one with: profile save NAME --location URI"
                        : "known profiles: " + String.join(", ", known),
                "searched: " + String.join(", ", where.values()));
    }

    /** Profile names are file names: letters, digits, '.', '_', '-'; no path separators. */
    public static String requireName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw Ib3Exception.usage("invalid profile name '" + (name == null ? "" : io.ib3.store.Keys.printable(name)) + "'",
                    "use letters, digits, '.', '_' and '-' (at most 64), starting with a letter or digit");
        }
        return name;
    }
}
