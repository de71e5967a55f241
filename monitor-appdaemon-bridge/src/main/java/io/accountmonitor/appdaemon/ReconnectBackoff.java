package io.accountmonitor.appdaemon;

import io.accountmonitor.core.spi.RandomSource;
import java.time.Duration;

/**
 * Capped exponential backoff with jitter for reconnection attempts. After the n-th consecutive
 * failure the delay is uniformly random between half and all of
 * {@code min(max, initial * 2^(n-1))}, so retries never come faster than half the schedule and
 * several monitors restarted together do not reconnect in step. Not thread-safe.
 */
final class ReconnectBackoff {
    private final long initialNanos;
    private final long maxNanos;
    private final RandomSource random;
    private int failures;

    ReconnectBackoff(Duration initial, Duration max, RandomSource random) {
        this.initialNanos = initial.toNanos();
        this.maxNanos = Math.max(max.toNanos(), initialNanos);
        this.random = random;
    }

    /** Counts one more failure and returns how long to wait before the next attempt. */
    Duration nextDelay() {
        failures++;
        long base = ceiling(failures);
        long half = base / 2;
        return Duration.ofNanos(base - half + random.nextLong(half + 1));
    }

    /** Returns the delay cap for the {@code failure}-th consecutive failure, before jitter. */
    long ceiling(int failure) {
        long base = initialNanos;
        for (int i = 1; i < failure && base < maxNanos; i++) {
            base = base > maxNanos / 2 ? maxNanos : base * 2;
        }
        return Math.min(base, maxNanos);
    }

    /** Clears the failure count after a healthy connection, so the next failure waits the initial delay. */
    void reset() {
        failures = 0;
    }

    int failures() {
        return failures;
    }
}
