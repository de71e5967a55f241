package io.accountmonitor.scheduler;

import io.accountmonitor.core.spi.Cancellable;
import io.accountmonitor.core.spi.TimerService;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real {@link TimerService}: one {@code monitor-timer} thread over a binary heap. Cancelled
 * tasks leave the queue at once (remove-on-cancel), delayed tasks do not run after shutdown, and a
 * task that throws is logged without affecting later tasks.
 */
public final class ScheduledTimerService implements TimerService, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ScheduledTimerService.class);

    private final ScheduledThreadPoolExecutor executor;

    public ScheduledTimerService(ThreadBudget budget) {
        executor = new ScheduledThreadPoolExecutor(1, budget.reserve("timer", 1)) {
            @Override
            protected void terminated() {
                budget.release(1);
            }
        };
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        Objects.requireNonNull(task, "task");
        long nanos = Math.max(0, delay.toNanos());
        ScheduledFuture<?> future = executor.schedule(() -> runLogged(task), nanos, TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    /** Returns the tasks waiting in the timer queue. */
    public int pendingTasks() {
        return executor.getQueue().size();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return executor.awaitTermination(timeout, unit);
    }

    private static void runLogged(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException | Error e) {
            LOG.error("Timer task failed; later timers are not affected", e);
        }
    }
}
