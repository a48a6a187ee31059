package io.ib3.report;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressRenderTest {

    private static final long MS = 1_000_000L;

    @Test
    void theLiveBarRedrawsAtMostTenTimesASecond() {
        AtomicLong now = new AtomicLong(0);
        StringWriter text = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(text), now::get);

        bar.started("copy", 10, 10_000);
        bar.phaseStarted("wal", 10, 10_000);
        for (int i = 0; i < 1000; i++) {
            bar.bytes(1);
        }
        assertEquals(1, bar.draws(), "a burst of events at one instant draws once");
        now.set(50 * MS);
        bar.bytes(1000);
        assertEquals(1, bar.draws());
        now.set(100 * MS);
        bar.itemDone("wal/1", 1000);
        assertEquals(2, bar.draws());
        now.set(1000 * MS);
        bar.bytes(3999);
        bar.finished(true);

        String out = text.toString();
        assertTrue(out.startsWith("\r[wal] 0/10 files"), out);
        assertTrue(out.contains("\r[wal] 1/10 files  2.0 KiB/9.8 KiB  19.5 KiB/s  ETA 1s"), out);
        assertTrue(out.endsWith(System.lineSeparator()), "ends the line when done");
        assertFalse(out.substring(0, out.length() - System.lineSeparator().length()).contains("\n"), "one line redrawn in place");
    }

    /** A backup's second round counts against its own totals (it used to show 1402/726 files). */
    @Test
    void aSecondRunCountsFromZeroAndSaysWhichRoundItIs() {
        AtomicLong now = new AtomicLong(0);
        ProgressLog log = new ProgressLog(new PrintWriter(new StringWriter()), Duration.ofSeconds(5), now::get);
        log.started("copy", 3, 300);
        log.phaseStarted("wal node0", 3, 300);
        for (int i = 0; i < 3; i++) {
            log.bytes(100);
            log.itemDone("w" + i, 100);
        }
        ProgressListener round2 = ProgressListener.prefixed(log, "round 2 ");
        round2.started("copy", 2, 200);
        round2.phaseStarted("wal node0", 2, 200);
        now.set(1000 * MS);
        round2.bytes(100);
        round2.itemDone("w3", 100);
        assertEquals("[round 2 wal node0] 1/2 files  100 B/200 B  100 B/s  ETA 1s", log.line());
    }

    @Test
    void theLineShowsRateAndEta() {
        AtomicLong now = new AtomicLong(0);
        ProgressLog log = new ProgressLog(new PrintWriter(new StringWriter()), Duration.ofSeconds(5), now::get);
        log.started("copy", 4, 2000);
        log.phaseStarted("parquet", 4, 2000);
        now.set(1000 * MS);
        log.bytes(500);
        log.itemDone("a", 500);

        assertEquals("[parquet] 1/4 files  500 B/2.0 KiB  500 B/s  ETA 3s", log.line());
        assertEquals("1h02m", TextProgress.duration(3720));
        assertEquals("3m05s", TextProgress.duration(185));
    }

    @Test
    void batchModePrintsPlainLinesEveryFewSeconds() {
        AtomicLong now = new AtomicLong(0);
        StringWriter text = new StringWriter();
        ProgressLog log = new ProgressLog(new PrintWriter(text), Duration.ofSeconds(5), now::get);

        log.started("copy", 3, 3000);
        log.phaseStarted("snapshots", 3, 3000);
        for (int s = 1; s <= 4; s++) {
            now.set(s * 1000 * MS);
            log.bytes(100);
        }
        now.set(5000 * MS);
        log.bytes(100);
        now.set(6000 * MS);
        log.bytes(100);
        log.itemFailed("snapshots/x", "no such object: file:///src/snapshots/x");
        log.finished(false);

        String[] lines = text.toString().split(System.lineSeparator());
        assertEquals(4, lines.length, text.toString());
        assertEquals("phase snapshots: 3 files, 2.9 KiB", lines[0]);
        assertTrue(lines[1].startsWith("[snapshots] 0/3 files  500 B/2.9 KiB"), lines[1]);
        assertEquals("failed: no such object: file:///src/snapshots/x", lines[2]);
        assertTrue(lines[3].startsWith("stopped: [snapshots] 0/3 files  600 B"), lines[3]);
        assertFalse(text.toString().contains("\r"));
    }
}
