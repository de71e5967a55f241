package io.accountmonitor.core.check;

/** State of one account's check loop. */
public enum LoopState {
    /** Registered but not started; no timer is armed and no check runs. */
    IDLE,
    /** One timer is armed for the next check; no check runs. */
    SCHEDULED,
    /** One check runs and one timer guards its timeout; triggers mark the loop dirty. */
    RUNNING,
    /** Terminal: no timer is armed, no check starts, a running check's result is discarded. */
    CLOSED
}
