package io.ib3.session;

import io.ib3.error.Ib3Exception;
import io.ib3.profile.NamedProfile;
import io.ib3.profile.Profiles;
import io.ib3.store.Keys;
import io.ib3.store.Store;
import io.ib3.store.StoreFactory;
import io.ib3.store.vfs.VfsStores;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The console's state: the mount table and the current directory, and the one place where a
 * location argument is resolved. A location is a URI ({@code file:///data}, {@code s3://b/p}), a
 * mount path ({@code src:/node0}, {@code /node0} from the current mount's root, {@code node0} or
 * {@code ..} from the current directory) or a profile ({@code @name}).
 *
 * <p>A mount name wins over a scheme of the same name when the text after the colon does not
 * start with {@code //}: with {@code demo} mounted, {@code demo:/node0} is a path in that mount.
 * Not thread-safe: one console, one session.
 */
public final class Session implements AutoCloseable {

    private static final Pattern MOUNT_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9._-]{0,63}");

    private final StoreFactory stores;
    private final Profiles profiles;
    private final Map<String, Mount> mounts = new TreeMap<>();
    private String currentMount;
    private String currentKey = "";

    public Session(StoreFactory stores, Profiles profiles) {
        this.stores = stores;
        this.profiles = profiles;
    }

    public StoreFactory stores() {
        return stores;
    }

    public Profiles profiles() {
        return profiles;
    }

    /** The mount table, sorted by name. */
    public List<Mount> mounts() {
        return List.copyOf(mounts.values());
    }

    public Optional<Mount> mount(String name) {
        return Optional.ofNullable(mounts.get(name));
    }

    /** The mount the current directory is in, if anything is mounted. */
    public Optional<Mount> currentMount() {
        return Optional.ofNullable(currentMount).map(mounts::get);
    }

    /** The current directory as a key of {@link #currentMount()} ("" for its root). */
    public String currentKey() {
        return currentKey;
    }

    /** The current directory as a mount path ({@code src:/node0}), or "" when nothing is mounted. */
    public String cwd() {
        return currentMount().map(m -> m.pathOf(currentKey)).orElse("");
    }

    /**
     * Mounts a location under a name. The first mount becomes the current directory.
     *
     * @throws Ib3Exception usage for a bad or taken name, or a location that cannot be resolved
     */
    public Mount mount(String name, String location) {
        requireFreeName(name);
        Mount mount;
        if (location != null && location.startsWith("@")) {
            NamedProfile profile = profiles.load(location.substring(1));
            Store store = stores.open(profile.profile().location(), profile.profile().storeOptions());
            mount = new Mount(name, store.location(), store, profile.name(), null, VfsStores.browse(store));
        } else {
            Optional<MountRef> ref = mountRef(location);
            if (ref.isPresent()) {
                Mount parent = ref.get().mount();
                String key = ref.get().key();
                String where = key.isEmpty() ? parent.location() : parent.location() + "/" + key;
                mount = new Mount(name, where, parent.store().at(key), null, parent.name(), parent.browse().at(key));
            } else {
                Store store = stores.open(location, Map.of());
                mount = new Mount(name, store.location(), store, null, null, VfsStores.browse(store));
            }
        }
        mounts.put(name, mount);
        if (currentMount == null) {
            currentMount = name;
            currentKey = "";
        }
        return mount;
    }

    /**
     * Removes a mount and closes its store. Refused while other mounts are views of it.
     *
     * @throws Ib3Exception usage for an unknown name
     */
    public Mount unmount(String name) {
        Mount mount = requireMount(name);
        List<String> children = mounts.values().stream().filter(m -> name.equals(m.parent())).map(Mount::name).toList();
        if (!children.isEmpty()) {
            throw Ib3Exception.usage("mount " + name + " is in use by " + String.join(", ", children),
                    "unmount " + String.join(", ", children) + " first");
        }
        mounts.remove(name);
        if (mount.parent() == null) {
            mount.browse().close();
            mount.store().close();
        }
        if (name.equals(currentMount)) {
            currentMount = mounts.isEmpty() ? null : mounts.keySet().iterator().next();
            currentKey = "";
        }
        return mount;
    }

    /**
     * Mounts a profile's store under the profile's name (or reuses that mount) and makes its root
     * the current directory.
     */
    public Mount use(String profileName) {
        Profiles.requireName(profileName);
        Mount existing = mounts.get(profileName);
        Mount mount;
        if (existing != null) {
            if (!profileName.equals(existing.profile())) {
                throw Ib3Exception.usage("mount name " + profileName + " is taken by " + existing.location(),
                        "unmount " + profileName + " first, or mount the profile under another name: mount NAME @" + profileName);
            }
            mount = existing;
        } else {
            if (!MOUNT_NAME.matcher(profileName).matches()) {
                throw Ib3Exception.usage("profile name " + profileName + " cannot be a mount name",
                        "mount it under another name: mount NAME @" + profileName);
            }
            mount = mount(profileName, "@" + profileName);
        }
        currentMount = mount.name();
        currentKey = "";
        return mount;
    }

    /**
     * Changes the current directory.
     *
     * @throws Ib3Exception usage when the path is not a folder of a mounted store
     */
    public String cd(String path) {
        MountRef ref = resolveMountPath(path == null || path.isBlank() ? "/" : path);
        Store store = ref.mount().browse();
        if (!ref.key().isEmpty()) {
            boolean folder = store.stat(ref.key()).map(e -> e.folder()).orElse(false);
            if (!folder) {
                boolean exists = store.stat(ref.key()).isPresent();
                throw Ib3Exception.usage((exists ? "not a folder: " : "no such folder: ") + ref.mount().pathOf(ref.key()),
                        "list the parent with: ls " + ref.mount().pathOf(Keys.parent(ref.key())));
            }
        }
        currentMount = ref.mount().name();
        currentKey = ref.key();
        return cwd();
    }

    /**
     * Resolves a location argument: a mount path, a URI or {@code @profile}; {@code null} or ""
     * means the current directory. Close the result.
     *
     * @throws Ib3Exception usage when nothing matches
     */
    public Target locate(String location) {
        if (location == null || location.isBlank()) {
            Mount mount = currentMount().orElseThrow(Session::nothingMounted);
            return new Target(mount.store(), currentKey, mount.pathOf(currentKey), mount);
        }
        if (location.startsWith("@")) {
            NamedProfile profile = profiles.load(location.substring(1));
            Store store = stores.open(profile.profile().location(), profile.profile().storeOptions());
            return new Target(store, "", store.location(), null);
        }
        Optional<MountRef> ref = mountRef(location);
        if (ref.isPresent()) {
            Mount mount = ref.get().mount();
            return new Target(mount.store(), ref.get().key(), mount.pathOf(ref.get().key()), mount);
        }
        if (looksLikeUri(location) || currentMount().isEmpty() && StoreFactory.isLocalPath(location)) {
            // with nothing mounted, a plain path can only mean the local disk (batch use: backup --from /var/lib/influxdb3)
            Store store = stores.open(location, Map.of());
            return new Target(store, "", store.location(), null);
        }
        MountRef relative = resolveMountPath(location);
        return new Target(relative.mount().store(), relative.key(), relative.mount().pathOf(relative.key()), relative.mount());
    }

    /**
     * Resolves a backup folder argument as a folder of its backup root, so that the earlier backups
     * an incremental backup's objects are held by can be reached: {@code file:///backups/b2} is
     * {@code b2} in {@code file:///backups}, {@code dst:/b2} is {@code b2} in mount {@code dst}.
     * A location with no parent to speak of (a bucket, an archive, a profile) is a root of its own.
     */
    public BackupTarget locateBackup(String location) {
        Target t = locate(location);
        if (!t.key().isEmpty()) {
            String name = Keys.name(t.key());
            return new BackupTarget(new Target(t.store(), Keys.parent(t.key()), t.mount() == null ? t.display()
                    : t.mount().pathOf(Keys.parent(t.key())), t.mount()), name);
        }
        if (t.mount() != null || location == null || location.startsWith("@")) {
            return new BackupTarget(t, "");
        }
        java.net.URI uri = StoreFactory.parse(location);
        String path = uri.getPath();
        if (uri.isOpaque() || path == null) {
            return new BackupTarget(t, "");
        }
        String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        int slash = trimmed.lastIndexOf('/');
        String name = trimmed.substring(slash + 1);
        if (slash < 0 || !io.ib3.manifest.ManifestCodec.BACKUP_NAME.matcher(name).matches()) {
            return new BackupTarget(t, "");
        }
        try {
            java.net.URI parent = new java.net.URI(uri.getScheme(), uri.getAuthority(), trimmed.substring(0, slash), null, null);
            Store root = stores.open(parent.toString(), Map.of());
            t.close();
            return new BackupTarget(new Target(root, "", root.location(), null), name);
        } catch (java.net.URISyntaxException | Ib3Exception | IllegalArgumentException noParent) {
            // a location whose parent is no store of its own (an S3 bucket's root is): the folder stands alone
            return new BackupTarget(t, "");
        }
    }

    /** A mount and a key in it. */
    public record MountRef(Mount mount, String key) {
    }

    /**
     * Resolves a mount path only (no URIs, no profiles): {@code name:/a/b}, {@code /a/b} from the
     * current mount's root, {@code a/b} or {@code ..} from the current directory.
     */
    public MountRef resolveMountPath(String path) {
        Optional<MountRef> ref = mountRef(path);
        if (ref.isPresent()) {
            return ref.get();
        }
        int colon = path.indexOf(':');
        if (colon > 0 && MOUNT_NAME.matcher(path.substring(0, colon)).matches()) {
            throw unknownMount(path.substring(0, colon));
        }
        Mount mount = currentMount().orElseThrow(Session::nothingMounted);
        String base = path.startsWith("/") ? "" : currentKey;
        return new MountRef(mount, normalizeDots(base, path));
    }

    /** {@code name:/path} or {@code name:path} for a mounted name (not {@code name://…}). */
    private Optional<MountRef> mountRef(String text) {
        if (text == null) {
            return Optional.empty();
        }
        int colon = text.indexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        Mount mount = mounts.get(text.substring(0, colon));
        String rest = text.substring(colon + 1);
        if (mount == null || rest.startsWith("//")) {
            return Optional.empty();
        }
        return Optional.of(new MountRef(mount, normalizeDots("", rest)));
    }

    private boolean looksLikeUri(String text) {
        if (text.startsWith("/") || text.startsWith("./") || text.startsWith("../") || text.startsWith("~/")) {
            return false;
        }
        int colon = text.indexOf(':');
        return colon > 0 && text.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*");
    }

    /** Applies {@code path} to {@code base}, folding '.' and '..'; never climbs above the root. */
    static String normalizeDots(String base, String path) {
        List<String> parts = new ArrayList<>();
        for (String s : Keys.normalize(base).split("/")) {
            if (!s.isEmpty()) {
                parts.add(s);
            }
        }
        for (String s : path.split("/")) {
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..")) {
                if (!parts.isEmpty()) {
                    parts.remove(parts.size() - 1);
                }
            } else {
                parts.add(s);
            }
        }
        return String.join("/", parts);
    }

    private void requireFreeName(String name) {
        if (name == null || !MOUNT_NAME.matcher(name).matches()) {
            throw Ib3Exception.usage("invalid mount name '" + (name == null ? "" : Keys.printable(name)) + "'",
                    "use a letter, then letters, digits, '.', '_' or '-'");
        }
        Mount existing = mounts.get(name);
        if (existing != null) {
            throw Ib3Exception.usage("mount name " + name + " is taken by " + existing.location(),
                    "unmount " + name + " first, or choose another name");
        }
    }

    private Mount requireMount(String name) {
        Mount mount = mounts.get(name);
        if (mount == null) {
            throw unknownMount(name);
        }
        return mount;
    }

    private Ib3Exception unknownMount(String name) {
        return Ib3Exception.usage("no mount named '" + Keys.printable(name) + "'",
                mounts.isEmpty() ? "nothing is mounted; use: mount NAME LOCATION"
                        : "mounted: " + String.join(", ", mounts.keySet()));
    }

    private static Ib3Exception nothingMounted() {
        return Ib3Exception.usage("nothing is mounted",
                "mount a store first: mount NAME LOCATION (for example mount src file:///var/lib/influxdb3), or profile use NAME");
    }

    /** Closes every store this session opened. */
    @Override
    public void close() {
        for (Mount mount : mounts.values()) {
            if (mount.parent() == null) {
                try {
                    mount.browse().close();
                    mount.store().close();
                } catch (RuntimeException ignored) {
                    // closing is best effort at exit; nothing is written on close
                }
            }
        }
        mounts.clear();
        currentMount = null;
        currentKey = "";
    }
}
