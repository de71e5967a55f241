package io.accountmonitor.ctrader;

import io.accountmonitor.core.spi.TimerService;
import java.time.Duration;

/**
 * Limits a repeating log line to a few per time window, counting what it suppressed so the next
 * line that passes can report it. Thread-safe.
 */
final class LogLimiter {
    private final TimerService timer;
    private final int linesPerWindow;
    private final long windowNanos;
    private long windowStartNanos;
    private int linesInWindow;
    private int suppressed;
    private boolean started;

    LogLimiter(TimerService timer, int linesPerWindow, Duration window) {
        this.timer = timer;
        this.linesPerWindow = linesPerWindow;
        this.windowNanos = window.toNanos();
    }

    /**
     * Returns -1 when the line must be suppressed, else the number of lines suppressed since the
     * last one that passed, which the caller appends to its message when positive.
     */
    synchronized int tryLog() {
        long now = timer.nanoTime();
        if (!started || now - windowStartNanos >= windowNanos) {
            started = true;
            windowStartNanos = now;
            linesInWindow = 0;
        }
        if (linesInWindow >= linesPerWindow) {
            suppressed++;
            return -1;
        }
        linesInWindow++;
        int count = suppressed;
        suppressed = 0;
        return count;
    }

    /** Returns " (N similar lines suppressed)" for a positive count, else an empty string. */
    static String suppressedNote(int count) {
        return count > 0 ? " (" + count + " similar line(s) suppressed)" : "";
    }
}
