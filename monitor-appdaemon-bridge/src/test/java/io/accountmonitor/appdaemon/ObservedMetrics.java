package io.accountmonitor.appdaemon;

import io.accountmonitor.core.spi.Metrics;
import io.accountmonitor.scheduler.virtual.RecordingMetrics;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@link Metrics} that record into a {@link RecordingMetrics} and wake waiters on every increment,
 * so a test can wait for a count that changes on an I/O thread without polling.
 */
final class ObservedMetrics implements Metrics {
    private final RecordingMetrics recorded = new RecordingMetrics();

    RecordingMetrics recorded() {
        return recorded;
    }

    @Override
    public Counter counter(String name, String... tags) {
        Counter counter = recorded.counter(name, tags);
        return amount -> {
            counter.increment(amount);
            synchronized (this) {
                notifyAll();
            }
        };
    }

    @Override
    public void gauge(String name, Supplier<Number> value, String... tags) {
        recorded.gauge(name, value, tags);
    }

    /** Waits until the sum of {@code name} over all tags reaches {@code atLeast}. */
    synchronized void awaitTotal(String name, long atLeast, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (recorded.total(name) < atLeast) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw new AssertionError(name + " stayed at " + recorded.total(name) + ", expected " + atLeast);
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, remaining);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + name, e);
            }
        }
    }
}
