package io.accountmonitor.ctrader;

/**
 * A token bucket, written as the generic cell rate algorithm over monotonic nanoseconds, that
 * allows at most {@code perSecond} grants in any window of one second.
 *
 * <p>A quarter of the budget (at least 1) may go out at once as a burst, and the rest is spread
 * evenly over the second. Spreading keeps the count per second below the server's limit even when
 * the network delays some requests more than others, which a plain "N per second" window would not.
 * Proof of the bound: with emission interval T and burst b, any k grants within a window of length
 * W satisfy (k - b) T <= W, so k <= W/T + b = r + b = perSecond for W = 1 s and r = 1 s / T.
 *
 * <p>Not thread-safe; the session confines it.
 */
final class RateBucket {
    private static final long SECOND_NANOS = 1_000_000_000L;

    private final int perSecond;
    private final long emissionIntervalNanos;
    private final long toleranceNanos;
    private long theoreticalArrivalNanos;
    private long pausedUntilNanos;

    RateBucket(int perSecond, long nowNanos) {
        if (perSecond < 1) {
            throw new IllegalArgumentException("rate " + perSecond + " per second must be positive");
        }
        this.perSecond = perSecond;
        int burst = Math.max(1, perSecond / 4);
        int spread = perSecond - burst;
        // With one request per second there is nothing to spread: one grant, then a little over a second.
        this.emissionIntervalNanos = spread == 0 ? SECOND_NANOS + 1 : SECOND_NANOS / spread;
        this.toleranceNanos = (burst - 1) * emissionIntervalNanos;
        this.theoreticalArrivalNanos = nowNanos;
        this.pausedUntilNanos = nowNanos;
    }

    int perSecond() {
        return perSecond;
    }

    /** Returns the time between grants once the burst is spent: the sustained cost of one request. */
    long emissionIntervalNanos() {
        return emissionIntervalNanos;
    }

    /** Returns how long from {@code nowNanos} until the next grant is allowed; 0 when it is allowed now. */
    long delayNanos(long nowNanos) {
        long earliest = Math.max(theoreticalArrivalNanos - toleranceNanos, pausedUntilNanos);
        return Math.max(0, earliest - nowNanos);
    }

    /** Takes one grant at {@code nowNanos}; call only when {@link #delayNanos} returned 0. */
    void consume(long nowNanos) {
        theoreticalArrivalNanos = Math.max(theoreticalArrivalNanos, nowNanos) + emissionIntervalNanos;
    }

    /** Allows no grant before {@code untilNanos}, after the server reported the limit as exceeded. */
    void pauseUntil(long untilNanos) {
        pausedUntilNanos = Math.max(pausedUntilNanos, untilNanos);
        // Restart the budget after the pause instead of letting a full burst out at once.
        theoreticalArrivalNanos = Math.max(theoreticalArrivalNanos, untilNanos + toleranceNanos);
    }
}
