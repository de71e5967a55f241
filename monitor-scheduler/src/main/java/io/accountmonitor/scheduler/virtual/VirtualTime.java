package io.accountmonitor.scheduler.virtual;

import io.accountmonitor.core.spi.Cancellable;
import io.accountmonitor.core.spi.TimerService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link TimerService} and {@link Clock} whose time moves only when a test calls
 * {@link #advance}. Due tasks run on the advancing thread, in due-time order and, for equal times,
 * in scheduling order; tasks scheduled while advancing run in the same call if they fall due
 * before its target. Scheduling and cancelling are safe from any thread, so real I/O threads may
 * arm timers while a test advances time.
 */
public final class VirtualTime implements TimerService {
    private static final Logger LOG = LoggerFactory.getLogger(VirtualTime.class);

    private final Object lock = new Object();
    private final ReentrantLock advancing = new ReentrantLock();
    private final TreeSet<Task> queue = new TreeSet<>();
    private final Instant origin;
    private long nanos;
    private long sequence;
    private boolean closed;

    /** Creates virtual time whose wall clock reads {@code origin} now. */
    public VirtualTime(Instant origin) {
        this.origin = Objects.requireNonNull(origin, "origin");
    }

    /** Creates virtual time starting at 2026-01-05T00:00:00Z, a Monday. */
    public VirtualTime() {
        this(Instant.parse("2026-01-05T00:00:00Z"));
    }

    @Override
    public long nanoTime() {
        synchronized (lock) {
            return nanos;
        }
    }

    /** Returns the wall-clock instant that corresponds to the current virtual time. */
    public Instant now() {
        synchronized (lock) {
            return origin.plusNanos(nanos);
        }
    }

    /** Returns a clock in UTC that reads this virtual time. */
    public Clock clock() {
        return new VirtualClock(ZoneOffset.UTC);
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        Objects.requireNonNull(task, "task");
        synchronized (lock) {
            if (closed) {
                throw new RejectedExecutionException("virtual time is closed");
            }
            long due = nanos + Math.max(0, delay.toNanos());
            Task entry = new Task(due, ++sequence, task);
            queue.add(entry);
            return () -> {
                synchronized (lock) {
                    queue.remove(entry);
                }
            };
        }
    }

    /** Moves time forward by {@code amount}, running every task that falls due on the way. */
    public void advance(Duration amount) {
        if (amount.isNegative()) {
            throw new IllegalArgumentException("cannot move virtual time backwards by " + amount);
        }
        long target;
        synchronized (lock) {
            target = nanos + amount.toNanos();
        }
        advanceTo(target);
    }

    /** Runs the tasks due now without moving time. */
    public void runDueTasks() {
        advance(Duration.ZERO);
    }

    /** Moves time to the next task's due time and runs the tasks due then; returns false if none is queued. */
    public boolean advanceToNextTask() {
        long target;
        synchronized (lock) {
            if (queue.isEmpty()) {
                return false;
            }
            target = Math.max(nanos, queue.first().due);
        }
        advanceTo(target);
        return true;
    }

    /** Returns the number of tasks waiting. */
    public int pendingTasks() {
        synchronized (lock) {
            return queue.size();
        }
    }

    /** Returns the delay until the next task is due, or empty when none waits. */
    public Optional<Duration> nextTaskDelay() {
        synchronized (lock) {
            return queue.isEmpty() ? Optional.empty() : Optional.of(Duration.ofNanos(Math.max(0, queue.first().due - nanos)));
        }
    }

    /** Drops every waiting task and rejects new ones. */
    public void close() {
        synchronized (lock) {
            closed = true;
            queue.clear();
        }
    }

    private void advanceTo(long target) {
        if (advancing.isHeldByCurrentThread()) {
            throw new IllegalStateException("a timer task tried to advance virtual time; only the test may advance it");
        }
        advancing.lock();
        try {
            while (true) {
                Task next;
                synchronized (lock) {
                    next = queue.isEmpty() ? null : queue.first();
                    if (next == null || next.due > target) {
                        nanos = Math.max(nanos, target);
                        return;
                    }
                    queue.pollFirst();
                    nanos = Math.max(nanos, next.due);
                }
                try {
                    next.task.run();
                } catch (RuntimeException | Error e) {
                    LOG.error("Virtual timer task failed; later tasks are not affected", e);
                }
            }
        } finally {
            advancing.unlock();
        }
    }

    private record Task(long due, long sequence, Runnable task) implements Comparable<Task> {
        @Override
        public int compareTo(Task other) {
            int byDue = Long.compare(due, other.due);
            return byDue != 0 ? byDue : Long.compare(sequence, other.sequence);
        }
    }

    private final class VirtualClock extends Clock {
        private final ZoneId zone;

        VirtualClock(ZoneId zone) {
            this.zone = zone;
        }

        @Override
        public ZoneId getZone() {
            return zone;
        }

        @Override
        public Clock withZone(ZoneId newZone) {
            return new VirtualClock(newZone);
        }

        @Override
        public Instant instant() {
            return now();
        }
    }
}
