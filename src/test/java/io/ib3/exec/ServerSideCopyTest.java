package io.ib3.exec;

import io.ib3.report.ProgressListener;
import io.ib3.store.NioStore;
import io.ib3.store.Store;
import io.ib3.testing.ForwardingStore;
import io.ib3.testing.TestStore;
import io.ib3.testing.Trees;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ib3.store.Capability;
import io.ib3.store.Entry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Server-side copies: sizes checked from one listing per phase, CRC32C from the copy's answer. */
class ServerSideCopyTest {

    @TempDir
    Path srcDir;
    @TempDir
    Path dstDir;

    TestStore source;
    CountingTarget target;

    @BeforeEach
    void stores() {
        source = new TestStore(NioStore.local(srcDir)).serverSide(true);
        target = new CountingTarget(NioStore.local(dstDir));
    }

    private static ExecOptions opts() {
        return ExecOptions.defaults(4).withRetries(1, Duration.ofMillis(1)).withoutJournal();
    }

    @Test
    void noStatPerObjectAndOneListingPerPhase() throws IOException {
        List<CopyPhase> phases = List.of(new CopyPhase("snapshots", Trees.files(srcDir, "n/snapshots", 20, 300)),
                new CopyPhase("dbs", Trees.files(srcDir, "n/dbs/1/0", 30, 900)));

        ExecResult r = new Executor().run(source, target, phases, opts(), ProgressListener.NONE);

        assertTrue(r.ok(), () -> r.failures().toString());
        assertEquals(50, r.count(CopyMethod.SERVER_SIDE));
        assertEquals(0, target.stats.get(), "no request per object to learn the copy's size");
        assertEquals(List.of("n/snapshots", "n/dbs/1/0"), target.listed, "one listing of each phase's folder");
    }

    @Test
    void aCopyOfAnotherSizeThanPlannedFailsThePhaseAndStopsTheRun() throws IOException {
        List<CopyItem> first = Trees.files(srcDir, "n/snapshots", 10, 300);
        CopyItem grown = first.get(3);
        Files.write(srcDir.resolve(grown.sourceKey()), new byte[1000]);   // the source moved on after planning
        List<CopyPhase> phases = List.of(new CopyPhase("snapshots", first), new CopyPhase("wal", Trees.files(srcDir, "n/wal", 5, 50)));

        ExecResult r = new Executor().run(source, target, phases, opts(), ProgressListener.NONE);

        assertFalse(r.ok());
        assertEquals(1, r.failures().size(), () -> r.failures().toString());
        assertEquals(ItemFailure.Kind.SIZE_MISMATCH, r.failures().get(0).kind());
        assertEquals(grown.targetKey(), r.failures().get(0).targetKey());
        assertFalse(Files.exists(dstDir.resolve("n/wal")), "no later phase starts");
        assertEquals(List.of(), r.phasesCompleted());
    }

    @Test
    void aCrcInTheCopysAnswerIsRecordedWithoutAskingTheSource() throws IOException {
        List<CopyItem> items = Trees.files(srcDir, "n/snapshots", 6, 300);
        target.reportCrc = true;

        ExecResult r = new Executor().run(source, target, List.of(new CopyPhase("s", items)), opts(), ProgressListener.NONE);

        assertTrue(r.ok(), () -> r.failures().toString());
        for (ItemResult i : r.items()) {
            assertEquals(Trees.crcOf(srcDir.resolve(i.sourceKey())), i.crc32c());
        }
        assertEquals(0, r.notChecksummed());
    }

    @Test
    void aSourceThatKeepsNoChecksumsIsAskedOnlyForTheFirstFewObjectsThenEveryCopyIsReadBack() throws IOException {
        List<CopyItem> items = Trees.files(srcDir, "n/dbs/1/0", 60, 700);
        AskedSource asked = new AskedSource(source);

        ExecResult r = new Executor().run(asked, target, List.of(new CopyPhase("dbs", items)), opts(), ProgressListener.NONE);

        assertTrue(r.ok(), () -> r.failures().toString());
        assertEquals(Executor.SOURCE_CRC_PROBES, asked.crcAsks.get(), "no HEAD per object once the source showed it keeps none");
        for (ItemResult i : r.items()) {
            assertEquals(Trees.crcOf(srcDir.resolve(i.sourceKey())), i.crc32c(), "every copy read back and checksummed");
            assertEquals(i.size(), i.readBackBytes());
        }
    }

    @Test
    void aSourceThatKeepsChecksumsIsAskedForEachObjectAndNothingIsReadBack() throws IOException {
        List<CopyItem> items = Trees.files(srcDir, "n/dbs/1/0", 40, 700);
        source.nativeCrc(true);
        AskedSource asked = new AskedSource(source);

        ExecResult r = new Executor().run(asked, target, List.of(new CopyPhase("dbs", items)), opts(), ProgressListener.NONE);

        assertTrue(r.ok(), () -> r.failures().toString());
        assertEquals(40, asked.crcAsks.get());
        assertEquals(0, r.readBackBytes());
        for (ItemResult i : r.items()) {
            assertEquals(Trees.crcOf(srcDir.resolve(i.sourceKey())), i.crc32c());
        }
    }

    /** The source seen through a counter of its CRC32C requests (a HEAD each on an object store). */
    static final class AskedSource extends ForwardingStore {
        final AtomicInteger crcAsks = new AtomicInteger();

        AskedSource(Store real) {
            super(real);
        }

        boolean wraps(Store s) {
            return real == s;
        }

        @Override
        public Optional<String> nativeCrc32c(String key) {
            crcAsks.incrementAndGet();
            return real.nativeCrc32c(key);
        }
    }

    /** A server-side target on a local folder that counts stats and listings, and may answer a copy with the CRC32C. */
    final class CountingTarget extends ForwardingStore {
        final AtomicInteger stats = new AtomicInteger();
        final List<String> listed = new CopyOnWriteArrayList<>();
        volatile boolean reportCrc;
        private final NioStore nio;

        CountingTarget(NioStore real) {
            super(real);
            this.nio = real;
        }


        @Override
        public Set<Capability> capabilities() {
            return Set.of(Capability.WRITABLE, Capability.SERVER_SIDE_COPY);
        }

        @Override
        public Stream<Entry> list(String prefix) {
            listed.add(prefix);
            return real.list(prefix);
        }


        @Override
        public Optional<Entry> stat(String key) {
            stats.incrementAndGet();
            return real.stat(key);
        }




        @Override
        public boolean canCopyServerSide(Store from) {
            return from == source || from instanceof AskedSource a && a.wraps(source);
        }

        @Override
        public Optional<String> copyServerSideCrc32c(Store from, String sourceKey, String targetKey, long size) {
            try {
                Path to = nio.root().resolve(targetKey);
                Files.createDirectories(to.getParent());
                Files.copy(srcDir.resolve(sourceKey), to, StandardCopyOption.REPLACE_EXISTING);
                return reportCrc ? Optional.of(Trees.crcOf(to)) : Optional.empty();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
