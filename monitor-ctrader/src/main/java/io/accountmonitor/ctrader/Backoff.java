package io.accountmonitor.ctrader;

import io.accountmonitor.core.spi.RandomSource;
import java.time.Duration;

/**
 * Capped exponential backoff with jitter: attempt n waits a random time between half and all of
 * {@code min(max, initial * 2^n)}. Keeping the lower half means a reconnect never follows a
 * failure at once, while the random upper half spreads many clients apart. Not thread-safe.
 */
final class Backoff {
    private final Duration initial;
    private final Duration max;
    private final RandomSource random;
    private int attempt;

    Backoff(Duration initial, Duration max, RandomSource random) {
        this.initial = initial;
        this.max = max;
        this.random = random;
    }

    /** Returns the delay before the next attempt and counts the attempt. */
    Duration next() {
        long ceiling = ceilingNanos(attempt);
        if (attempt < 62) {
            attempt++;
        }
        long half = ceiling / 2;
        return Duration.ofNanos(half + random.nextLong(ceiling - half + 1));
    }

    /** Returns the longest delay, for reactions that must wait as long as possible. */
    Duration max() {
        return max;
    }

    /** Returns how many attempts were counted since the last reset. */
    int attempts() {
        return attempt;
    }

    void reset() {
        attempt = 0;
    }

    private long ceilingNanos(int exponent) {
        long base = initial.toNanos();
        long cap = max.toNanos();
        if (exponent >= 62 || base > (cap >> Math.min(exponent, 62))) {
            return cap;
        }
        return Math.min(cap, base << exponent);
    }
}
