package io.ib3.store.object;

import io.ib3.store.Capability;
import io.ib3.store.Entry;
import io.ib3.store.Keys;
import io.ib3.store.ObjectNotFoundException;
import io.ib3.store.Store;
import io.ib3.store.SubStore;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * An ib3 {@link Store} on one bucket or container of any object store, rooted at a key prefix, on
 * a flat namespace where folders are only key prefixes. Everything that does not depend on the
 * vendor is here, once: key mapping, paged listings streamed page by page, folders from delimited
 * listings, small objects in one request and large ones through the parted-upload engine
 * ({@link PartedWrite}), reads that resume where a connection dropped ({@link ResumingReadStream}),
 * server-side copies between stores of the same identity, and one-line errors
 * ({@link ObjectErrors}). The vendor's {@link ObjectClient} only makes the requests.
 *
 * @param <C> the vendor's client
 */
public final class ObjectStore<C extends ObjectClient> implements Store {

    private final C client;
    private final String root;
    private final String location;
    private final int pageSize;
    private final DaemonPool pool;

    /**
     * @param prefix   the key prefix this store is rooted at ("" for the whole bucket or container)
     * @param pageSize keys per listing request (the client's maximum; tests use small pages)
     */
    public ObjectStore(C client, String prefix, int pageSize) {
        this.client = client;
        this.root = Keys.normalize(prefix);
        this.location = client.containerUrl() + (root.isEmpty() ? "" : "/" + root);
        this.pageSize = Math.max(1, Math.min(pageSize, client.settings().maxPageSize()));
        this.pool = new DaemonPool("ib3-part-");
    }

    public ObjectStore(C client, String prefix) {
        this(client, prefix, client.settings().maxPageSize());
    }

    /** The vendor's client (shared by views of this store). */
    public C client() {
        return client;
    }

    /** The key prefix in the bucket or container this store is rooted at. */
    public String prefix() {
        return root;
    }

    /** The key in the bucket or container of a key of this store. */
    public String objectKey(String key) {
        return Keys.join(root, key);
    }

    private String rel(String fullKey) {
        return Keys.relativize(root, fullKey);
    }

    private RuntimeException error(String what, String fullKey, Throwable e) {
        return ObjectErrors.map(client, what, fullKey, e);
    }

    private String locationOf(String fullKey) {
        return client.containerUrl() + "/" + fullKey;
    }

    @Override
    public String location() {
        return location;
    }

    @Override
    public String toString() {
        return location;
    }

    @Override
    public Set<Capability> capabilities() {
        return client.settings().capabilities();
    }

    // ---------------------------------------------------------------- listing

    private static String listPrefix(String fullKey) {
        return fullKey.isEmpty() ? "" : fullKey + "/";
    }

    /** A large prefix is listed by sub-folder, several requests at once ({@link PrefixWalk}). */
    @Override
    public Stream<Entry> list(String prefix) {
        String p = objectKey(prefix);
        String lp = listPrefix(p);
        return PrefixWalk.stream((String folder, boolean delimited, String token) -> {
                    try {
                        return client.list(folder, delimited, token, pageSize);
                    } catch (RuntimeException e) {
                        throw error("cannot list", folder, e);
                    }
                }, lp, PrefixWalk.PARALLEL)
                .filter(e -> !e.key().endsWith("/"))
                .map(e -> new Entry(rel(e.key()), e.size(), e.lastModified(), false, e.etag()));
    }

    @Override
    public List<Entry> children(String folder) {
        String p = objectKey(folder);
        String lp = listPrefix(p);
        List<Entry> out = new ArrayList<>();
        try {
            String token = null;
            do {
                ListPage page = client.list(lp, true, token, pageSize);
                for (String f : page.folders()) {
                    String name = Keys.normalize(f);
                    if (!name.equals(p)) {
                        out.add(Entry.folder(rel(name)));
                    }
                }
                for (Entry e : page.objects()) {
                    if (!e.key().equals(lp) && !e.key().endsWith("/")) {
                        out.add(new Entry(rel(e.key()), e.size(), e.lastModified(), false, e.etag()));
                    }
                }
                token = page.next();
            } while (token != null);
        } catch (RuntimeException e) {
            throw error("cannot list", p, e);
        }
        out.sort(Comparator.comparing(Entry::name));
        return out;
    }

    @Override
    public Optional<Entry> stat(String key) {
        String k = objectKey(key);
        if (Keys.isRoot(key)) {
            // the root of a store exists as soon as its bucket does, objects or not
            try {
                client.checkContainer();
            } catch (RuntimeException e) {
                throw error("cannot open", "", e);
            }
            return Optional.of(Entry.folder(""));
        }
        Optional<Entry> head;
        try {
            head = client.head(k);
        } catch (RuntimeException e) {
            throw error("cannot stat", k, e);
        }
        if (head.isPresent()) {
            Entry h = head.get();
            return Optional.of(new Entry(Keys.normalize(key), h.size(), h.lastModified(), false, h.etag()));
        }
        try {
            // a folder on a flat namespace is a prefix with at least one key under it
            boolean any = !client.list(k + "/", false, null, 1).objects().isEmpty();
            return any ? Optional.of(Entry.folder(Keys.normalize(key))) : Optional.empty();
        } catch (RuntimeException e) {
            throw error("cannot stat", k, e);
        }
    }

    // ---------------------------------------------------------------- reading

    @Override
    public InputStream open(String key, long offset) {
        String k = objectKey(key);
        long from = Math.max(0, offset);
        ObjectClient.Body first;
        try {
            first = client.get(k, from, null);
        } catch (ObjectNotFoundException e) {
            throw new ObjectNotFoundException(location, Keys.normalize(key));
        } catch (RuntimeException e) {
            throw error("cannot read", k, e);
        }
        return new ResumingReadStream(client, k, from, first);
    }

    @Override
    public Optional<String> nativeCrc32c(String key) {
        if (!has(Capability.NATIVE_CRC32C)) {
            return Optional.empty();
        }
        String k = objectKey(key);
        try {
            return client.crc32c(k);
        } catch (ObjectNotFoundException e) {
            throw new ObjectNotFoundException(location, Keys.normalize(key));
        } catch (RuntimeException e) {
            throw error("cannot stat", k, e);
        }
    }

    // ---------------------------------------------------------------- writing

    @Override
    public void write(String key, InputStream content, long size) {
        String k = objectKey(key);
        if (k.isEmpty()) {
            throw new IllegalArgumentException("write needs a key below " + location);
        }
        ObjectSettings settings = client.settings();
        if (size > settings.singlePutLimit()) {
            PartedUpload<?> upload;
            try {
                upload = client.beginUpload(k, size);
            } catch (RuntimeException e) {
                throw error("cannot write", k, e);
            }
            PartedWrite.upload(upload, content, size, settings.partSize(size), settings.wholeDigest(), pool.get(),
                    settings.parallel(), locationOf(k), e -> error("cannot write", k, e));
            return;
        }
        byte[] data = SizedBody.readExactly(content, size, locationOf(k));
        try {
            client.put(k, data);
        } catch (RuntimeException e) {
            throw error("cannot write", k, e);
        }
    }

    @Override
    public void delete(String key) {
        String k = objectKey(key);
        if (k.isEmpty()) {
            throw new IllegalArgumentException("delete needs a key below " + location);
        }
        try {
            client.delete(k);
        } catch (RuntimeException e) {
            throw error("cannot delete", k, e);
        }
    }

    /** Object stores have no rename: a server-side copy when the store has one, then the delete once the copy is whole. */
    @Override
    public void move(String fromKey, String toKey) {
        if (!has(Capability.SERVER_SIDE_COPY)) {
            Store.super.move(fromKey, toKey);
            return;
        }
        Entry from = stat(fromKey).filter(e -> !e.folder())
                .orElseThrow(() -> new ObjectNotFoundException(location, Keys.normalize(fromKey)));
        copyServerSide(this, fromKey, toKey, from.size());
        delete(fromKey);
    }

    /** Aborts what writes of a killed run left unfinished below {@code prefix} (multipart uploads). */
    @Override
    public int removeUnfinishedWrites(String prefix) {
        String p = objectKey(prefix);
        try {
            return client.removeUnfinished(listPrefix(p));
        } catch (RuntimeException e) {
            throw error("cannot clean up unfinished uploads in", p, e);
        }
    }

    // ---------------------------------------------------------------- server-side copy

    /**
     * True when both stores declare {@link Capability#SERVER_SIDE_COPY} and their clients are of
     * one vendor with the same identity (endpoint, account, credential references). A view
     * ({@link Store#at}) copies like the store it is a view of.
     */
    @Override
    public boolean canCopyServerSide(Store source) {
        return has(Capability.SERVER_SIDE_COPY) && SubStore.unwrap(source) instanceof ObjectStore<?> o
                && o.has(Capability.SERVER_SIDE_COPY) && (o.client == client
                || o.client.getClass() == client.getClass() && o.client.identity().equals(client.identity()));
    }

    @Override
    public void copyServerSide(Store source, String sourceKey, String targetKey, long size) {
        copyServerSideCrc32c(source, sourceKey, targetKey, size);
    }

    @Override
    public Optional<String> copyServerSideCrc32c(Store source, String sourceKey, String targetKey, long size) {
        if (!canCopyServerSide(source)) {
            throw new IllegalArgumentException("no server-side copy from " + source.location() + " into " + location);
        }
        ObjectStore<?> src = (ObjectStore<?>) SubStore.unwrap(source);
        String srcKey = SubStore.rootKey(source, sourceKey);
        String from = src.objectKey(srcKey);
        String to = objectKey(targetKey);
        long length = size >= 0 ? size : source.stat(sourceKey)
                .orElseThrow(() -> new ObjectNotFoundException(source.location(), Keys.normalize(sourceKey))).size();
        try {
            return client.copy(src.client, from, to, length, pool.get());
        } catch (RuntimeException e) {
            if (ObjectErrors.kind(client, e) == Failure.Kind.NOT_FOUND && src.stat(srcKey).isEmpty()) {
                throw new ObjectNotFoundException(source.location(), Keys.normalize(sourceKey));
            }
            throw error("cannot copy " + src.client.containerUrl() + "/" + from + " to", to, e);
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
        client.close();
    }
}
