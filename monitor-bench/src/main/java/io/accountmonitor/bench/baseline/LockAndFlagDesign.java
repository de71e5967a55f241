package io.accountmonitor.bench.baseline;

import io.accountmonitor.bench.trigger.CheckCounter;
import io.accountmonitor.bench.trigger.TriggerDesign;
import java.time.Duration;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.locks.LockSupport;

/**
 * Baseline (b), the first fix of the original design: a lock and a flag skip every schedule while a
 * timer is pending or its check runs. It creates one timer thread per check instead of one per
 * trigger. But a trigger that arrives while the check runs is dropped, although the running check
 * may have read the account before the change, and no later check is scheduled for it.
 */
public final class LockAndFlagDesign implements TriggerDesign {
    private final long debounceMillis;
    private final long checkNanos;
    private final CheckCounter counter = new CheckCounter();
    private boolean busy;

    public LockAndFlagDesign(Duration debounce, Duration checkDuration) {
        this.debounceMillis = Math.max(1, debounce.toMillis());
        this.checkNanos = checkDuration.toNanos();
    }

    @Override
    public void trigger() {
        counter.triggered();
        synchronized (this) {
            if (busy) {
                return;
            }
            busy = true;
        }
        Timer timer = new Timer("baseline-flag-timer", true);
        timer.schedule(new TimerTask() {
            @Override
            public void run() {
                counter.checkStarted();
                // The original checks blocked their timer thread for the broker round trip.
                LockSupport.parkNanos(checkNanos);
                synchronized (LockAndFlagDesign.this) {
                    busy = false;
                }
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
        // The pending timer, if any, cancels itself after its check.
    }
}
