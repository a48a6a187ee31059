package io.ib3.report;

import java.io.PrintWriter;
import java.util.function.LongSupplier;

/**
 * A live single progress line for an interactive terminal: redrawn in place with {@code \r} at most
 * ten times a second, however many events arrive, and ended with a newline when the operation ends.
 */
public final class ProgressBar extends TextProgress {

    private static final long REDRAW_NANOS = 100_000_000L;

    private volatile long lastDraw = Long.MIN_VALUE;
    private int lastLength;
    private int draws;

    public ProgressBar(PrintWriter out) {
        this(out, System::nanoTime);
    }

    public ProgressBar(PrintWriter out, LongSupplier nanoClock) {
        super(out, nanoClock);
    }

    @Override
    public void phaseStarted(String name, long files, long bytes) {
        super.phaseStarted(name, files, bytes);
        changed();
    }

    @Override
    protected void changed() {
        long now = nanoClock.getAsLong();
        if (lastDraw != Long.MIN_VALUE && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        synchronized (this) {
            if (lastDraw != Long.MIN_VALUE && now - lastDraw < REDRAW_NANOS) {
                return;
            }
            lastDraw = now;
            draw();
        }
    }

    private void draw() {
        String line = line();
        // pad with spaces so a shorter line fully covers the previous one
        String pad = line.length() < lastLength ? " ".repeat(lastLength - line.length()) : "";
        out.print("\r" + line + pad);
        out.flush();
        lastLength = line.length();
        draws++;
    }

    @Override
    public synchronized void finished(boolean ok) {
        draw();
        out.println();
        out.flush();
    }

    /** How many times the line was drawn (for tests of the redraw limit). */
    public synchronized int draws() {
        return draws;
    }
}
