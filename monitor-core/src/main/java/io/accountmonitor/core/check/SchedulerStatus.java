package io.accountmonitor.core.check;

import java.util.List;

/**
 * Snapshot of a scheduler.
 *
 * @param loops status of every registered, open loop, ordered by name
 * @param totals counters summed over all loops ever registered, closed ones included
 * @param pendingTimers timer tasks waiting in the timer queue
 * @param liveThreads threads the scheduler created that are alive, I/O threads included
 * @param threadBudget the most threads the scheduler may create
 */
public record SchedulerStatus(
        List<LoopStatus> loops,
        LoopCounters totals,
        int pendingTimers,
        int liveThreads,
        int threadBudget) {

    public SchedulerStatus {
        loops = List.copyOf(loops);
    }
}
