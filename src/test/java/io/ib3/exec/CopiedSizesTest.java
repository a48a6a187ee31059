package io.ib3.exec;

import io.ib3.error.Ib3Exception;
import io.ib3.report.ProgressListener;
import io.ib3.sample.SampleTrees;
import io.ib3.store.Capability;
import io.ib3.store.NioStore;
import io.ib3.store.Store;
import io.ib3.store.Entry;
import io.ib3.testing.ForwardingStore;
import io.ib3.testing.Trees;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A backup proves the size of every copy before its manifest: by the bytes it counted (a stream
 * copy, a read-back of a server-side copy) or, for copies no byte count covered, by one listing
 * of the backup. The listing is made only when needed.
 */
class CopiedSizesTest {

    @TempDir
    Path srcDir;
    @TempDir
    Path dstDir;

    private Store source;
    private Target target;

    @BeforeEach
    void trees() {
        source = NioStore.local(srcDir);
        SampleTrees.core("node0").writeTo(source, "");
    }

    private BackupJob.Outcome backup() {
        return BackupJob.run(source, "", target, new BackupJob.Options("b1", false, 2, 1), ProgressListener.NONE);
    }

    @Test
    void aStreamedBackupListsNoCopyToLearnItsSize() {
        target = new Target(NioStore.local(dstDir), false, null, false);

        backup();

        assertTrue(Files.exists(dstDir.resolve("b1/ib3-manifest.json")));
        assertEquals(0, target.backupListings(), () -> "listings: " + target.listed);
    }

    @Test
    void serverSideCopiesReadBackHaveTheirSizeFromTheReadAndAreNotListed() {
        target = new Target(NioStore.local(dstDir), true, null, false);

        BackupJob.Outcome o = backup();

        assertTrue(o.readBackBytes() > 0);
        assertEquals(0, target.backupListings(), () -> "listings: " + target.listed);
    }

    @Test
    void aServerSideCopyReadBackShorterThanPlannedFailsTheBackup() {
        target = new Target(NioStore.local(dstDir), true, ".parquet", false);

        Ib3Exception e = assertThrows(Ib3Exception.class, this::backup);

        assertTrue(e.getMessage().contains("bytes, expected"), e.getMessage());
        assertTrue(Files.notExists(dstDir.resolve("b1/ib3-manifest.json")));
    }

    @Test
    void serverSideCopiesWithTheStoresChecksumAreCheckedByOneListingAndAShortOneFailsTheBackup() {
        target = new Target(NioStore.local(dstDir), true, ".parquet", true);

        Ib3Exception e = assertThrows(Ib3Exception.class, this::backup);

        assertTrue(e.getMessage().contains("was copied with"), e.getMessage());
        assertEquals(1, target.backupListings());
        assertTrue(Files.notExists(dstDir.resolve("b1/ib3-manifest.json")));
    }

    /**
     * A local folder that copies server-side from the source folder, optionally one byte short
     * for keys ending in {@code shorten}, and answers the copy with the source's CRC32C when
     * {@code statesCrc} (as AWS S3 does), with none otherwise (as S3Proxy does).
     */
    final class Target extends ForwardingStore {
        final List<String> listed = new CopyOnWriteArrayList<>();
        private final NioStore nio;
        private final boolean serverSide;
        private final String shorten;
        private final boolean statesCrc;

        Target(NioStore real, boolean serverSide, String shorten, boolean statesCrc) {
            super(real);
            this.nio = real;
            this.serverSide = serverSide;
            this.shorten = shorten;
            this.statesCrc = statesCrc;
        }

        long backupListings() {
            return listed.stream().filter(p -> p.equals("b1") || p.equals("b1/")).count();
        }

        @Override
        public Set<Capability> capabilities() {
            return serverSide ? Set.of(Capability.WRITABLE, Capability.REAL_FOLDERS, Capability.SERVER_SIDE_COPY)
                    : real.capabilities();
        }

        @Override
        public Stream<Entry> list(String prefix) {
            listed.add(prefix);
            return real.list(prefix);
        }

        @Override
        public void move(String fromKey, String toKey) {
            real.move(fromKey, toKey);
        }

        @Override
        public boolean canCopyServerSide(Store from) {
            return serverSide && from == source;
        }

        @Override
        public Optional<String> copyServerSideCrc32c(Store from, String sourceKey, String targetKey, long size) {
            try {
                Path src = srcDir.resolve(sourceKey);
                Path to = nio.root().resolve(targetKey);
                Files.createDirectories(to.getParent());
                Files.copy(src, to, StandardCopyOption.REPLACE_EXISTING);
                if (shorten != null && targetKey.endsWith(shorten)) {
                    byte[] b = Files.readAllBytes(to);
                    Files.write(to, java.util.Arrays.copyOf(b, b.length - 1));
                }
                return statesCrc ? Optional.of(Trees.crcOf(src)) : Optional.empty();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
