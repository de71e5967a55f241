package io.accountmonitor.app.config;

import java.time.Duration;

/**
 * Threads of the process.
 *
 * @param workerThreads threads that start checks and run short plugin tasks; default 2
 * @param threadBudget the most threads the scheduler creates in total, I/O threads included;
 *     default 16
 * @param closeTimeout how long a stop waits for running checks and threads; default 10 s
 */
public record SchedulerConfig(Integer workerThreads, Integer threadBudget, Duration closeTimeout) {
    /** Most worker threads accepted; more would not make checks, which wait for the broker, faster. */
    public static final int MAX_WORKER_THREADS = 256;

    /** Largest thread budget accepted, far above what any configuration needs. */
    public static final int MAX_THREAD_BUDGET = 4_096;

    public SchedulerConfig {
        workerThreads = workerThreads == null ? 2 : workerThreads;
        threadBudget = threadBudget == null ? 16 : threadBudget;
        closeTimeout = closeTimeout == null ? Duration.ofSeconds(10) : closeTimeout;
    }

    public static SchedulerConfig defaults() {
        return new SchedulerConfig(null, null, null);
    }
}
