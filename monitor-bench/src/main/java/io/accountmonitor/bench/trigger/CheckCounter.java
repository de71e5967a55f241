package io.accountmonitor.bench.trigger;

import java.util.concurrent.atomic.AtomicLong;

/** Counts triggers and check starts the same way for every design, so their figures compare. */
public final class CheckCounter {
    private final AtomicLong triggers = new AtomicLong();
    private final AtomicLong checks = new AtomicLong();
    private final AtomicLong newestCovered = new AtomicLong();

    /** Records a trigger and returns its sequence number. */
    public long triggered() {
        return triggers.incrementAndGet();
    }

    /** Records a check start: it covers every trigger received before it. */
    public void checkStarted() {
        long covered = triggers.get();
        checks.incrementAndGet();
        newestCovered.accumulateAndGet(covered, Math::max);
    }

    public long triggers() {
        return triggers.get();
    }

    public long checks() {
        return checks.get();
    }

    public long newestCovered() {
        return newestCovered.get();
    }
}
