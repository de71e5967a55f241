package io.accountmonitor.core.check;

/**
 * Event counts of one loop, or totals over loops.
 *
 * @param triggers triggers accepted, coalesced ones included
 * @param coalescedTriggers triggers absorbed by an already pending or owed check
 * @param staleTimerFires timers that fired after being replaced
 * @param checksStarted checks started
 * @param checksSucceeded checks that completed with a value
 * @param checksFailed checks that failed, timeouts excluded
 * @param checksDeferred checks the broker plugin deferred because its rate limit was busy
 * @param checksTimedOut checks abandoned by their timeout
 * @param staleResults results discarded because their check had been abandoned or the loop closed
 */
public record LoopCounters(
        long triggers,
        long coalescedTriggers,
        long staleTimerFires,
        long checksStarted,
        long checksSucceeded,
        long checksFailed,
        long checksDeferred,
        long checksTimedOut,
        long staleResults) {

    public static final LoopCounters ZERO = new LoopCounters(0, 0, 0, 0, 0, 0, 0, 0, 0);

    public LoopCounters plus(LoopCounters other) {
        return new LoopCounters(
                triggers + other.triggers,
                coalescedTriggers + other.coalescedTriggers,
                staleTimerFires + other.staleTimerFires,
                checksStarted + other.checksStarted,
                checksSucceeded + other.checksSucceeded,
                checksFailed + other.checksFailed,
                checksDeferred + other.checksDeferred,
                checksTimedOut + other.checksTimedOut,
                staleResults + other.staleResults);
    }
}
