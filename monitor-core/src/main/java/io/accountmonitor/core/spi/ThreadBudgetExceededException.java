package io.accountmonitor.core.spi;

/**
 * Thrown when a component asks for more threads than the configured thread budget has left.
 * The message names the requester, the request and the budget, so the user can raise
 * {@code scheduler.threadBudget} or reduce what needs threads.
 */
public final class ThreadBudgetExceededException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ThreadBudgetExceededException(String message) {
        super(message);
    }
}
