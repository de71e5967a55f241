package io.accountmonitor.core.spi;

import java.util.concurrent.ExecutorService;

/**
 * Dedicated threads for blocking I/O (socket readers, a websocket client, an HTTP server), counted
 * against the process-wide thread budget. Only the scheduler module creates threads; everything
 * else asks here.
 */
public interface IoThreads {
    /**
     * Creates an executor with exactly {@code threads} daemon threads named
     * {@code monitor-io-<purpose>-<n>}, started lazily. Its threads are returned to the budget
     * when it terminates, so the owner must shut it down. Call from start-up or lifecycle code, not
     * per connection attempt: reconnecting reuses the executor.
     *
     * @throws ThreadBudgetExceededException if the budget has fewer than {@code threads} left
     * @throws IllegalArgumentException if {@code threads} is not positive or {@code purpose} is blank
     */
    ExecutorService newExecutor(String purpose, int threads);
}
