package io.ib3.exec;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import io.ib3.error.ExitCode;
import io.ib3.error.Ib3Exception;
import io.ib3.manifest.Crc32c;
import io.ib3.report.ProgressListener;
import io.ib3.store.NioStore;
import io.ib3.testing.TestStore;
import io.ib3.testing.Trees;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExecutorTest {

    @TempDir
    Path srcDir;
    @TempDir
    Path dstDir;

    TestStore source;
    TestStore target;
    final Executor executor = new Executor();

    @BeforeEach
    void stores() {
        source = new TestStore(NioStore.local(srcDir));
        target = new TestStore(NioStore.local(dstDir));
    }

    private static ExecOptions opts(int parallel) {
        return ExecOptions.defaults(parallel).withRetries(3, Duration.ofMillis(1));
    }

    private void assertSameContent(List<CopyItem> items) throws IOException {
        for (CopyItem i : items) {
            Path s = srcDir.resolve(i.sourceKey());
            Path t = dstDir.resolve(i.targetKey());
            assertTrue(Files.exists(t), "missing in target: " + i.targetKey());
            assertEquals(-1L, Files.mismatch(s, t), "content differs: " + i.targetKey());
        }
    }

    @Test
    void phasesRunInOrderWithABarrierBetweenThem() throws IOException {
        List<CopyPhase> phases = List.of(
                new CopyPhase("snapshots", Trees.files(srcDir, "n/snapshots", 15, 200)),
                new CopyPhase("parquet", Trees.files(srcDir, "n/dbs", 30, 3000)),
                new CopyPhase("wal", Trees.files(srcDir, "n/wal", 25, 500)),
                new CopyPhase("catalog", Trees.files(srcDir, "catalog", 5, 100)));
        Map<String, Integer> phaseOf = new HashMap<>();
        for (int p = 0; p < phases.size(); p++) {
            for (CopyItem i : phases.get(p).items()) {
                phaseOf.put(i.targetKey(), p);
            }
        }

        ExecResult r = executor.run(source, target, phases, opts(4), ProgressListener.NONE);

        assertTrue(r.ok(), () -> r.failures().toString());
        List<String> order = target.dataWriteOrder();
        assertEquals(75, order.size());
        int last = 0;
        for (String key : order) {
            int p = phaseOf.get(key);
            assertTrue(p >= last, "write of " + key + " (phase " + p + ") after a write of phase " + last);
            last = p;
        }
        assertEquals(List.of("snapshots", "parquet", "wal", "catalog"), r.phasesCompleted());
        // results come back in plan order, whatever order the threads finished in
        List<String> planned = phases.stream().flatMap(p -> p.items().stream()).map(CopyItem::targetKey).toList();
        assertEquals(planned, r.items().stream().map(ItemResult::key).toList());
    }

    @Test
    void parallelCopyOfSmallAndLargeObjectsIsExact() throws IOException {
        List<CopyItem> items = new ArrayList<>(Trees.files(srcDir, "small", 150, 1500));
        for (int i = 0; i < 3; i++) {
            items.add(Trees.file(srcDir, "big/" + i + ".parquet", (3 << 20) + i * 4097));
        }
        AtomicLong progressBytes = new AtomicLong();
        AtomicInteger done = new AtomicInteger();
        ProgressListener counting = new ProgressListener() {
            @Override
            public void bytes(long delta) {
                progressBytes.addAndGet(delta);
            }

            @Override
            public void itemDone(String key, long size) {
                done.incrementAndGet();
            }
        };

        ExecResult r = executor.run(source, target, List.of(new CopyPhase("all", items)), opts(4), counting);

        assertTrue(r.ok(), () -> r.failures().toString());
        assertSameContent(items);
        for (ItemResult i : r.items()) {
            assertEquals(Trees.crcOf(srcDir.resolve(i.sourceKey())), i.crc32c(), i.key());
            assertEquals(CopyMethod.STREAMED, i.method());
            assertEquals(i.size(), i.clientBytes());
        }
        long total = items.stream().mapToLong(CopyItem::size).sum();
        assertEquals(total, r.bytes());
        assertEquals(total, r.clientBytes());
        assertEquals(total, progressBytes.get());
        assertEquals(items.size(), done.get());
        assertEquals(0, source.liveStreams.get(), "every source stream is closed");
        assertTrue(source.maxLiveStreams.get() <= 4, "at most parallel streams open: " + source.maxLiveStreams.get());
    }

    @Test
    void aLargeObjectStreamsThroughInSmallReads() throws IOException {
        long size = 64L << 20;
        CopyItem big = Trees.bigFile(srcDir, "n/dbs/1/2/big.parquet", size);
        target.watchSource(source);

        ExecResult r = executor.run(source, target, List.of(new CopyPhase("parquet", List.of(big))), opts(2), ProgressListener.NONE);

        assertTrue(r.ok(), () -> r.failures().toString());
        assertEquals(0, source.readAllBytesCalls.get(), "never reads a whole object");
        assertTrue(source.maxSingleRead.get() <= 1 << 20, "largest single read: " + source.maxSingleRead.get());
        long before = source.sourceBytesAtFirstTargetRead.get();
        assertTrue(before >= 0 && before <= 1 << 20,
                "the target got its first bytes after " + before + " source bytes: data flows, it is not gathered first");
        assertEquals(size, Files.size(dstDir.resolve(big.targetKey())));
        assertEquals(Trees.crcOf(srcDir.resolve(big.sourceKey())), r.items().get(0).crc32c());
    }

    @Test
    void anInterruptedRunResumesWithoutCopyingAgain() throws IOException {
        List<CopyItem> a = Trees.files(srcDir, "a", 40, 300);
        List<CopyItem> b = Trees.files(srcDir, "b", 20, 300);
        List<CopyPhase> phases = List.of(new CopyPhase("a", a), new CopyPhase("b", b));
        ExecOptions once = opts(1).withRetries(1, Duration.ofMillis(1)).withJournal("ib3-journal", 5, Duration.ofSeconds(30));
        target.failNthWrite(50);

        ExecResult first = executor.run(source, target, phases, once, ProgressListener.NONE);

        assertFalse(first.ok());
        assertEquals(List.of("a"), first.phasesCompleted());
        assertEquals("b/009.bin", first.failures().get(0).targetKey());
        assertEquals(49, first.items().size());

        TestStore again = new TestStore(NioStore.local(dstDir));
        ExecResult second = executor.run(source, again, phases, once, ProgressListener.NONE);

        assertTrue(second.ok(), () -> second.failures().toString());
        assertEquals(49, second.count(CopyMethod.SKIPPED_PRESENT));
        assertEquals(11, second.count(CopyMethod.STREAMED));
        assertEquals(11, again.dataWriteOrder().size(), "only what was not copied before is written");
        for (CopyItem done : first.items().stream().map(i -> CopyItem.of(i.key(), i.size())).toList()) {
            assertEquals(0, again.writesOf(done.targetKey()), done.targetKey() + " was copied again");
        }
        assertSameContent(a);
        assertSameContent(b);
        for (ItemResult i : second.items()) {
            assertEquals(Trees.crcOf(dstDir.resolve(i.key())), i.crc32c(), "CRC of " + i.key());
            if (i.method() == CopyMethod.SKIPPED_PRESENT) {
                assertEquals(0, i.clientBytes(), "a skipped object moves no bytes: " + i.key());
            }
        }
        assertEquals(first.items(), second.items().subList(0, 49).stream()
                .map(i -> new ItemResult(i.key(), i.sourceKey(), i.phase(), i.size(), i.crc32c(), CopyMethod.STREAMED, i.size()))
                .toList(), "the resumed run reports the same objects and CRCs as the first one copied");
    }

    @Test
    void aParallelRunThatFailsResumesToo() throws IOException {
        List<CopyItem> a = Trees.files(srcDir, "a", 60, 200);
        List<CopyPhase> phases = List.of(new CopyPhase("a", a));
        ExecOptions o = opts(4).withRetries(2, Duration.ofMillis(1));
        target.failWrites(k -> k.equals("a/030.bin"));

        ExecResult first = executor.run(source, target, phases, o, ProgressListener.NONE);
        assertFalse(first.ok());
        assertEquals(2, target.writesOf("a/030.bin"), "a transient error is tried again, boundedly");

        TestStore again = new TestStore(NioStore.local(dstDir));
        ExecResult second = executor.run(source, again, phases, o, ProgressListener.NONE);

        assertTrue(second.ok());
        long skipped = second.count(CopyMethod.SKIPPED_PRESENT);
        assertEquals(first.items().size(), skipped, "everything the first run journaled is skipped");
        assertEquals(60 - skipped, again.dataWriteOrder().size());
        assertSameContent(a);
    }

    @Test
    void objectsPresentButNotJournaledAreCopiedAgain() throws IOException {
        CopyItem item = Trees.file(srcDir, "wal/00000000001.wal", 1000);
        Files.createDirectories(dstDir.resolve("wal"));
        Files.write(dstDir.resolve("wal/00000000001.wal"), new byte[1000]);

        ExecResult r = executor.run(source, target, List.of(new CopyPhase("wal", List.of(item))), opts(1), ProgressListener.NONE);

        assertTrue(r.ok());
        assertEquals(CopyMethod.STREAMED, r.items().get(0).method());
        assertSameContent(List.of(item));
    }

    @Test
    void aJournaledObjectWithAnotherSizeInTheTargetIsCopiedAgain() throws IOException {
        List<CopyItem> items = Trees.files(srcDir, "d", 3, 100);
        CopyPhase phase = new CopyPhase("d", items);
        assertTrue(executor.run(source, target, List.of(phase), opts(1), ProgressListener.NONE).ok());
        Files.write(dstDir.resolve("d/001.bin"), new byte[5]);

        ExecResult r = executor.run(source, new TestStore(NioStore.local(dstDir)), List.of(phase), opts(1), ProgressListener.NONE);

        assertEquals(List.of(CopyMethod.SKIPPED_PRESENT, CopyMethod.STREAMED, CopyMethod.SKIPPED_PRESENT),
                r.items().stream().map(ItemResult::method).toList());
        assertSameContent(items);
    }

    @Test
    void aTornLastJournalLineIsTolerated() throws IOException {
        List<CopyItem> items = Trees.files(srcDir, "t", 3, 100);
        for (CopyItem i : items) {
            Files.createDirectories(dstDir.resolve("t"));
            Files.copy(srcDir.resolve(i.sourceKey()), dstDir.resolve(i.targetKey()));
        }
        Files.createDirectories(dstDir.resolve("ib3-journal"));
        String crc0 = Trees.crcOf(srcDir.resolve("t/000.bin"));
        String crc1 = Trees.crcOf(srcDir.resolve("t/001.bin"));
        Files.writeString(dstDir.resolve("ib3-journal/20250101T000000000Z-abcd-000001.jsonl"),
                "{\"key\":\"t/000.bin\",\"size\":" + items.get(0).size() + ",\"crc32c\":\"" + crc0 + "\"}\n"
                        + "{\"key\":\"t/001.bin\",\"size\":" + items.get(1).size() + ",\"crc32c\":\"" + crc1 + "\"}\n"
                        + "{\"key\":\"t/002.bin\",\"si");

        ExecResult r = executor.run(source, target, List.of(new CopyPhase("t", items)), opts(2), ProgressListener.NONE);

        assertTrue(r.ok());
        assertEquals(List.of(CopyMethod.SKIPPED_PRESENT, CopyMethod.SKIPPED_PRESENT, CopyMethod.STREAMED),
                r.items().stream().map(ItemResult::method).toList());
        assertEquals(crc0, r.items().get(0).crc32c());
        assertEquals(List.of("t/002.bin"), target.dataWriteOrder());
    }

    @Test
    void aTransientWriteErrorIsRetriedAndProgressStaysRight() throws IOException {
        List<CopyItem> items = Trees.files(srcDir, "r", 5, 4000);
        target.failNthWrite(3);
        AtomicLong bytes = new AtomicLong();
        ProgressListener l = new ProgressListener() {
            @Override
            public void bytes(long delta) {
                bytes.addAndGet(delta);
            }
        };

        ExecResult r = executor.run(source, target, List.of(new CopyPhase("r", items)), opts(1), l);

        assertTrue(r.ok(), () -> r.failures().toString());
        assertEquals(2, target.writesOf("r/002.bin"));
        assertEquals(r.bytes(), bytes.get());
        assertSameContent(items);
    }

    @Test
    void theFirstFailureStopsThePhaseAndNoLaterPhaseStarts() throws IOException {
        List<CopyPhase> phases = List.of(
                new CopyPhase("a", Trees.files(srcDir, "a", 10, 100)),
                // many items: the other worker must not be able to finish the phase during the retries, even on a busy machine
                new CopyPhase("b", Trees.files(srcDir, "b", 300, 100)),
                new CopyPhase("c", Trees.files(srcDir, "c", 10, 100)));
        target.failWrites(k -> k.equals("b/000.bin"));

        ExecResult r = executor.run(source, target, phases, opts(2).withRetries(2, Duration.ofMillis(1)), ProgressListener.NONE);

        assertFalse(r.ok());
        assertEquals(List.of("a"), r.phasesCompleted());
        assertEquals(1, r.failures().size());
        ItemFailure f = r.failures().get(0);
        assertEquals("b/000.bin", f.targetKey());
        assertEquals(ItemFailure.Kind.STORE_ERROR, f.kind());
        assertTrue(f.message().contains("b/000.bin"), f.message());
        assertTrue(target.dataWriteOrder().stream().noneMatch(k -> k.startsWith("c/")), "phase c never started");
        assertTrue(target.dataWriteOrder().stream().filter(k -> k.startsWith("b/")).count() < 300,
                "the rest of phase b was not started");
        Ib3Exception e = r.toException("backup");
        assertEquals(ExitCode.FAILED, e.exitCode());
        assertTrue(e.getMessage().contains("b/000.bin"), e.getMessage());
        assertFalse(Files.exists(dstDir.resolve("ib3-manifest.json")));
    }

    @Test
    void aVanishedSourceIsRecordedWhereToleratedAndFailsElsewhere() throws IOException {
        List<CopyItem> wal = new ArrayList<>(Trees.files(srcDir, "wal", 3, 100));
        wal.add(CopyItem.of("wal/gone.wal", 10));

        ExecResult tolerated = executor.run(source, target, List.of(new CopyPhase("wal", wal, true)), opts(2), ProgressListener.NONE);

        assertTrue(tolerated.ok());
        assertEquals(3, tolerated.items().size());
        assertEquals(1, tolerated.missing().size());
        assertEquals("wal/gone.wal", tolerated.missing().get(0).sourceKey());
        assertEquals(ItemFailure.Kind.NOT_FOUND, tolerated.missing().get(0).kind());

        List<CopyPhase> strict = List.of(new CopyPhase("snap", List.of(CopyItem.of("snap/gone.json", 5))),
                new CopyPhase("next", Trees.files(srcDir, "next", 2, 10)));
        ExecResult failed = executor.run(source, new TestStore(NioStore.local(dstDir.resolve("other"))), strict, opts(2),
                ProgressListener.NONE);

        assertFalse(failed.ok());
        assertEquals(ItemFailure.Kind.NOT_FOUND, failed.failures().get(0).kind());
        assertTrue(failed.failures().get(0).message().contains("snap/gone.json"));
        assertEquals(List.of(), failed.phasesCompleted());
    }

    @Test
    void aSourceThatChangedSizeFailsNamingTheKeyWithoutRetry() throws IOException {
        Trees.file(srcDir, "s/short", 900);
        Trees.file(srcDir, "s/long", 1100);
        for (CopyItem planned : List.of(CopyItem.of("s/short", 1000), CopyItem.of("s/long", 1000))) {
            TestStore t = new TestStore(NioStore.local(dstDir.resolve(planned.sourceKey().replace('/', '_'))));
            ExecResult r = executor.run(source, t, List.of(new CopyPhase("s", List.of(planned))), opts(1), ProgressListener.NONE);

            assertFalse(r.ok());
            ItemFailure f = r.failures().get(0);
            assertEquals(ItemFailure.Kind.SIZE_MISMATCH, f.kind(), f.message());
            assertTrue(f.message().contains(planned.sourceKey()), f.message());
            assertEquals(1, t.writesOf(planned.targetKey()), "a changed source is not tried again");
            assertFalse(Files.exists(t.real().root().resolve(planned.targetKey())), "no partial object is left");
        }
    }

    @Test
    void aTruncatedStreamIsASizeMismatch() throws IOException {
        CopyItem item = Trees.file(srcDir, "p/x.parquet", 50_000);
        source.truncate("p/x.parquet", 20_000);

        ExecResult r = executor.run(source, target, List.of(new CopyPhase("p", List.of(item))), opts(1), ProgressListener.NONE);

        assertEquals(ItemFailure.Kind.SIZE_MISMATCH, r.failures().get(0).kind());
        assertTrue(r.failures().get(0).message().contains("delivered 20000"), r.failures().get(0).message());
    }

    @Test
    void anExpectedChecksumThatDoesNotMatchFails() throws IOException {
        CopyItem file = Trees.file(srcDir, "k/a", 100);
        CopyItem wrong = new CopyItem(file.sourceKey(), file.targetKey(), file.size(), "00000000");

        ExecResult r = executor.run(source, target, List.of(new CopyPhase("k", List.of(wrong))), opts(1), ProgressListener.NONE);

        assertEquals(ItemFailure.Kind.CHECKSUM_MISMATCH, r.failures().get(0).kind());
        CopyItem right = new CopyItem(file.sourceKey(), file.targetKey(), file.size(), Trees.crcOf(srcDir.resolve("k/a")));
        assertTrue(executor.run(source, target, List.of(new CopyPhase("k", List.of(right))), opts(1), ProgressListener.NONE).ok());
    }

    @Test
    void serverSideCopiesMoveNoBytesThroughTheClient() throws IOException {
        List<CopyItem> items = Trees.files(srcDir, "ss", 12, 2000);
        source.serverSide(true);
        target.serverSide(true);

        ExecResult r = executor.run(source, target, List.of(new CopyPhase("ss", items)), opts(3), ProgressListener.NONE);

        assertTrue(r.ok(), () -> r.failures().toString());
        assertEquals(0, r.clientBytes());
        assertEquals(0, source.bytesRead.get());
        assertEquals(12, target.serverSideCopies.get());
        assertEquals(12, r.count(CopyMethod.SERVER_SIDE));
        assertEquals(0, r.notChecksummed(), "no store keeps a CRC32C: the copies are read back and checksummed");
        for (ItemResult i : r.items()) {
            assertEquals(Trees.crcOf(srcDir.resolve(i.sourceKey())), i.crc32c());
        }
        assertEquals(items.stream().mapToLong(CopyItem::size).sum(), r.readBackBytes(), "read back from the target, never from the source");
        assertSameContent(items);

        source.nativeCrc(true);
        TestStore t2 = new TestStore(NioStore.local(dstDir.resolve("second"))).serverSide(true);
        ExecResult withCrc = executor.run(source, t2, List.of(new CopyPhase("ss", items)), opts(3), ProgressListener.NONE);
        assertEquals(0, withCrc.notChecksummed());
        for (ItemResult i : withCrc.items()) {
            assertEquals(Trees.crcOf(srcDir.resolve(i.sourceKey())), i.crc32c());
        }
    }

    @Test
    void aCancelTokenStopsBetweenObjects() throws IOException {
        List<CopyItem> items = Trees.files(srcDir, "c", 30, 100);
        CancelToken token = new CancelToken();
        AtomicInteger done = new AtomicInteger();
        ProgressListener cancelAfterFive = new ProgressListener() {
            @Override
            public void itemDone(String key, long size) {
                if (done.incrementAndGet() == 5) {
                    token.cancel();
                }
            }
        };

        ExecResult r = executor.run(source, target, List.of(new CopyPhase("c", items), new CopyPhase("d", Trees.files(srcDir, "d", 3, 10))),
                opts(1).withCancel(token), cancelAfterFive);

        assertTrue(r.cancelled());
        assertFalse(r.ok());
        assertEquals(5, r.items().size());
        assertEquals(5, target.dataWriteOrder().size());
        assertEquals(ExitCode.FAILED, r.toException("backup").exitCode());
        assertTrue(r.toException("backup").getMessage().contains("cancelled"));
    }

    @Test
    void aThreadInterruptStopsAnObjectInFlight() throws Exception {
        List<CopyItem> items = Trees.files(srcDir, "i", 4, 100_000);
        CountDownLatch blocked = new CountDownLatch(1);
        source.blockReads(blocked);
        AtomicReference<ExecResult> result = new AtomicReference<>();
        AtomicBoolean flagKept = new AtomicBoolean();
        Thread runner = new Thread(() -> {
            result.set(executor.run(source, target, List.of(new CopyPhase("i", items)), opts(2), ProgressListener.NONE));
            flagKept.set(Thread.currentThread().isInterrupted());
        });
        runner.start();
        assertTrue(blocked.await(10, TimeUnit.SECONDS));
        runner.interrupt();
        runner.join(10_000);

        assertFalse(runner.isAlive());
        ExecResult r = result.get();
        assertNotNull(r);
        assertTrue(r.cancelled());
        assertTrue(flagKept.get(), "the interrupt status is kept for the caller");
        try (Stream<Path> files = Files.walk(dstDir)) {
            assertTrue(files.filter(Files::isRegularFile).allMatch(p -> dstDir.relativize(p).startsWith("ib3-journal")),
                    "no object and no temporary file left behind");
        }
    }

    @Test
    void unsafePlansAreRefused() throws IOException {
        Trees.file(srcDir, "x/a", 10);
        assertThrows(Ib3Exception.class, () -> executor.run(source, target,
                List.of(new CopyPhase("p", List.of(CopyItem.of("x/a", 10))), new CopyPhase("q", List.of(CopyItem.of("x/a", 10)))),
                opts(1), ProgressListener.NONE), "the same target twice");
        Ib3Exception up = assertThrows(Ib3Exception.class, () -> executor.run(source, target,
                List.of(new CopyPhase("p", List.of(new CopyItem("x/a", "../escape", 10, null)))), opts(1), ProgressListener.NONE));
        assertTrue(up.getMessage().contains("../escape"), up.getMessage());
        assertThrows(Ib3Exception.class, () -> executor.run(source, target,
                List.of(new CopyPhase("p", List.of(new CopyItem("x/a", "ib3-manifest.json", 10, null)))), opts(1), ProgressListener.NONE));
        assertFalse(Files.exists(dstDir.resolve("escape")));
    }

    @Test
    void copiesBetweenInMemoryFileSystems() throws IOException {
        try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
            Path a = fs.getPath("/a");
            Path b = fs.getPath("/b");
            Files.createDirectories(a);
            List<CopyItem> items = Trees.files(a, "node0/wal", 20, 700);
            NioStore from = new NioStore(a, "ram:///a");
            NioStore to = new NioStore(b, "ram:///b");

            ExecResult r = executor.run(from, to, List.of(new CopyPhase("wal", items)), opts(3), ProgressListener.NONE);

            assertTrue(r.ok());
            for (ItemResult i : r.items()) {
                assertEquals(Crc32c.of(Files.readAllBytes(b.resolve(i.key()))), i.crc32c());
            }
        }
    }
}
