package io.accountmonitor.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.accountmonitor.core.check.CheckLoop;
import io.accountmonitor.core.check.CheckScheduler;
import io.accountmonitor.core.check.Schedule;
import io.accountmonitor.core.check.SchedulerStatus;
import io.accountmonitor.core.spi.BrokerException;
import io.accountmonitor.core.spi.ErrorCategory;
import io.accountmonitor.core.spi.RandomSource;
import io.accountmonitor.core.spi.ThreadBudgetExceededException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The guarded scheduler with real threads under load. Bounded in count and in time: every wait
 * has a timeout, and nothing sleeps.
 */
class RealThreadSchedulerTest {
    private static final int LOOPS = 1_000;
    private static final int TRIGGER_THREADS = 8;
    private static final int TOTAL_TRIGGERS = 1_000_000;

    /** Triggers decide every check: a 1 ms debounce and a fallback that never comes during the test. */
    private static final Schedule SCHEDULE = Schedule.defaults()
            .withFallbackInterval(Duration.ofHours(1))
            .withDebounce(Duration.ofMillis(1))
            .withMinSpacing(Duration.ofMillis(1))
            .withCheckTimeout(Duration.ofSeconds(20))
            .withBackoff(Duration.ofMillis(1), Duration.ofMillis(20));

    /** Instrumented check of one loop: counts overlaps and records the newest start time. */
    static final class InstrumentedCheck {
        final AtomicInteger running = new AtomicInteger();
        final AtomicLong newestStart = new AtomicLong(Long.MIN_VALUE);
        final AtomicInteger starts = new AtomicInteger();
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void millionTriggersKeepInvariants() throws Exception {
        SchedulerSettings settings = new SchedulerSettings(2, 16, Duration.ofSeconds(10));
        SchedulerRuntime runtime = new SchedulerRuntime(settings, Clock.systemUTC(), RandomSource.seeded(11));
        CheckScheduler scheduler = runtime.scheduler();
        ThreadBudget budget = runtime.threadBudget();

        InstrumentedCheck[] checks = new InstrumentedCheck[LOOPS];
        AtomicLongArray lastTrigger = new AtomicLongArray(LOOPS);
        AtomicInteger overlaps = new AtomicInteger();
        AtomicBoolean finalized = new AtomicBoolean();
        CountDownLatch allFollowedByCheck = new CountDownLatch(LOOPS);
        AtomicBoolean[] counted = new AtomicBoolean[LOOPS];
        CheckLoop[] loops = new CheckLoop[LOOPS];
        for (int i = 0; i < LOOPS; i++) {
            int account = i;
            checks[i] = new InstrumentedCheck();
            counted[i] = new AtomicBoolean();
            lastTrigger.set(i, Long.MIN_VALUE);
            SplittableRandom random = new SplittableRandom(i);
            loops[i] = scheduler.register("account-" + i, SCHEDULE, () -> {
                InstrumentedCheck check = checks[account];
                long start = System.nanoTime();
                check.starts.incrementAndGet();
                if (check.running.incrementAndGet() > 1) {
                    overlaps.incrementAndGet();
                }
                check.newestStart.accumulateAndGet(start, Math::max);
                if (finalized.get() && start > lastTrigger.get(account) && counted[account].compareAndSet(false, true)) {
                    allFollowedByCheck.countDown();
                }
                CompletableFuture<Object> result = new CompletableFuture<>();
                long delayMicros;
                boolean fail;
                synchronized (random) {
                    delayMicros = random.nextLong(2_000);
                    fail = random.nextInt(10) == 0;
                }
                runtime.timer().schedule(Duration.ofNanos(delayMicros * 1_000), () -> {
                    check.running.decrementAndGet();
                    if (fail) {
                        result.completeExceptionally(new BrokerException(ErrorCategory.UNAVAILABLE, "", "injected"));
                    } else {
                        result.complete("ok");
                    }
                });
                return result;
            });
        }

        AtomicInteger maxPendingTimers = new AtomicInteger();
        AtomicInteger maxLiveThreads = new AtomicInteger();
        CyclicBarrier startTogether = new CyclicBarrier(TRIGGER_THREADS);
        List<Thread> triggerThreads = new ArrayList<>();
        for (int t = 0; t < TRIGGER_THREADS; t++) {
            int seed = t;
            Thread thread = new Thread(() -> {
                SplittableRandom random = new SplittableRandom(1_000 + seed);
                try {
                    startTogether.await(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                for (int i = 0; i < TOTAL_TRIGGERS / TRIGGER_THREADS; i++) {
                    int account = random.nextInt(LOOPS);
                    lastTrigger.accumulateAndGet(account, System.nanoTime(), Math::max);
                    loops[account].trigger("execution");
                    if (i % 1_000 == 0) {
                        maxPendingTimers.accumulateAndGet(runtime.timer() instanceof ScheduledTimerService timer
                                ? timer.pendingTasks() : 0, Math::max);
                        maxLiveThreads.accumulateAndGet(budget.liveThreads(), Math::max);
                    }
                }
            }, "test-trigger-" + t);
            triggerThreads.add(thread);
            thread.start();
        }
        for (Thread thread : triggerThreads) {
            thread.join(TimeUnit.SECONDS.toMillis(120));
            assertThat(thread.isAlive()).as("trigger thread %s finished", thread.getName()).isFalse();
        }

        finalized.set(true);
        for (int i = 0; i < LOOPS; i++) {
            if (checks[i].newestStart.get() > lastTrigger.get(i) && counted[i].compareAndSet(false, true)) {
                allFollowedByCheck.countDown();
            }
        }
        boolean everyTriggerFollowed = allFollowedByCheck.await(60, TimeUnit.SECONDS);
        SchedulerStatus status = scheduler.status();
        runtime.close();

        assertThat(everyTriggerFollowed).as("each loop started a check after its last trigger").isTrue();
        assertThat(overlaps.get()).as("checks of one loop running at once").isZero();
        assertThat(status.totals().triggers()).isEqualTo(TOTAL_TRIGGERS);
        assertThat(status.totals().coalescedTriggers()).isPositive();
        assertThat(status.totals().checksStarted()).isGreaterThanOrEqualTo(LOOPS);
        assertThat(status.totals().checksFailed()).isPositive();
        // Each loop has one timer: its due time or its check's timeout. The simulated check
        // delays add at most one completion timer per running check.
        assertThat(maxPendingTimers.get()).isLessThanOrEqualTo(2 * LOOPS + 8);
        assertThat(maxLiveThreads.get()).isLessThanOrEqualTo(settings.workerThreads() + 1);
        assertThat(budget.liveThreads()).isZero();
        assertThat(liveMonitorThreads()).isEmpty();
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void concurrentRegisterAndClose() throws Exception {
        SchedulerRuntime runtime = new SchedulerRuntime(new SchedulerSettings(2, 8, Duration.ofSeconds(5)),
                Clock.systemUTC(), RandomSource.seeded(3));
        CheckScheduler scheduler = runtime.scheduler();
        Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger duplicates = new AtomicInteger();
        AtomicInteger registered = new AtomicInteger();
        int threads = 6;
        CyclicBarrier startTogether = new CyclicBarrier(threads);
        List<Future<?>> work = new ArrayList<>();
        ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        Schedule fast = SCHEDULE.withFallbackInterval(Duration.ofMillis(2));
        for (int t = 0; t < threads; t++) {
            int seed = t;
            work.add(pool.submit(() -> {
                SplittableRandom random = new SplittableRandom(seed);
                startTogether.await(30, TimeUnit.SECONDS);
                for (int i = 0; i < 2_000; i++) {
                    String name = "account-" + random.nextInt(50);
                    try {
                        CheckLoop loop = scheduler.register(name, fast, () -> {
                            AtomicInteger count = running.computeIfAbsent(name, key -> new AtomicInteger());
                            if (count.incrementAndGet() > 1) {
                                overlaps.incrementAndGet();
                            }
                            count.decrementAndGet();
                            return CompletableFuture.completedFuture("ok");
                        });
                        registered.incrementAndGet();
                        loop.trigger("test");
                        if (random.nextBoolean()) {
                            loop.close();
                        }
                    } catch (IllegalArgumentException e) {
                        duplicates.incrementAndGet();
                        CheckLoop existing = ((GuardedScheduler) scheduler).loop(name);
                        if (existing != null) {
                            existing.close();
                            existing.close();
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> future : work) {
            future.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        SchedulerStatus status = scheduler.status();
        runtime.close();

        assertThat(registered.get() + duplicates.get()).isEqualTo(threads * 2_000);
        assertThat(status.loops().size()).isLessThanOrEqualTo(50);
        assertThat(status.pendingTimers()).isLessThanOrEqualTo(50 + 8);
        assertThat(overlaps.get()).isZero();
        assertThat(liveMonitorThreads()).isEmpty();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void closeLeavesNoThreadOrCheck() throws Exception {
        SchedulerRuntime runtime = new SchedulerRuntime(new SchedulerSettings(3, 10, Duration.ofSeconds(5)),
                Clock.systemUTC(), RandomSource.seeded(5));
        AtomicInteger startsAfterClose = new AtomicInteger();
        AtomicBoolean closed = new AtomicBoolean();
        CountDownLatch firstChecks = new CountDownLatch(20);
        ExecutorService io = runtime.ioThreads().newExecutor("test-reader", 2);
        io.submit(() -> "reader");
        Schedule quick = SCHEDULE.withFallbackInterval(Duration.ofMillis(1));
        for (int i = 0; i < 20; i++) {
            CheckLoop loop = runtime.scheduler().register("account-" + i, quick, () -> {
                if (closed.get()) {
                    startsAfterClose.incrementAndGet();
                }
                firstChecks.countDown();
                return CompletableFuture.completedFuture("ok");
            });
            loop.trigger("start");
        }
        assertThat(firstChecks.await(30, TimeUnit.SECONDS)).isTrue();

        runtime.close();
        closed.set(true);
        runtime.close();

        assertThat(startsAfterClose.get()).isZero();
        assertThat(runtime.threadBudget().liveThreads()).isZero();
        assertThat(io.isTerminated()).as("I/O executor left open by its owner is closed").isTrue();
        assertThat(liveMonitorThreads()).isEmpty();
        assertThatThrownBy(() -> runtime.scheduler().register("late", SCHEDULE, () -> CompletableFuture.completedFuture("ok")))
                .isInstanceOf(RejectedExecutionException.class);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void closeBoundsWaitForHungCheck() throws Exception {
        SchedulerRuntime runtime = new SchedulerRuntime(new SchedulerSettings(1, 4, Duration.ofMillis(200)),
                Clock.systemUTC(), RandomSource.seeded(5));
        CountDownLatch started = new CountDownLatch(1);
        CheckLoop loop = runtime.scheduler().register("hung", SCHEDULE, () -> {
            started.countDown();
            return new CompletableFuture<>();
        });
        loop.trigger("start");
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();

        long before = System.nanoTime();
        runtime.close();
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before);

        assertThat(tookMillis).isLessThan(10_000);
        assertThat(liveMonitorThreads()).isEmpty();
    }

    @Test
    void ioExecutorBeyondBudgetFails() throws Exception {
        SchedulerRuntime runtime = new SchedulerRuntime(new SchedulerSettings(2, 5, Duration.ofSeconds(5)),
                Clock.systemUTC(), RandomSource.seeded(5));
        ExecutorService first = runtime.ioThreads().newExecutor("ctrader-main", 2);

        assertThatThrownBy(() -> runtime.ioThreads().newExecutor("appdaemon", 1))
                .isInstanceOf(ThreadBudgetExceededException.class)
                .hasMessage("cannot create 1 thread(s) for 'io-appdaemon': 5 of the budget of 5 are in use;"
                        + " raise scheduler.threadBudget or reduce the threads needed");
        first.shutdown();
        assertThat(first.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        ExecutorService second = runtime.ioThreads().newExecutor("appdaemon", 1);
        Future<String> name = second.submit(() -> Thread.currentThread().getName());

        assertThat(name.get(10, TimeUnit.SECONDS)).isEqualTo("monitor-io-appdaemon");
        second.shutdown();
        runtime.close();
        assertThat(liveMonitorThreads()).isEmpty();
    }

    @Test
    void threadsAreNamedDaemons() throws Exception {
        ThreadBudget budget = new ThreadBudget(4);
        Thread thread = budget.reserve("reader", 2).newThread(() -> { });

        assertThat(thread.getName()).isEqualTo("monitor-reader-1");
        assertThat(thread.isDaemon()).isTrue();
        assertThat(thread.getUncaughtExceptionHandler()).isNotInstanceOf(ThreadGroup.class);
        assertThat(budget.reserve("other", 2).newThread(() -> { }).getName()).isEqualTo("monitor-other-1");
    }

    @Test
    void factoryKeepsToReservation() {
        ThreadBudget budget = new ThreadBudget(4);
        java.util.concurrent.ThreadFactory factory = budget.reserve("reader", 1);

        Thread first = factory.newThread(() -> { });
        Thread second = factory.newThread(() -> { });

        assertThat(first).isNotNull();
        assertThat(second).isNull();
    }

    @Test
    void settingsRejectTooSmallBudget() {
        assertThatThrownBy(() -> new SchedulerSettings(4, 4, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("threadBudget is 4; it must be at least workerThreads + 1 (5) for the timer thread");
    }

    static List<String> liveMonitorThreads() throws InterruptedException {
        List<String> alive = new ArrayList<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith("monitor-") && thread.isAlive()) {
                thread.join(5_000);
                if (thread.isAlive()) {
                    alive.add(thread.getName());
                }
            }
        }
        return alive;
    }
}
