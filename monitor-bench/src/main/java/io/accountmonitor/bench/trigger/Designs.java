package io.accountmonitor.bench.trigger;

import io.accountmonitor.bench.baseline.CancelAndRescheduleDesign;
import io.accountmonitor.bench.baseline.LockAndFlagDesign;
import io.accountmonitor.bench.baseline.UnguardedTimerDesign;
import java.time.Duration;
import java.util.List;

/** The designs the benchmarks compare, by name. */
public final class Designs {
    public static final String GUARDED = "guarded";
    public static final String UNGUARDED_TIMER = "a-timer-per-trigger";
    public static final String LOCK_AND_FLAG = "b-lock-and-flag";
    public static final String CANCEL_AND_RESCHEDULE = "c-cancel-and-reschedule";
    public static final List<String> ALL = List.of(GUARDED, UNGUARDED_TIMER, LOCK_AND_FLAG, CANCEL_AND_RESCHEDULE);

    private Designs() {
    }

    public static TriggerDesign create(String name, Duration debounce, Duration checkDuration) {
        return switch (name) {
            case GUARDED -> new GuardedDesign(debounce, checkDuration);
            case UNGUARDED_TIMER -> new UnguardedTimerDesign(debounce, checkDuration);
            case LOCK_AND_FLAG -> new LockAndFlagDesign(debounce, checkDuration);
            case CANCEL_AND_RESCHEDULE -> new CancelAndRescheduleDesign(debounce, checkDuration);
            default -> throw new IllegalArgumentException("unknown design '" + name + "'; known designs: " + ALL);
        };
    }
}
