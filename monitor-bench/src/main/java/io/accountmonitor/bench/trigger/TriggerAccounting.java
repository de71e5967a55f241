package io.accountmonitor.bench.trigger;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * The accounting of each design's triggers, beside speed: threads created per trigger, checks run,
 * and triggers that never led to a check. Runs on real time, bounded by its parameters.
 */
public final class TriggerAccounting {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private TriggerAccounting() {
    }

    /**
     * Result for one design.
     *
     * @param design the design's name
     * @param triggers triggers sent in the steady run
     * @param threadsCreatedPerMillion threads the JVM started during the steady run, per 10^6 triggers
     * @param checksPerThousand checks the steady run caused, per 10^3 triggers
     * @param burstTriggers triggers sent in the bursty run
     * @param lostTriggers triggers of the bursty run that no check started after
     * @param lostRounds bursts whose last trigger no check followed
     * @param rounds bursts sent
     */
    public record Result(String design, long triggers, double threadsCreatedPerMillion, double checksPerThousand,
            long burstTriggers, long lostTriggers, int lostRounds, int rounds) {
    }

    /**
     * Measures {@code design}: a steady run of {@code steadyTriggers} back-to-back triggers, then
     * {@code rounds} bursts of 1 to 20 triggers spaced up to 2 ms apart, each followed by a quiet
     * period long enough for any design to start its check.
     */
    public static Result measure(String design, int steadyTriggers, int rounds, long seed) {
        Duration debounce = Duration.ofMillis(5);
        Duration checkDuration = Duration.ofMillis(3);
        long startedBefore;
        long startedAfter;
        long steadyChecks;
        try (TriggerDesign target = Designs.create(design, debounce, Duration.ZERO)) {
            startedBefore = THREADS.getTotalStartedThreadCount();
            for (int i = 0; i < steadyTriggers; i++) {
                target.trigger();
            }
            startedAfter = THREADS.getTotalStartedThreadCount();
            settle(Duration.ofMillis(100));
            steadyChecks = target.checksStarted();
        }
        double threadsPerMillion = (startedAfter - startedBefore) * 1_000_000.0 / steadyTriggers;
        double checksPerThousand = steadyChecks * 1_000.0 / steadyTriggers;

        SplittableRandom random = new SplittableRandom(seed);
        long lost = 0;
        int lostRounds = 0;
        long burstTriggers = 0;
        try (TriggerDesign target = Designs.create(design, debounce, checkDuration)) {
            for (int round = 0; round < rounds; round++) {
                int burst = 1 + random.nextInt(20);
                for (int i = 0; i < burst; i++) {
                    target.trigger();
                    LockSupport.parkNanos(random.nextLong(2_000_000));
                }
                burstTriggers += burst;
                settle(debounce.plus(checkDuration).multipliedBy(4));
                long uncovered = target.triggers() - target.newestCoveredTrigger();
                if (uncovered > 0) {
                    lost += uncovered;
                    lostRounds++;
                    // Start the next round from a covered state, so each round counts on its own.
                    target.trigger();
                    settle(debounce.plus(checkDuration).multipliedBy(4));
                    burstTriggers++;
                }
            }
        }
        return new Result(design, steadyTriggers, threadsPerMillion, checksPerThousand, burstTriggers, lost, lostRounds,
                rounds);
    }

    /** Waits {@code duration} of real time for timers to fire; parking is how a benchmark paces itself. */
    private static void settle(Duration duration) {
        long deadline = System.nanoTime() + duration.toNanos();
        long remaining;
        while ((remaining = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(remaining);
        }
    }
}
