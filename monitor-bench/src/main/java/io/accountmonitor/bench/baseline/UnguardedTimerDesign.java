package io.accountmonitor.bench.baseline;

import io.accountmonitor.bench.trigger.CheckCounter;
import io.accountmonitor.bench.trigger.TriggerDesign;
import java.time.Duration;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.locks.LockSupport;

/**
 * Baseline (a), the original design: every trigger schedules its check on a new
 * {@link java.util.Timer}, which starts a thread of its own. Nothing coalesces, so every trigger
 * costs a thread and causes a check of its own.
 */
public final class UnguardedTimerDesign implements TriggerDesign {
    private final long debounceMillis;
    private final long checkNanos;
    private final CheckCounter counter = new CheckCounter();

    public UnguardedTimerDesign(Duration debounce, Duration checkDuration) {
        this.debounceMillis = Math.max(1, debounce.toMillis());
        this.checkNanos = checkDuration.toNanos();
    }

    @Override
    public void trigger() {
        counter.triggered();
        Timer timer = new Timer("baseline-timer", true);
        timer.schedule(new TimerTask() {
            @Override
            public void run() {
                counter.checkStarted();
                // The original checks blocked their timer thread for the broker round trip.
                LockSupport.parkNanos(checkNanos);
                timer.cancel();
            }
        }, debounceMillis);
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
        // Each timer cancels itself after its check; pending ones end with their daemon threads.
    }
}
