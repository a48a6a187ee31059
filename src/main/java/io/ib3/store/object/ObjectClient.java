package io.ib3.store.object;

import io.ib3.work.RetryPolicy;

import io.ib3.store.Capability;
import io.ib3.store.Entry;
import io.ib3.store.ObjectNotFoundException;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

/**
 * One bucket or container of an object store, as ib3 talks to it: the narrow interface a vendor
 * (S3, Azure Blob, GCS …) implements so that {@link ObjectStore} can be an ib3 store on it. Keys
 * here are full keys in the bucket, never relative to a store's prefix.
 *
 * <p>Methods throw the vendor's own exceptions (or {@link ObjectNotFoundException}); the store
 * turns them into one-line errors with {@link #classify} and {@link #hints}. Implementations build
 * their SDK client on first use (commands that never touch the store must not pay for it), retry
 * each request in the SDK with the backoff of a {@link RetryPolicy}, and are safe for concurrent use.
 */
public interface ObjectClient extends AutoCloseable {

    /** The bucket or container as a location without credentials, e.g. {@code s3://bucket}. */
    String containerUrl();

    /** Where requests go, for messages: the endpoint, never credentials. */
    String endpointName();

    /**
     * What must be equal for a server-side copy from another client: endpoint, account and the
     * credential references (never the secrets themselves).
     */
    String identity();

    /** What stores on this client can do, how it retries, the sizes of its parted uploads. */
    ObjectSettings settings();

    /** "bucket" or "container", for messages. */
    default String containerNoun() {
        return "bucket";
    }

    // ---------------------------------------------------------------- reading

    /**
     * One page of keys below {@code prefix} (a full key prefix ending in '/', or "" for the whole
     * bucket). Delimited: objects directly below the prefix, and the folders (common prefixes,
     * ending in '/') in {@link ListPage#folders}; not delimited: every object below, recursively.
     *
     * @param token the previous page's {@link ListPage#next}, or null for the first page
     */
    ListPage list(String prefix, boolean delimited, String token, int pageSize);

    /** The object at key, or empty when there is none. */
    Optional<Entry> head(String key);

    /** Checks that the bucket or container can be reached; throws when it does not exist or cannot be read. */
    void checkContainer();

    /**
     * The object's bytes from {@code offset} to its end; an offset at or past the end gives an empty
     * body.
     *
     * @param version the version the read must see (from an earlier {@link Body#version}), or null
     *                for the current one; a read of a replaced object then fails
     * @throws ObjectNotFoundException when there is no such object
     */
    Body get(String key, long offset, String version);

    /** An object's bytes and the version they belong to (ETag, generation). */
    record Body(InputStream in, String version) {
    }

    /**
     * The CRC32C the store keeps for the object, as 8 lowercase hex digits, or empty when it keeps
     * none (only with {@link Capability#NATIVE_CRC32C}).
     *
     * @throws ObjectNotFoundException when there is no such object
     */
    Optional<String> crc32c(String key);

    // ---------------------------------------------------------------- writing

    /** Writes a small object in one request, with a checksum the service verifies, replacing any object at key. */
    void put(String key, byte[] data);

    /** Begins writing an object of {@code size} bytes in parts; nothing is visible until the commit. */
    PartedUpload<?> beginUpload(String key, long size);

    /**
     * Copies an object on the server side: no object byte passes through ib3. Called only for a
     * source with the same {@link #identity}.
     *
     * @param pool threads for a copy in parallel parts
     * @return the CRC32C of the new object (8 hex digits) when the service's answer states it
     */
    Optional<String> copy(ObjectClient source, String sourceKey, String key, long size, ExecutorService pool);

    /** Removes an object; no error when it is already absent. */
    void delete(String key);

    /**
     * Removes what writes of a killed process left below {@code prefix} (unfinished multipart
     * uploads), never a complete object.
     *
     * @return how many were removed
     */
    int removeUnfinished(String prefix);

    // ---------------------------------------------------------------- failures

    /**
     * What a failure of this client means, or null when it is not the service's answer (a network
     * failure, a bug); {@link ObjectErrors} then looks at the cause chain.
     */
    Failure classify(Throwable e);

    /** What the user can do about a kind of failure: lines naming options and references, never secrets. */
    List<String> hints(Failure.Kind kind);

    /** Releases the SDK client, if one was built. */
    @Override
    void close();
}
