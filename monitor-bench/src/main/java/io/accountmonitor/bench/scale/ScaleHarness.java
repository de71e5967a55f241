package io.accountmonitor.bench.scale;

import io.accountmonitor.core.check.CheckScheduler;
import io.accountmonitor.core.check.Schedule;
import io.accountmonitor.core.spi.RandomSource;
import io.accountmonitor.scheduler.SchedulerRuntime;
import io.accountmonitor.scheduler.SchedulerSettings;
import io.accountmonitor.scheduler.virtual.VirtualScheduler;
import io.accountmonitor.scheduler.virtual.VirtualTime;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Registers many accounts with a short fallback interval and reports what they cost: live threads,
 * heap per account, timer queue size, and CPU time per second of wall time. Each run is bounded in
 * time; checks do no work, so the figures are the scheduler's own cost.
 */
public final class ScaleHarness {
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private ScaleHarness() {
    }

    /**
     * Figures of one run.
     *
     * @param scheduler {@code virtual} or {@code real}
     * @param accounts accounts registered
     * @param liveThreads threads alive in the JVM while the accounts ran (JMX count)
     * @param schedulerThreads threads the scheduler created that were alive
     * @param heapBytesPerAccount heap retained per registered account after a full GC
     * @param pendingTimers timer tasks queued while the accounts ran
     * @param checksPerSecond checks completed per second of (virtual or wall) time
     * @param cpuMillisPerSecond CPU time the process used per second of wall time, in ms
     */
    public record Result(String scheduler, int accounts, int liveThreads, int schedulerThreads,
            double heapBytesPerAccount, int pendingTimers, double checksPerSecond, double cpuMillisPerSecond) {
    }

    static Schedule schedule(Duration fallback) {
        return Schedule.defaults()
                .withFallbackInterval(fallback)
                .withMinSpacing(Duration.ZERO)
                .withDebounce(Duration.ofMillis(100));
    }

    /** Runs {@code accounts} loops on virtual time for {@code virtualSpan} of simulated time. */
    public static Result virtual(int accounts, Duration fallback, Duration virtualSpan) {
        VirtualTime time = new VirtualTime();
        VirtualScheduler virtual = VirtualScheduler.direct(time, RandomSource.seeded(accounts));
        LongAdder checks = new LongAdder();
        long heapBefore = usedHeapAfterGc();
        register(virtual.scheduler(), accounts, fallback, checks);
        long heapAfter = usedHeapAfterGc();
        int pending = time.pendingTasks();
        long cpuBefore = processCpuNanos();
        long wallBefore = System.nanoTime();
        time.advance(virtualSpan);
        long cpu = processCpuNanos() - cpuBefore;
        long wall = System.nanoTime() - wallBefore;
        int liveThreads = THREADS.getThreadCount();
        virtual.close();
        double checksPerSecond = checks.sum() / (virtualSpan.toNanos() / 1e9);
        return new Result("virtual", accounts, liveThreads, 0, (heapAfter - heapBefore) / (double) accounts, pending,
                checksPerSecond, cpu / 1e6 / (wall / 1e9));
    }

    /** Runs {@code accounts} loops on the real scheduler for {@code wallSpan} of real time. */
    public static Result real(int accounts, Duration fallback, Duration wallSpan) throws InterruptedException {
        SchedulerSettings settings = new SchedulerSettings(2, 16, Duration.ofSeconds(10));
        LongAdder checks = new LongAdder();
        long heapBefore = usedHeapAfterGc();
        SchedulerRuntime runtime = new SchedulerRuntime(settings, Clock.systemUTC(), RandomSource.seeded(accounts));
        try {
            register(runtime.scheduler(), accounts, fallback, checks);
            long heapAfter = usedHeapAfterGc();
            // The first checks are spread over one fallback interval; measure after they started.
            await(fallback);
            long checksBefore = checks.sum();
            long cpuBefore = processCpuNanos();
            long wallBefore = System.nanoTime();
            await(wallSpan);
            long cpu = processCpuNanos() - cpuBefore;
            long wall = System.nanoTime() - wallBefore;
            long checked = checks.sum() - checksBefore;
            int pending = runtime.scheduler().status().pendingTimers();
            return new Result("real", accounts, THREADS.getThreadCount(), runtime.threadBudget().liveThreads(),
                    (heapAfter - heapBefore) / (double) accounts, pending, checked / (wall / 1e9),
                    cpu / 1e6 / (wall / 1e9));
        } finally {
            runtime.close();
        }
    }

    private static void register(CheckScheduler scheduler, int accounts, Duration fallback, LongAdder checks) {
        Schedule schedule = schedule(fallback);
        CompletableFuture<Object> done = CompletableFuture.completedFuture(null);
        for (int i = 0; i < accounts; i++) {
            scheduler.register("account-" + i, schedule, () -> {
                checks.increment();
                return done;
            });
        }
    }

    /** Waits {@code duration} of wall time without a thread sleep, on a latch that no code counts down. */
    private static void await(Duration duration) throws InterruptedException {
        new CountDownLatch(1).await(duration.toNanos(), TimeUnit.NANOSECONDS);
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return MEMORY.getHeapMemoryUsage().getUsed();
    }

    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime();
        }
        return 0;
    }
}
