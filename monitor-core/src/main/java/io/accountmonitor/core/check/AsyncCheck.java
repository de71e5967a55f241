package io.accountmonitor.core.check;

import java.util.concurrent.CompletionStage;

/** One refresh of one account, as the scheduler runs it. */
@FunctionalInterface
public interface AsyncCheck {
    /**
     * Starts the check and returns its completion. Called on a worker thread, never twice at once
     * for one loop. It must not block for I/O: it sends requests and completes the stage when the
     * replies arrive, on any thread. A stage that fails, an exception or {@link Error} thrown from
     * here, and a stage that does not complete within the check timeout all count as a failure;
     * none of them stops the loop.
     */
    CompletionStage<?> run();
}
