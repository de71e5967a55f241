package io.accountmonitor.scheduler.virtual;

import io.accountmonitor.core.spi.Metrics;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/** {@link Metrics} that keep counters and gauges in memory so tests can assert on them. */
public final class RecordingMetrics implements Metrics {
    private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();
    private final Map<String, Supplier<Number>> gauges = new ConcurrentHashMap<>();

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition incremented = lock.newCondition();

    @Override
    public Counter counter(String name, String... tags) {
        AtomicLong value = counters.computeIfAbsent(key(name, tags), k -> new AtomicLong());
        return amount -> {
            value.addAndGet(amount);
            lock.lock();
            try {
                incremented.signalAll();
            } finally {
                lock.unlock();
            }
        };
    }

    /**
     * Waits until the counter {@code name} with these tags reaches {@code atLeast}, for counters
     * that other threads increment. Returns whether it did within {@code timeout} of real time.
     */
    public boolean awaitCount(long atLeast, Duration timeout, String name, String... tags)
            throws InterruptedException {
        long remaining = timeout.toNanos();
        lock.lock();
        try {
            while (count(name, tags) < atLeast) {
                if (remaining <= 0) {
                    return false;
                }
                remaining = incremented.awaitNanos(remaining);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void gauge(String name, Supplier<Number> value, String... tags) {
        gauges.put(key(name, tags), value);
    }

    /** Returns the count of {@code name} with exactly these tags, or 0 when never incremented. */
    public long count(String name, String... tags) {
        AtomicLong value = counters.get(key(name, tags));
        return value == null ? 0 : value.get();
    }

    /** Returns the sum of {@code name} over all tag combinations. */
    public long total(String name) {
        long sum = 0;
        for (Map.Entry<String, AtomicLong> entry : counters.entrySet()) {
            if (entry.getKey().equals(name) || entry.getKey().startsWith(name + "{")) {
                sum += entry.getValue().get();
            }
        }
        return sum;
    }

    /** Returns the current value of a gauge, or {@code null} when it is not registered. */
    public Number gaugeValue(String name, String... tags) {
        Supplier<Number> gauge = gauges.get(key(name, tags));
        return gauge == null ? null : gauge.get();
    }

    /** Returns every counter as {@code name{tag=value,...}} for failure messages. */
    public Map<String, Long> counters() {
        Map<String, Long> copy = new TreeMap<>();
        counters.forEach((key, value) -> copy.put(key, value.get()));
        return copy;
    }

    private static String key(String name, String... tags) {
        if (tags.length == 0) {
            return name;
        }
        if (tags.length % 2 != 0) {
            throw new IllegalArgumentException("tags of metric '" + name + "' must come in key, value pairs");
        }
        StringBuilder key = new StringBuilder(name).append('{');
        for (int i = 0; i < tags.length; i += 2) {
            if (i > 0) {
                key.append(',');
            }
            key.append(tags[i]).append('=').append(tags[i + 1]);
        }
        return key.append('}').toString();
    }
}
