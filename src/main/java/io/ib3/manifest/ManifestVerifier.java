package io.ib3.manifest;

import io.ib3.error.Ib3Exception;
import io.ib3.report.ProgressListener;
import io.ib3.store.Capability;
import io.ib3.store.Entry;
import io.ib3.store.Keys;
import io.ib3.store.ObjectNotFoundException;
import io.ib3.store.Store;
import io.ib3.work.Workers;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * The store-level half of {@code verify}: are the objects the manifest lists there, with their
 * sizes, and (deep) their checksums. One listing of the backup answers the first question for every
 * object at once; no request per object. Layout-aware checks are added on the report afterwards.
 */
public final class ManifestVerifier {

    /**
     * What a deep verify also checks of an object's own bytes while it reads them for their
     * checksum, so that every object is read once: WAL and catalog CRCs, Parquet frames, snapshot
     * files for the consistency rules.
     */
    public interface ContentCheck {

        /** True when the object's bytes must be read even where the store keeps a CRC32C for it. */
        boolean wants(ManifestEntry e);

        /**
         * Reads {@code in} (as far as it needs; the rest is read for the checksum) and returns what is
         * wrong with the bytes, or {@code null}. Must not close the stream.
         *
         * @throws IOException when the stream fails: the store's fault, not the object's
         */
        String check(ManifestEntry e, InputStream in) throws IOException;
    }

    /** Objects read at the same time in a deep verify when the caller does not say. */
    public static final int DEFAULT_PARALLEL = 4;

    private ManifestVerifier() {
    }

    public static VerifyReport verify(Store backup, Manifest manifest, boolean deep, ProgressListener listener) {
        return verify(backup, manifest, deep, DEFAULT_PARALLEL, listener);
    }

    /**
     * Checks the objects a backup folder holds itself, at the keys they are stored under.
     *
     * @param deep     also compare every object's CRC32C: the store's native one when it keeps one,
     *                 else by reading the object
     * @param parallel objects read at the same time in a deep verify
     */
    public static VerifyReport verify(Store backup, Manifest manifest, boolean deep, int parallel, ProgressListener listener) {
        try (Stream<Entry> listing = backup.list("")) {
            return verify(backup, manifest, deep, parallel, listener, listing::iterator);
        }
    }

    /**
     * As above with a listing of the whole backup the caller already made (verify lists once for
     * this and the consistency scan).
     */
    public static VerifyReport verify(Store backup, Manifest manifest, boolean deep, int parallel, ProgressListener listener,
                                      Iterable<Entry> listing) {
        List<ManifestEntry> own = manifest.entries().stream().filter(ManifestEntry::ownBytes).toList();
        return check(backup.location(), backup, own, ManifestEntry::storedKey, deep, parallel, listener, listing, null);
    }

    /**
     * Checks every object of a backup where it is held: this folder's own objects (from
     * {@code ownListing}, a listing of the backup folder the caller made), and for an incremental
     * backup those held by earlier backups of its chain (one listing of each holder). Problems of
     * a chain name the folder: {@code backup-1/node0/wal/…}.
     */
    public static VerifyReport verify(BackupRef ref, Manifest manifest, boolean deep, int parallel, ProgressListener listener,
                                      Iterable<Entry> ownListing) {
        return verify(ref, manifest, deep, parallel, listener, ownListing, null);
    }

    /** As above; a deep verify also runs {@code content} on the bytes it reads ({@code null}: none). */
    public static VerifyReport verify(BackupRef ref, Manifest manifest, boolean deep, int parallel, ProgressListener listener,
                                      Iterable<Entry> ownListing, ContentCheck content) {
        if (manifest.holders().isEmpty()) {
            List<ManifestEntry> own = manifest.entries().stream().filter(ManifestEntry::ownBytes).toList();
            return check(ref.store().location(), ref.store(), own, ManifestEntry::storedKey, deep, parallel, listener, ownListing, content);
        }
        Map<String, java.util.Set<String>> wanted = new HashMap<>();
        for (ManifestEntry e : manifest.entries()) {
            if (!e.ownBytes()) {
                wanted.computeIfAbsent(e.holder(), h -> new java.util.HashSet<>()).add(e.storedKey());
            }
        }
        List<Entry> listing = new ArrayList<>();
        for (Entry e : ownListing) {
            if (!isOwnFile(e.key())) {
                listing.add(Entry.file(Keys.join(ref.name(), e.key()), e.size(), e.lastModified()));
            }
        }
        for (Map.Entry<String, java.util.Set<String>> h : wanted.entrySet()) {
            // the rest of an earlier backup is its own business, not this backup's
            try (Stream<Entry> s = ref.sibling(h.getKey()).list("")) {
                s.filter(e -> h.getValue().contains(e.key()))
                        .forEach(e -> listing.add(Entry.file(Keys.join(h.getKey(), e.key()), e.size(), e.lastModified())));
            }
        }
        return check(ref.location(), ref.root(), manifest.entries(), ref::rootKey, deep, parallel, listener, listing, content);
    }

    /**
     * Checks a restored tree: every object of the backup at its key relative to the data root, as
     * a restore writes it, whichever backup folder held its bytes.
     */
    public static VerifyReport verifyRestored(Store target, Manifest manifest, boolean deep, int parallel,
                                              ProgressListener listener) {
        try (Stream<Entry> listing = target.list("")) {
            return check(target.location(), target, manifest.entries(), ManifestEntry::key, deep, parallel, listener, listing::iterator,
                    null);
        }
    }

    /**
     * The objects {@code entries} lists, found in {@code store} at {@code keyOf(entry)}: present
     * with their sizes, and (deep) their checksums. Problems name that key.
     */
    static VerifyReport check(String location, Store store, List<ManifestEntry> entries, Function<ManifestEntry, String> keyOf,
                              boolean deep, int parallel, ProgressListener listener, Iterable<Entry> listing, ContentCheck content) {
        ProgressListener progress = listener == null ? ProgressListener.NONE : listener;
        Map<String, ManifestEntry> byKey = new HashMap<>();
        for (ManifestEntry e : entries) {
            byKey.put(keyOf.apply(e), e);
        }
        List<VerifyReport.Problem> problems = new ArrayList<>();
        List<VerifyReport.Problem> warnings = new ArrayList<>();
        Map<String, Boolean> seen = new HashMap<>();
        List<ManifestEntry> intact = new ArrayList<>();
        for (Entry e : listing) {
            if (isOwnFile(e.key())) {
                continue;
            }
            ManifestEntry m = byKey.get(e.key());
            if (m == null) {
                warnings.add(new VerifyReport.Problem(e.key(), "not in the manifest"));
                continue;
            }
            seen.put(e.key(), Boolean.TRUE);
            if (e.size() != m.size()) {
                problems.add(new VerifyReport.Problem(e.key(), "size is " + e.size() + " bytes, the manifest says " + m.size()));
            } else {
                intact.add(m);
            }
        }
        long missing = 0;
        for (ManifestEntry m : entries) {
            if (!seen.containsKey(keyOf.apply(m))) {
                problems.add(new VerifyReport.Problem(keyOf.apply(m), "missing"));
                missing++;
            }
        }
        long bytes = intact.stream().mapToLong(ManifestEntry::size).sum();
        List<VerifyReport.Check> checks = new ArrayList<>();
        checks.add(new VerifyReport.Check("objects", problems.isEmpty(),
                intact.size() + " of " + entries.size() + " present with the recorded size"
                        + (missing > 0 ? ", " + missing + " missing" : "")));
        long compared = 0;
        long noChecksum = 0;
        if (deep) {
            DeepResult d = deep(store, intact, keyOf, Math.max(1, parallel), progress, content);
            compared = d.compared;
            noChecksum = d.noChecksum;
            checks.add(new VerifyReport.Check("checksums", d.problems.isEmpty(), compared + " CRC32C compared"
                    + (noChecksum > 0 ? ", " + noChecksum + " read without a recorded checksum" : "")));
            problems.addAll(d.problems);
        }
        progress.finished(problems.isEmpty());
        return new VerifyReport(location, entries.size(), intact.size(), bytes, deep, compared,
                noChecksum, checks, problems, warnings);
    }

    /** ib3's own files in a backup folder, never listed in the manifest. */
    static boolean isOwnFile(String key) {
        return key.equals(ManifestCodec.FILE) || key.startsWith(ManifestCodec.FILE + ".")
                || Keys.isUnder(key, Journal.DEFAULT_PREFIX);
    }

    private record DeepResult(long compared, long noChecksum, List<VerifyReport.Problem> problems) {
    }

    private static DeepResult deep(Store backup, List<ManifestEntry> entries, Function<ManifestEntry, String> keyOf,
                                   int parallel, ProgressListener progress, ContentCheck content) {
        progress.started("verify", entries.size(), entries.stream().mapToLong(ManifestEntry::size).sum());
        progress.phaseStarted("checksums", entries.size(), entries.stream().mapToLong(ManifestEntry::size).sum());
        boolean native32c = backup.has(Capability.NATIVE_CRC32C);
        List<VerifyReport.Problem> problems = Collections.synchronizedList(new ArrayList<>());
        AtomicLong compared = new AtomicLong();
        AtomicLong noChecksum = new AtomicLong();
        List<ReadFailure> unreadable = Collections.synchronizedList(new ArrayList<>());
        try {
            // every object is tried: the unreadable ones are counted, not a reason to stop
            Workers.run(entries.size(), parallel, "ib3-verify", i -> {
                ManifestEntry e = entries.get(i);
                String key = keyOf.apply(e);
                try {
                    String problem = checkOne(backup, e, key, native32c, progress, compared, noChecksum, content);
                    if (problem != null) {
                        problems.add(new VerifyReport.Problem(key, problem));
                        progress.itemFailed(key, problem);
                    } else {
                        progress.itemDone(key, e.size());
                    }
                } catch (ReadFailure f) {
                    unreadable.add(f);
                    progress.itemFailed(key, "cannot read: " + f.getMessage());
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problems.add(new VerifyReport.Problem("", "verify was cancelled before every object was read"));
        }
        progress.phaseFinished("checksums");
        if (!unreadable.isEmpty()) {
            ReadFailure first = unreadable.get(0);
            throw readFailed(backup.location(), first.key, first.getMessage(), unreadable.size());
        }
        return new DeepResult(compared.get(), noChecksum.get(), problems);
    }

    /** Compares one object's checksum; returns the problem or {@code null}. */
    private static String checkOne(Store backup, ManifestEntry e, String key, boolean native32c, ProgressListener progress,
                                   AtomicLong compared, AtomicLong noChecksum, ContentCheck content) {
        boolean look = content != null && content.wants(e);
        try {
            if (native32c && e.crc32c() != null && !look) {
                Optional<String> stored = backup.nativeCrc32c(key);
                if (stored.isPresent()) {
                    progress.bytes(e.size());
                    compared.incrementAndGet();
                    return stored.get().equals(e.crc32c()) ? null
                            : "CRC32C is " + stored.get() + " (kept by the store), the manifest says " + e.crc32c();
                }
            }
            CountingCrc in;
            String contentProblem = null;
            try (InputStream raw = backup.open(key)) {
                in = new CountingCrc(raw, progress);
                if (look) {
                    contentProblem = content.check(e, in);
                }
                in.drain();
            }
            if (in.count != e.size()) {
                return "read " + in.count + " bytes, the manifest says " + e.size();
            }
            String actual = Crc32c.hex(in.crc.getValue());
            String crcProblem = null;
            if (e.crc32c() == null) {
                noChecksum.incrementAndGet();
            } else {
                compared.incrementAndGet();
                crcProblem = actual.equals(e.crc32c()) ? null : "CRC32C is " + actual + ", the manifest says " + e.crc32c();
            }
            // a damaged byte shows in both: the checksum says it first, the format says what broke
            return crcProblem != null ? crcProblem : contentProblem;
        } catch (ObjectNotFoundException gone) {
            return "missing (gone while it was verified)";
        } catch (IOException | RuntimeException ex) {
            throw new ReadFailure(key, ex);
        }
    }

    /** Counts and checksums what passes through it; a content check reads it without closing it. */
    private static final class CountingCrc extends java.io.FilterInputStream {
        final CRC32C crc = new CRC32C();
        final ProgressListener progress;
        long count;

        CountingCrc(InputStream in, ProgressListener progress) {
            super(in);
            this.progress = progress;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                crc.update(b);
                count++;
                progress.bytes(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                crc.update(b, off, n);
                count += n;
                progress.bytes(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] buf = new byte[(int) Math.min(65536, Math.max(0, n))];
            long done = 0;
            while (done < n) {
                int r = read(buf, 0, (int) Math.min(buf.length, n - done));
                if (r < 0) {
                    break;
                }
                done += r;
            }
            return done;
        }

        @Override
        public void close() {
            // the caller closes the real stream
        }

        void drain() throws IOException {
            byte[] buf = new byte[65536];
            while (read(buf, 0, buf.length) >= 0) {
                // reading is the point: the checksum covers every byte
            }
        }
    }

    /**
     * An object that could not be read for good (the store failed: connection, throttling beyond
     * the retries, permissions), as opposed to one that reads back different (damage). Verify
     * cannot say whether such an object is intact, so it fails with exit 1 and the store's
     * reason instead of calling the backup damaged (exit 3).
     */
    static final class ReadFailure extends RuntimeException {
        final String key;

        ReadFailure(String key, Exception cause) {
            super(cause.getMessage(), cause);
            this.key = key;
        }
    }

    /** The error a verify ends with when objects could not be read. */
    public static Ib3Exception readFailed(String location, String key, String why, long count) {
        return Ib3Exception.failed("cannot read " + location + "/" + Keys.printable(key) + " to verify it: " + why
                        + (count > 1 ? " (and " + (count - 1) + " more unreadable)" : ""),
                "the store failed to deliver the object; that says nothing about the backup's content",
                "run verify again when the store answers (network, throttling, permissions)");
    }
}
