package io.accountmonitor.bench.trigger;

/**
 * One way to turn "this account changed" into a refresh of the account, as the benchmarks compare
 * them. Each design runs a check {@code debounce} after a trigger, and the check lasts
 * {@code checkDuration}, like a broker round trip.
 */
public interface TriggerDesign extends AutoCloseable {
    /** Records that the account changed. Called from one or more benchmark threads. */
    void trigger();

    /** Returns the checks started so far. */
    long checksStarted();

    /**
     * Returns the sequence number of the newest trigger that a started check covers: the largest
     * {@link #trigger()} count observed when a check started. Triggers after it have led to no check.
     */
    long newestCoveredTrigger();

    /** Returns the triggers received so far. */
    long triggers();

    /** Stops timers and threads of the design. */
    @Override
    void close();
}
