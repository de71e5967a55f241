package io.accountmonitor.scheduler;

import java.time.Duration;
import java.util.Objects;

/**
 * Thread settings of the scheduler.
 *
 * @param workerThreads threads that run checks and short tasks of the plugins
 * @param threadBudget the most threads the process may create through the scheduler: the timer
 *     thread, the workers and every I/O thread
 * @param closeTimeout how long {@link SchedulerRuntime#close()} waits for running checks and for
 *     threads to end
 */
public record SchedulerSettings(int workerThreads, int threadBudget, Duration closeTimeout) {
    public SchedulerSettings {
        Objects.requireNonNull(closeTimeout, "closeTimeout");
        if (workerThreads < 1) {
            throw new IllegalArgumentException("workerThreads is " + workerThreads + "; it must be at least 1");
        }
        if (threadBudget < workerThreads + 1) {
            throw new IllegalArgumentException("threadBudget is " + threadBudget + "; it must be at least workerThreads + 1 ("
                    + (workerThreads + 1) + ") for the timer thread");
        }
        if (closeTimeout.isNegative()) {
            throw new IllegalArgumentException("closeTimeout is negative: " + closeTimeout);
        }
    }

    /** Returns 2 workers, a budget of 16 threads and a 5 s close timeout. */
    public static SchedulerSettings defaults() {
        return new SchedulerSettings(2, 16, Duration.ofSeconds(5));
    }
}
