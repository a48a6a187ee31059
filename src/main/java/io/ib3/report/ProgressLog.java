package io.ib3.report;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Progress for batch mode and logs: plain lines, never {@code \r}. One line when a phase starts,
 * one at most every {@code every} while work goes on, one per failed object, and a last one at the
 * end.
 */
public final class ProgressLog extends TextProgress {

    private final long everyNanos;
    private volatile long lastLine;

    public ProgressLog(PrintWriter out, Duration every) {
        this(out, every, System::nanoTime);
    }

    public ProgressLog(PrintWriter out, Duration every, LongSupplier nanoClock) {
        super(out, nanoClock);
        this.everyNanos = every.toNanos();
        this.lastLine = nanoClock.getAsLong();
    }

    @Override
    public synchronized void phaseStarted(String name, long files, long bytes) {
        super.phaseStarted(name, files, bytes);
        out.println("phase " + name + ": " + files + " files, " + Sizes.human(bytes));
        out.flush();
        lastLine = nanoClock.getAsLong();
    }

    @Override
    public void itemFailed(String key, String problem) {
        super.itemFailed(key, problem);
        synchronized (this) {
            // the line must name the object; executor messages already do, verifier problems do not
            boolean named = key == null || key.isEmpty() || problem.contains(key);
            out.println("failed: " + (named ? problem : key + ": " + problem));
            out.flush();
        }
    }

    @Override
    protected void changed() {
        long now = nanoClock.getAsLong();
        if (now - lastLine < everyNanos) {
            return;
        }
        synchronized (this) {
            if (now - lastLine < everyNanos) {
                return;
            }
            lastLine = now;
            out.println(line());
            out.flush();
        }
    }

    @Override
    public synchronized void finished(boolean ok) {
        out.println((ok ? "done: " : "stopped: ") + line());
        out.flush();
    }
}
