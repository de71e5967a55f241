package io.accountmonitor.core.check;

/** What one event did to a check loop; the scheduler counts outcomes for its statistics. */
public enum Outcome {
    /** The loop started and armed its first timer. */
    STARTED,
    /** A trigger created the follow-up check: it moved the due time earlier or marked a running check dirty. */
    TRIGGER_SCHEDULED,
    /** A trigger was absorbed by a check that was already due soon enough or already marked dirty. */
    TRIGGER_COALESCED,
    /** The armed timer fired and started a check. */
    CHECK_STARTED,
    /** The armed timer fired before the due time, which a timer never should; it was re-armed. */
    TIMER_EARLY,
    /** A timer that had been replaced or cancelled fired; nothing changed. */
    STALE_TIMER,
    /** The running check completed with a value. */
    CHECK_SUCCEEDED,
    /** The running check failed. */
    CHECK_FAILED,
    /**
     * The running check was deferred: the broker plugin asked to run it again later because its
     * rate limit is busy. Not a failure; the backoff does not grow.
     */
    CHECK_DEFERRED,
    /** The running check's timeout fired; the check is abandoned and backed off. */
    CHECK_TIMED_OUT,
    /** A check completed after it was abandoned by its timeout; its result was discarded. */
    STALE_RESULT,
    /** The loop closed. */
    CLOSED,
    /** An event arrived after close; nothing changed. */
    IGNORED_AFTER_CLOSE
}
