package io.accountmonitor.core.spi;

import java.time.Duration;

/**
 * One-shot timers and the monotonic time they are measured in. The real implementation runs every
 * task on the single {@code monitor-timer} thread; the virtual-time implementation runs them on the
 * thread that advances time. Either way tasks run one at a time.
 *
 * <p>Tasks must be short and must not block: anything that may wait for I/O or a lock held during
 * I/O goes to {@link HostContext#workers()}. A task that throws is logged and does not affect
 * other tasks.
 */
public interface TimerService {
    /** Returns monotonic time in nanoseconds; only differences between two readings mean anything. */
    long nanoTime();

    /**
     * Runs {@code task} once after {@code delay}, never earlier. Cancelled tasks leave the queue at
     * once, so re-arming a timer never grows the queue.
     *
     * @throws java.util.concurrent.RejectedExecutionException after the timer service is closed
     */
    Cancellable schedule(Duration delay, Runnable task);
}
