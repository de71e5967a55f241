package io.accountmonitor.appdaemon;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Decides which repeats of a log message to write: the first one, then at most one per window,
 * reporting how many were skipped in between. Keys name the kind of message, such as
 * {@code connect-failed}. Thread-safe.
 */
final class RepeatLimiter {
    /** Returned by {@link #admit} when the message is to be skipped. */
    static final long SKIP = -1;

    private final LongSupplier nanoTime;
    private final long windowNanos;
    private final Map<String, Entry> entries = new HashMap<>();

    RepeatLimiter(LongSupplier nanoTime, Duration window) {
        this.nanoTime = nanoTime;
        this.windowNanos = window.toNanos();
    }

    /**
     * Returns {@link #SKIP} when the message of {@code key} was written less than a window ago,
     * otherwise the number of repeats skipped since it was last written (0 the first time).
     */
    synchronized long admit(String key) {
        long now = nanoTime.getAsLong();
        Entry entry = entries.get(key);
        if (entry == null) {
            entries.put(key, new Entry(now));
            return 0;
        }
        if (now - entry.lastWrittenAt < windowNanos) {
            entry.skipped++;
            return SKIP;
        }
        long skipped = entry.skipped;
        entry.lastWrittenAt = now;
        entry.skipped = 0;
        return skipped;
    }

    /** Removes {@code key}, so its next message is written at once, for example after a recovery. */
    synchronized void reset(String key) {
        entries.remove(key);
    }

    /** Removes every key whose name starts with {@code prefix}. */
    synchronized void resetAll(String prefix) {
        entries.keySet().removeIf(key -> key.startsWith(prefix));
    }

    /** Returns " (N similar messages skipped)" for a count above 0, else an empty string. */
    static String skippedNote(long skipped) {
        return skipped > 0 ? " (" + skipped + " similar messages skipped)" : "";
    }

    private static final class Entry {
        private long lastWrittenAt;
        private long skipped;

        Entry(long now) {
            this.lastWrittenAt = now;
        }
    }
}
