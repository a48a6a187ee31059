package io.ib3.report;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Counts progress events and renders them as one line: phase, files, bytes, rate, ETA. The two
 * renderers differ only in when and how they print that line.
 */
public abstract class TextProgress implements ProgressListener {

    protected final PrintWriter out;
    protected final LongSupplier nanoClock;
    private final AtomicLong filesDone = new AtomicLong();
    private final AtomicLong bytesDone = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile long totalFiles;
    private volatile long totalBytes;
    private volatile String phase = "";
    private volatile long startNanos;

    protected TextProgress(PrintWriter out, LongSupplier nanoClock) {
        this.out = out;
        this.nanoClock = nanoClock;
        this.startNanos = nanoClock.getAsLong();
    }

    @Override
    public void started(String operation, long files, long bytes) {
        // a new run of the same operation (a backup's next round) counts from zero against its own totals
        filesDone.set(0);
        bytesDone.set(0);
        failed.set(0);
        totalFiles = files;
        totalBytes = bytes;
        startNanos = nanoClock.getAsLong();
    }

    @Override
    public void phaseStarted(String name, long files, long bytes) {
        phase = name;
    }

    @Override
    public void bytes(long delta) {
        bytesDone.addAndGet(delta);
        changed();
    }

    @Override
    public void itemDone(String key, long size) {
        filesDone.incrementAndGet();
        changed();
    }

    @Override
    public void itemFailed(String key, String problem) {
        failed.incrementAndGet();
        changed();
    }

    /** Called after every counted event, from any thread. */
    protected abstract void changed();

    /** The current state as one line, e.g. {@code [wal] 12/40 files  1.2 MiB/3.0 MiB  2.0 MiB/s  ETA 1s}. */
    public String line() {
        long files = filesDone.get();
        long bytes = bytesDone.get();
        double seconds = (nanoClock.getAsLong() - startNanos) / 1e9;
        double rate = seconds > 0 ? bytes / seconds : 0;
        StringBuilder s = new StringBuilder();
        if (!phase.isEmpty()) {
            s.append('[').append(phase).append("] ");
        }
        s.append(files).append('/').append(totalFiles).append(" files  ");
        s.append(Sizes.human(bytes)).append('/').append(Sizes.human(totalBytes)).append("  ");
        s.append(Sizes.human((long) rate)).append("/s  ETA ");
        long remaining = totalBytes - bytes;
        if (remaining <= 0) {
            s.append("0s");
        } else if (rate <= 0) {
            s.append("--");
        } else {
            // rounded up: "0s" only when nothing is left
            s.append(duration((long) Math.ceil(remaining / rate)));
        }
        long f = failed.get();
        if (f > 0) {
            s.append("  ").append(f).append(" failed");
        }
        return s.toString();
    }

    /** 42s, 3m05s, 2h07m. */
    public static String duration(long seconds) {
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, (seconds % 3600) / 60);
    }
}
