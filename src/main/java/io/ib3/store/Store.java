package io.ib3.store;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A mounted store: objects under '/'-separated keys below a root. Folders are implied by keys on
 * object stores and real on file systems; callers must not depend on empty folders.
 *
 * <p>Keys are relative to the root: no leading or trailing slash; {@code ""} is the root itself.
 * Implementations are safe for concurrent use by several threads (the executor copies in
 * parallel). Nothing here knows about Commons VFS or Spring.
 */
public interface Store extends AutoCloseable {

    /** Where this store is, for messages and manifests: a URI without credentials. */
    String location();

    /** What this store can do beyond this contract; never changes. */
    Set<Capability> capabilities();

    default boolean has(Capability capability) {
        return capabilities().contains(capability);
    }

    /**
     * Every object (never folders) below {@code prefix}, recursively, in no particular order.
     * Streams: implementations hold a few directories or listing pages at a time, never the
     * whole listing (an object store lists large prefixes by sub-folder in parallel). A prefix
     * that does not exist gives an empty stream, not an error. Folders that vanish during the
     * walk (InfluxDB's file store deletes empty parents) are skipped. Close the stream.
     *
     * @param prefix a folder key ("" for the whole store)
     */
    Stream<Entry> list(String prefix);

    /**
     * The immediate children of a folder (files and folders), sorted by name. Empty when the
     * folder does not exist.
     */
    List<Entry> children(String folder);

    /** The object or folder at key, if there is one. {@code stat("")} is the root folder. */
    Optional<Entry> stat(String key);

    /**
     * Reads an object from its start.
     *
     * @throws ObjectNotFoundException if there is no object at key
     */
    default InputStream open(String key) {
        return open(key, 0);
    }

    /**
     * Reads an object from byte {@code offset} to its end.
     *
     * @throws ObjectNotFoundException if there is no object at key
     */
    InputStream open(String key, long offset);

    /**
     * Writes an object from a stream of exactly {@code size} bytes, replacing any object at key.
     * On stores with {@link Capability#ATOMIC_PUT} a reader never sees a partial object; a failed
     * write leaves no object (and no temporary file) behind.
     *
     * @throws StoreException if the stream does not deliver {@code size} bytes
     */
    void write(String key, InputStream content, long size);

    /** Removes an object. No error if it is already absent. Never removes folders recursively. */
    void delete(String key);

    /**
     * Moves an object within this store (used for quarantine). The default copies then deletes;
     * file systems rename.
     */
    default void move(String fromKey, String toKey) {
        Entry entry = stat(fromKey).orElseThrow(() -> new ObjectNotFoundException(location(), fromKey));
        try (InputStream in = open(fromKey)) {
            write(toKey, in, entry.size());
        } catch (java.io.IOException e) {
            throw new StoreException("cannot move " + location() + "/" + fromKey + ": " + e.getMessage(), e);
        }
        delete(fromKey);
    }

    /**
     * True when {@link #copyServerSide} can copy from {@code source} into this store without the
     * bytes passing through ib3: both declare {@link Capability#SERVER_SIDE_COPY} and share
     * endpoint and credentials. Never true without the capability.
     */
    default boolean canCopyServerSide(Store source) {
        return false;
    }

    /** Copies one object from {@code source} into this store on the server side. */
    default void copyServerSide(Store source, String sourceKey, String targetKey, long size) {
        throw new UnsupportedOperationException("server-side copy into " + location());
    }

    /**
     * As {@link #copyServerSide}, and returns the CRC32C of the new object (8 lowercase hex digits)
     * when the store's answer to the copy states it, so learning it costs no request of its own.
     * Empty when the answer has none; the default copies and returns empty.
     */
    default Optional<String> copyServerSideCrc32c(Store source, String sourceKey, String targetKey, long size) {
        copyServerSide(source, sourceKey, targetKey, size);
        return Optional.empty();
    }

    /**
     * The CRC32C the store itself keeps for the object, as 8 lowercase hex digits, when it has one
     * ({@link Capability#NATIVE_CRC32C}); empty otherwise. Does not read the content.
     */
    default Optional<String> nativeCrc32c(String key) {
        return Optional.empty();
    }

    /**
     * Sets the owner of an object or folder ({@link Capability#POSIX_OWNER}).
     *
     * @param group may be {@code null} to leave the group unchanged
     */
    default void setOwner(String key, String user, String group) {
        throw new UnsupportedOperationException("ownership on " + location());
    }

    /**
     * Removes folders below {@code prefix} (and the prefix itself) that hold no object any more.
     * Object stores have no folders: the default does nothing.
     */
    default void removeEmptyFolders(String prefix) {
    }

    /**
     * Removes what writes of a process that died left below {@code prefix}: a temporary file of an
     * atomic write, an unfinished multipart upload. Never a complete object. Backup and restore call
     * it before they resume, so nothing half-written lingers (or is billed) after the run that
     * completes. The default has nothing to remove.
     *
     * @return how many leftovers were removed
     */
    default int removeUnfinishedWrites(String prefix) {
        return 0;
    }

    /** A view of this store rooted at {@code prefix}; keys of the view are relative to it. */
    default Store at(String prefix) {
        return Keys.isRoot(prefix) ? this : new SubStore(this, Keys.normalize(prefix));
    }

    /** Releases clients and connections. The default does nothing. */
    @Override
    default void close() {
    }
}
