package io.accountmonitor.core.check;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Timing settings of one check loop.
 *
 * @param mode event-driven with a fallback, or periodic
 * @param fallbackInterval event-driven mode: delay from the end of a check to the next one when
 *     nothing triggers; also the window the first check's random phase is drawn from
 * @param periodicInterval periodic mode: distance between check slots and the phase window
 * @param debounce delay from a trigger to the check it causes, so a burst of events makes one check
 * @param minSpacing minimum time from the end of one check to the start of the next
 * @param checkTimeout a check that has not completed after this long is failed and backed off
 * @param backoffInitial first delay after a failure, and the floor of every backoff delay
 * @param backoffMax cap of the exponential backoff delay
 */
public record Schedule(
        ScheduleMode mode,
        Duration fallbackInterval,
        Duration periodicInterval,
        Duration debounce,
        Duration minSpacing,
        Duration checkTimeout,
        Duration backoffInitial,
        Duration backoffMax) {

    /** Longest duration any setting accepts; larger values are almost certainly typing mistakes. */
    public static final Duration MAX_DURATION = Duration.ofDays(30);

    public Schedule {
        Map<String, String> problems = problems(mode, fallbackInterval, periodicInterval, debounce, minSpacing,
                checkTimeout, backoffInitial, backoffMax);
        if (!problems.isEmpty()) {
            List<String> lines = new ArrayList<>();
            problems.forEach((key, message) -> lines.add(key + ": " + message));
            throw new IllegalArgumentException("invalid schedule: " + String.join("; ", lines));
        }
    }

    /** Returns the defaults: event-driven, 5 min fallback, 60 s period, 2 s debounce, 1 s spacing,
     *  30 s timeout, backoff from 1 s to 5 min. */
    public static Schedule defaults() {
        return new Schedule(ScheduleMode.EVENT_DRIVEN, Duration.ofMinutes(5), Duration.ofSeconds(60),
                Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(1),
                Duration.ofMinutes(5));
    }

    /** Returns the interval that the first check's random phase is drawn from. */
    public Duration phaseWindow() {
        return mode == ScheduleMode.PERIODIC ? periodicInterval : fallbackInterval;
    }

    public Schedule withMode(ScheduleMode newMode) {
        return new Schedule(newMode, fallbackInterval, periodicInterval, debounce, minSpacing, checkTimeout,
                backoffInitial, backoffMax);
    }

    public Schedule withFallbackInterval(Duration value) {
        return new Schedule(mode, value, periodicInterval, debounce, minSpacing, checkTimeout, backoffInitial,
                backoffMax);
    }

    public Schedule withPeriodicInterval(Duration value) {
        return new Schedule(mode, fallbackInterval, value, debounce, minSpacing, checkTimeout, backoffInitial,
                backoffMax);
    }

    public Schedule withDebounce(Duration value) {
        return new Schedule(mode, fallbackInterval, periodicInterval, value, minSpacing, checkTimeout,
                backoffInitial, backoffMax);
    }

    public Schedule withMinSpacing(Duration value) {
        return new Schedule(mode, fallbackInterval, periodicInterval, debounce, value, checkTimeout,
                backoffInitial, backoffMax);
    }

    public Schedule withCheckTimeout(Duration value) {
        return new Schedule(mode, fallbackInterval, periodicInterval, debounce, minSpacing, value,
                backoffInitial, backoffMax);
    }

    public Schedule withBackoff(Duration initial, Duration max) {
        return new Schedule(mode, fallbackInterval, periodicInterval, debounce, minSpacing, checkTimeout, initial,
                max);
    }

    /**
     * Returns every problem of these settings, keyed by the setting's name in configuration
     * ({@code fallbackInterval}, {@code backoff.max}, ...); empty when they are valid. The
     * configuration loader uses it to report all problems with their YAML paths at once.
     */
    public static Map<String, String> problems(ScheduleMode mode, Duration fallbackInterval,
            Duration periodicInterval, Duration debounce, Duration minSpacing, Duration checkTimeout,
            Duration backoffInitial, Duration backoffMax) {
        Map<String, String> problems = new LinkedHashMap<>();
        if (mode == null) {
            problems.put("mode", "missing; use event-driven or periodic");
        }
        requirePositive(problems, "fallbackInterval", fallbackInterval);
        requirePositive(problems, "periodicInterval", periodicInterval);
        requireNotNegative(problems, "debounce", debounce);
        requireNotNegative(problems, "minSpacing", minSpacing);
        requirePositive(problems, "checkTimeout", checkTimeout);
        requirePositive(problems, "backoff.initial", backoffInitial);
        requirePositive(problems, "backoff.max", backoffMax);
        if (backoffInitial != null && backoffMax != null && backoffMax.compareTo(backoffInitial) < 0
                && !problems.containsKey("backoff.initial") && !problems.containsKey("backoff.max")) {
            problems.put("backoff.max", "is " + backoffMax + ", shorter than backoff.initial " + backoffInitial
                    + "; make it at least as long");
        }
        return problems;
    }

    private static void requirePositive(Map<String, String> problems, String key, Duration value) {
        if (value == null) {
            problems.put(key, "missing; give a duration such as 30s or 5m");
        } else if (value.isNegative() || value.isZero()) {
            problems.put(key, "is " + value + "; must be longer than zero");
        } else if (value.compareTo(MAX_DURATION) > 0) {
            problems.put(key, "is " + value + "; must be at most 30 days");
        }
    }

    private static void requireNotNegative(Map<String, String> problems, String key, Duration value) {
        if (value == null) {
            problems.put(key, "missing; give a duration such as 0s or 2s");
        } else if (value.isNegative()) {
            problems.put(key, "is " + value + "; must not be negative");
        } else if (value.compareTo(MAX_DURATION) > 0) {
            problems.put(key, "is " + value + "; must be at most 30 days");
        }
    }
}
