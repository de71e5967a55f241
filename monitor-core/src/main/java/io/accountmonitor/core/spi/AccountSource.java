package io.accountmonitor.core.spi;

import io.accountmonitor.core.model.AccountId;
import io.accountmonitor.core.model.AccountSnapshot;
import io.accountmonitor.core.model.DealCursor;
import java.util.concurrent.CompletionStage;

/**
 * The accounts of one configured monitor at one broker: a connection that pushes events and
 * answers checks. Lifecycle: created by {@link BrokerPlugin#create}, then {@link #start} once, any
 * number of {@link #fetch} calls, then {@link #close} once.
 */
public interface AccountSource {
    /**
     * Starts connecting in the background and returns without waiting for the network. From now on
     * the source reconnects on its own after failures, with capped and jittered backoff, until it is
     * closed or its credentials are rejected; it reports progress to {@code listener}.
     * Called once, from the start-up thread.
     */
    void start(SourceListener listener);

    /**
     * Fetches a snapshot of {@code account} with the deals executed after {@code since}. Called from
     * a worker thread, at most once at a time per account; it must not block, and the stage may
     * complete on any thread. The scheduler bounds the call with its check timeout, so the source may
     * keep no timer of its own for the whole check, but each request should still time out.
     *
     * <p>The stage fails with {@link BrokerException} and a category; any other exception is a bug
     * in the source and is counted as one.
     */
    CompletionStage<AccountSnapshot> fetch(AccountId account, DealCursor since);

    /**
     * Disconnects, cancels this source's timers and pending requests (failing them), and shuts down
     * the executors it obtained. Returns within a few seconds even if the broker does not answer.
     * Idempotent; called from the lifecycle thread.
     */
    void close();
}
