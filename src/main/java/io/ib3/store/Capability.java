package io.ib3.store;

/**
 * What a store can do beyond the basic contract. Declared by each store, never probed by catching
 * exceptions: the executor picks its data path from these.
 */
public enum Capability {
    /**
     * Objects can be copied into this store from another store that declares it too and is reached
     * at the same endpoint with the same credentials, without the bytes passing through ib3
     * ({@link Store#canCopyServerSide}, {@link Store#copyServerSide}); {@link Store#move} uses it.
     * A store without it answers {@code canCopyServerSide} with false, whatever the source.
     */
    SERVER_SIDE_COPY,
    /** The store keeps a CRC32C per object that {@link Store#nativeCrc32c} returns without reading the content. */
    NATIVE_CRC32C,
    /** A write becomes visible all at once, or not at all. */
    ATOMIC_PUT,
    /** Folders exist on their own (a file system), not only as key prefixes (an object store). */
    REAL_FOLDERS,
    /** Files have an owner that can be changed ({@code restore --owner}). */
    POSIX_OWNER,
    /** The store can be written to. Archives (zip, tar) cannot. */
    WRITABLE
}
