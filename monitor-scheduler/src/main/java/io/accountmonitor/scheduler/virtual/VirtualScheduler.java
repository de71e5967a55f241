package io.accountmonitor.scheduler.virtual;

import io.accountmonitor.core.check.CheckScheduler;
import io.accountmonitor.core.spi.RandomSource;
import io.accountmonitor.scheduler.GuardedScheduler;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The scheduler of production, {@link GuardedScheduler}, on virtual time and without threads:
 * checks start on the thread that advances time, either at once or, in queued mode, when the test
 * calls {@link #runQueuedChecks()}. For tests and the scale harness.
 */
public final class VirtualScheduler implements AutoCloseable {
    private final VirtualTime time;
    private final GuardedScheduler scheduler;
    private final QueuedExecutor queue;

    private VirtualScheduler(VirtualTime time, RandomSource random, boolean queued) {
        this.time = Objects.requireNonNull(time, "time");
        this.queue = queued ? new QueuedExecutor() : null;
        Executor workers = queued ? queue : Runnable::run;
        this.scheduler = new GuardedScheduler(time, workers, time.clock(), random, time::pendingTasks, () -> 0, 0);
    }

    /** Returns a scheduler that runs each check on the advancing thread as soon as its timer fires. */
    public static VirtualScheduler direct(VirtualTime time, RandomSource random) {
        return new VirtualScheduler(time, random, false);
    }

    /** Returns a scheduler that queues started checks until {@link #runQueuedChecks()}. */
    public static VirtualScheduler queued(VirtualTime time, RandomSource random) {
        return new VirtualScheduler(time, random, true);
    }

    public CheckScheduler scheduler() {
        return scheduler;
    }

    public VirtualTime time() {
        return time;
    }

    /** Moves time forward by {@code amount}; shorthand for {@code time().advance(amount)}. */
    public void advance(Duration amount) {
        time.advance(amount);
    }

    /** Runs the checks queued so far, in start order; returns how many ran. Queued mode only. */
    public int runQueuedChecks() {
        if (queue == null) {
            throw new IllegalStateException("this virtual scheduler runs checks directly; create it with queued()");
        }
        return queue.runAll();
    }

    /** Returns the checks waiting to run in queued mode. */
    public int queuedChecks() {
        return queue == null ? 0 : queue.size();
    }

    /** Returns the checks started whose stage has not completed. */
    public int runningChecks() {
        return scheduler.runningChecks();
    }

    @Override
    public void close() {
        scheduler.close();
        time.close();
        if (queue != null) {
            queue.close();
        }
    }

    private static final class QueuedExecutor implements Executor {
        private final Queue<Runnable> tasks = new ArrayDeque<>();
        private boolean closed;

        @Override
        public synchronized void execute(Runnable task) {
            if (closed) {
                throw new RejectedExecutionException("virtual scheduler is closed");
            }
            tasks.add(task);
        }

        int runAll() {
            int ran = 0;
            while (true) {
                Runnable next;
                synchronized (this) {
                    next = tasks.poll();
                }
                if (next == null) {
                    return ran;
                }
                next.run();
                ran++;
            }
        }

        synchronized int size() {
            return tasks.size();
        }

        synchronized void close() {
            closed = true;
            tasks.clear();
        }
    }
}
