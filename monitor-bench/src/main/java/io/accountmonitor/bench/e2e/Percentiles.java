package io.accountmonitor.bench.e2e;

import java.util.Arrays;

/** Percentiles of a sample of durations in nanoseconds, reported in milliseconds. */
public record Percentiles(int count, double p50Millis, double p99Millis, double maxMillis) {
    public static Percentiles of(long[] nanos) {
        if (nanos.length == 0) {
            return new Percentiles(0, Double.NaN, Double.NaN, Double.NaN);
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new Percentiles(sorted.length, millis(percentile(sorted, 50)), millis(percentile(sorted, 99)),
                millis(sorted[sorted.length - 1]));
    }

    /** Returns the nearest-rank percentile. */
    private static long percentile(long[] sorted, double percent) {
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }
}
