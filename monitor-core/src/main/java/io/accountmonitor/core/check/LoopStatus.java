package io.accountmonitor.core.check;

import java.time.Instant;

/**
 * Snapshot of one check loop.
 *
 * @param name the loop's name
 * @param state current state
 * @param nextDue wall-clock time of the next check when SCHEDULED, else {@code null}
 * @param dirty whether a follow-up check is owed to a trigger that arrived during the running check
 * @param consecutiveFailures failures since the last success
 * @param counters event counts since registration
 * @param lastCheckStarted wall-clock start of the last check, or {@code null}
 * @param lastSuccess wall-clock end of the last successful check, or {@code null}
 * @param lastError message of the last failure, or {@code null} if the last check succeeded
 */
public record LoopStatus(
        String name,
        LoopState state,
        Instant nextDue,
        boolean dirty,
        int consecutiveFailures,
        LoopCounters counters,
        Instant lastCheckStarted,
        Instant lastSuccess,
        String lastError) {
}
