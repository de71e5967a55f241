package io.accountmonitor.core.spi;

import io.accountmonitor.core.model.AccountId;
import io.accountmonitor.core.model.AccountUpdate;
import io.accountmonitor.core.model.LinkStatus;

/**
 * A destination for account state, such as AppDaemon, a log or a file. Lifecycle: created by
 * {@link SinkPlugin#create}, then {@link #start} once, then any number of publications, then
 * {@link #close} once.
 *
 * <p>Publication methods are called from worker and I/O threads, concurrently for different
 * accounts. They must never block the caller: a sink that talks to a remote system queues, coalesces
 * and delivers on its own threads. An exception they throw is logged and counted by the host and
 * does not stop the check loop.
 */
public interface StateSink {
    /** Starts delivering, for example by connecting in the background. Must not block on the network. */
    void start();

    /** Publishes the outcome of one successful check. */
    void publish(AccountUpdate update);

    /** Publishes a change of the broker link of one account of monitor {@code monitor}. */
    void linkChanged(String monitor, AccountId account, LinkStatus status);

    /**
     * Returns the state of the sink's link to its destination, for health reports: {@code UP}
     * while it delivers, {@code CONNECTING} or {@code DOWN} while updates wait, {@code FAILED}
     * when the destination rejects the sink in a way only the user can fix. A sink without a
     * remote destination returns {@code null}, the default. Called from any thread; must not block.
     */
    default LinkStatus status() {
        return null;
    }

    /**
     * Stops delivering, after trying for a bounded time to hand over what is queued. Idempotent;
     * called from the lifecycle thread.
     */
    void close();
}
