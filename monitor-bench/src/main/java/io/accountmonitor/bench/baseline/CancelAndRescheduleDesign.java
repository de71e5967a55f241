package io.accountmonitor.bench.baseline;

import io.accountmonitor.bench.trigger.CheckCounter;
import io.accountmonitor.bench.trigger.TriggerDesign;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Baseline (c): every trigger cancels the pending check on a shared one-thread
 * {@link ScheduledThreadPoolExecutor} and schedules a new one (remove-on-cancel is on, so the queue
 * does not grow). Threads stay fixed, but each trigger pays a cancel and a heap insert, and a steady
 * stream of triggers closer together than the debounce postpones the check indefinitely.
 */
public final class CancelAndRescheduleDesign implements TriggerDesign {
    private final long debounceNanos;
    private final long checkNanos;
    private final ScheduledThreadPoolExecutor executor;
    private final CheckCounter counter = new CheckCounter();
    private ScheduledFuture<?> pending;

    public CancelAndRescheduleDesign(Duration debounce, Duration checkDuration) {
        this.debounceNanos = debounce.toNanos();
        this.checkNanos = checkDuration.toNanos();
        this.executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "baseline-stpe");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
    }

    @Override
    public void trigger() {
        counter.triggered();
        synchronized (this) {
            if (pending != null) {
                pending.cancel(false);
            }
            pending = executor.schedule(this::check, debounceNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void check() {
        counter.checkStarted();
        LockSupport.parkNanos(checkNanos);
    }

    @Override
    public long checksStarted() {
        return counter.checks();
    }

    @Override
    public long newestCoveredTrigger() {
        return counter.newestCovered();
    }

    @Override
    public long triggers() {
        return counter.triggers();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
