package io.accountmonitor.core.spi;

/** Handle of a scheduled timer task. */
@FunctionalInterface
public interface Cancellable {
    /**
     * Cancels the task if it has not started. Idempotent and safe from any thread. A task that
     * already started runs to its end; callers that must ignore a late run check a generation.
     */
    void cancel();
}
