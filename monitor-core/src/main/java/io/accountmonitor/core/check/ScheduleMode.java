package io.accountmonitor.core.check;

/** How a check loop decides when to check without a trigger. */
public enum ScheduleMode {
    /**
     * Checks follow triggers, and a fallback check runs {@code fallbackInterval} after the last
     * check ended when nothing triggered one (fixed delay).
     */
    EVENT_DRIVEN,
    /**
     * Checks run at fixed slots every {@code periodicInterval} from a random phase (fixed rate);
     * missed slots coalesce into one check, and triggers still cause an early, coalesced check.
     */
    PERIODIC
}
