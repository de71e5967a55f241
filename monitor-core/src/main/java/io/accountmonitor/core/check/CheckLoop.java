package io.accountmonitor.core.check;

/** The check loop of one account, owned by a {@link CheckScheduler}. Safe from any thread. */
public interface CheckLoop {
    /** Returns the unique name the loop was registered with. */
    String name();

    /**
     * Records that the account may have changed, so a check follows within the debounce delay
     * (or the remaining backoff after a failure). Never blocks beyond a short per-loop lock, never
     * throws, and is ignored after close. {@code reason} is a short word for statistics, such as
     * {@code execution}.
     */
    void trigger(String reason);

    /** Returns a consistent snapshot of the loop's state and counters. */
    LoopStatus status();

    /**
     * Cancels the loop's timer and stops it for good; a running check may finish, but its result
     * is discarded. Idempotent. The name can be registered again afterwards.
     */
    void close();
}
