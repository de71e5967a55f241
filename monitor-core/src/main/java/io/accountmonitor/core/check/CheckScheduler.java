package io.accountmonitor.core.check;

/**
 * Runs one check loop per account on a fixed set of threads: at most one timer armed and at most
 * one check running per loop, triggers coalesced, failures backed off. Implemented by the scheduler
 * module, with real threads or with virtual time for tests.
 */
public interface CheckScheduler extends AutoCloseable {
    /**
     * Registers and starts a loop; its first check is due at a random phase within the schedule's
     * phase window. Safe from any thread.
     *
     * @throws IllegalArgumentException if a loop with this name is registered and not closed
     * @throws java.util.concurrent.RejectedExecutionException if the scheduler is closed
     */
    CheckLoop register(String name, Schedule schedule, AsyncCheck check);

    /** Returns statistics of all loops and the totals, consistent per loop. */
    SchedulerStatus status();

    /**
     * Closes every loop, cancels every timer, rejects new work, waits a bounded time for running
     * checks and stops the scheduler's threads. Idempotent.
     */
    @Override
    void close();
}
