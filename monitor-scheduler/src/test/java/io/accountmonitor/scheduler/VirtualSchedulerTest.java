package io.accountmonitor.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.accountmonitor.core.check.CheckLoop;
import io.accountmonitor.core.check.CheckScheduler;
import io.accountmonitor.core.check.LoopCounters;
import io.accountmonitor.core.check.LoopState;
import io.accountmonitor.core.check.LoopStatus;
import io.accountmonitor.core.check.Schedule;
import io.accountmonitor.core.check.ScheduleMode;
import io.accountmonitor.core.spi.BrokerException;
import io.accountmonitor.core.spi.ErrorCategory;
import io.accountmonitor.core.spi.RandomSource;
import io.accountmonitor.scheduler.virtual.VirtualScheduler;
import io.accountmonitor.scheduler.virtual.VirtualTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The guarded scheduler on virtual time: every invariant, deterministic, no threads. */
class VirtualSchedulerTest {
    private static final Schedule SCHEDULE = Schedule.defaults()
            .withFallbackInterval(Duration.ofMinutes(5))
            .withDebounce(Duration.ofSeconds(2))
            .withMinSpacing(Duration.ofSeconds(1))
            .withCheckTimeout(Duration.ofSeconds(30))
            .withBackoff(Duration.ofSeconds(1), Duration.ofMinutes(5));

    private final VirtualTime time = new VirtualTime();
    private final VirtualScheduler virtual = VirtualScheduler.direct(time, RandomSource.seeded(7));
    private final CheckScheduler scheduler = virtual.scheduler();

    @AfterEach
    void close() {
        virtual.close();
    }

    /** A check that records its starts and completes when the test completes its future. */
    static final class ControlledCheck {
        final List<Instant> starts = new ArrayList<>();
        final List<CompletableFuture<Object>> runs = new ArrayList<>();
        final AtomicInteger running = new AtomicInteger();
        int maxRunning;
        private final VirtualTime time;

        ControlledCheck(VirtualTime time) {
            this.time = time;
        }

        CompletableFuture<Object> run() {
            starts.add(time.now());
            maxRunning = Math.max(maxRunning, running.incrementAndGet());
            CompletableFuture<Object> run = new CompletableFuture<>();
            run.whenComplete((value, error) -> running.decrementAndGet());
            runs.add(run);
            return run;
        }

        CompletableFuture<Object> last() {
            return runs.get(runs.size() - 1);
        }
    }

    private void advanceSeconds(long seconds) {
        time.advance(Duration.ofSeconds(seconds));
    }

    @Test
    void fallbackChecksFollowCompletion() {
        List<Instant> starts = new ArrayList<>();
        scheduler.register("a", SCHEDULE, () -> {
            starts.add(time.now());
            return CompletableFuture.completedFuture("ok");
        });

        advanceSeconds(300);
        assertThat(starts).hasSize(1);
        advanceSeconds(600);

        assertThat(starts).hasSize(3);
        assertThat(Duration.between(starts.get(0), starts.get(1))).isEqualTo(Duration.ofMinutes(5));
        assertThat(Duration.between(starts.get(1), starts.get(2))).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void triggerRunsCheckAfterDebounce() {
        ControlledCheck check = new ControlledCheck(time);
        scheduler.register("a", SCHEDULE, check::run);
        time.advanceToNextTask();
        check.last().complete("ok");
        Instant completed = time.now();

        advanceSeconds(10);
        scheduler.status().loops().forEach(loop -> assertThat(loop.state()).isEqualTo(LoopState.SCHEDULED));
        CheckLoop loop = virtualLoop("a");
        loop.trigger("execution");
        advanceSeconds(2);

        assertThat(check.starts).hasSize(2);
        assertThat(check.starts.get(1)).isEqualTo(completed.plusSeconds(12));
    }

    @Test
    void triggersDuringCheckCoalesce() {
        ControlledCheck check = new ControlledCheck(time);
        CheckLoop loop = scheduler.register("a", SCHEDULE, check::run);
        time.advanceToNextTask();

        for (int i = 0; i < 1_000; i++) {
            loop.trigger("execution");
        }
        assertThat(check.starts).hasSize(1);
        check.last().complete("ok");
        advanceSeconds(2);
        check.last().complete("ok");
        advanceSeconds(200);

        assertThat(check.starts).hasSize(2);
        LoopCounters counters = loop.status().counters();
        assertThat(counters.triggers()).isEqualTo(1_000);
        assertThat(counters.coalescedTriggers()).isEqualTo(999);
        assertThat(check.maxRunning).isEqualTo(1);
    }

    @Test
    void runtimeExceptionBacksOff() {
        AtomicInteger calls = new AtomicInteger();
        CheckLoop loop = scheduler.register("a", SCHEDULE, () -> {
            if (calls.incrementAndGet() <= 3) {
                throw new IllegalStateException("broken check " + calls.get());
            }
            return CompletableFuture.completedFuture("ok");
        });

        time.advanceToNextTask();
        Instant firstFailure = time.now();
        advanceSeconds(1);
        advanceSeconds(2);
        advanceSeconds(4);

        LoopStatus status = loop.status();
        assertThat(calls.get()).isEqualTo(4);
        assertThat(status.counters().checksFailed()).isEqualTo(3);
        assertThat(status.counters().checksSucceeded()).isEqualTo(1);
        assertThat(status.consecutiveFailures()).isZero();
        assertThat(status.lastError()).isNull();
        assertThat(status.state()).isEqualTo(LoopState.SCHEDULED);
        assertThat(time.now()).isAfter(firstFailure);
    }

    @Test
    void errorBacksOff() {
        AtomicInteger calls = new AtomicInteger();
        CheckLoop loop = scheduler.register("a", SCHEDULE, () -> {
            if (calls.incrementAndGet() == 1) {
                throw new StackOverflowError("deep");
            }
            if (calls.get() == 2) {
                throw new AssertionError("broken");
            }
            return CompletableFuture.completedFuture("ok");
        });

        time.advanceToNextTask();
        LoopStatus afterError = loop.status();
        advanceSeconds(600);

        assertThat(afterError.lastError()).isEqualTo("StackOverflowError: deep");
        assertThat(afterError.state()).isEqualTo(LoopState.SCHEDULED);
        assertThat(loop.status().counters().checksSucceeded()).isPositive();
        assertThat(loop.status().counters().checksFailed()).isEqualTo(2);
    }

    @Test
    void everyCheckEndingReleasesAccount() {
        List<CompletableFuture<Object>> outcomes = new ArrayList<>();
        CompletableFuture<Object> failed = CompletableFuture.failedFuture(
                new BrokerException(ErrorCategory.UNAVAILABLE, "CH_SERVER_NOT_REACHABLE", "server down"));
        CompletableFuture<Object> cancelled = new CompletableFuture<>();
        cancelled.cancel(false);
        outcomes.add(failed);
        outcomes.add(cancelled);
        outcomes.add(CompletableFuture.completedFuture(null));
        AtomicInteger calls = new AtomicInteger();
        CheckLoop loop = scheduler.register("a", SCHEDULE, () -> outcomes.get(calls.getAndIncrement() % 3));

        time.advanceToNextTask();
        assertThat(loop.status().lastError()).isEqualTo("UNAVAILABLE: server down");
        time.advanceToNextTask();
        assertThat(loop.status().lastError()).startsWith("CancellationException");
        time.advanceToNextTask();

        assertThat(calls.get()).isEqualTo(3);
        assertThat(loop.status().counters().checksSucceeded()).isEqualTo(1);
        assertThat(loop.status().state()).isEqualTo(LoopState.SCHEDULED);
    }

    @Test
    void rejectedDispatchIsFailure() {
        VirtualTime rejectingTime = new VirtualTime();
        GuardedScheduler rejecting = new GuardedScheduler(rejectingTime, task -> {
            throw new RejectedExecutionException("workers are full");
        }, rejectingTime.clock(), RandomSource.seeded(1), rejectingTime::pendingTasks, () -> 0, 0);
        CheckLoop loop = rejecting.register("a", SCHEDULE, () -> CompletableFuture.completedFuture("ok"));

        rejectingTime.advanceToNextTask();

        assertThat(loop.status().counters().checksFailed()).isEqualTo(1);
        assertThat(loop.status().lastError()).contains("workers are full");
        assertThat(loop.status().state()).isEqualTo(LoopState.SCHEDULED);
        rejecting.close();
    }

    @Test
    void hungCheckTimesOut() {
        ControlledCheck check = new ControlledCheck(time);
        CheckLoop loop = scheduler.register("a", SCHEDULE, check::run);
        time.advanceToNextTask();
        CompletableFuture<Object> hung = check.last();

        loop.trigger("execution");
        advanceSeconds(29);
        assertThat(check.starts).hasSize(1);
        advanceSeconds(1);
        LoopStatus afterTimeout = loop.status();
        // The abandoned check is cancelled, so the check can stop its work.
        assertThat(hung).isCancelled();
        advanceSeconds(1);
        assertThat(hung.complete("late")).isFalse();

        assertThat(afterTimeout.counters().checksTimedOut()).isEqualTo(1);
        assertThat(afterTimeout.lastError()).isEqualTo("check timed out");
        assertThat(afterTimeout.state()).isEqualTo(LoopState.SCHEDULED);
        assertThat(check.starts).hasSize(2);
        assertThat(Duration.between(check.starts.get(0), check.starts.get(1))).isEqualTo(Duration.ofSeconds(31));
        assertThat(loop.status().counters().staleResults()).isEqualTo(1);
        assertThat(loop.status().counters().checksSucceeded()).isZero();
        assertThat(loop.status().state()).isEqualTo(LoopState.RUNNING);
    }

    @Test
    void longPauseCoalescesFallbacks() {
        List<Instant> starts = new ArrayList<>();
        scheduler.register("a", SCHEDULE, () -> {
            starts.add(time.now());
            return CompletableFuture.completedFuture("ok");
        });
        time.advanceToNextTask();
        CheckLoop loop = virtualLoop("a");
        // A suspended laptop: the timer thread does not run for a day, then time jumps.
        VirtualTime suspended = time;
        long startsBefore = starts.size();

        suspended.advance(Duration.ofDays(1));

        assertThat(starts.size() - startsBefore).isEqualTo(24 * 12);
        assertThat(loop.status().state()).isEqualTo(LoopState.SCHEDULED);
    }

    @Test
    void periodicPauseRunsOneCheck() {
        Schedule periodic = SCHEDULE.withMode(ScheduleMode.PERIODIC).withPeriodicInterval(Duration.ofSeconds(60));
        ControlledCheck check = new ControlledCheck(time);
        CheckLoop loop = scheduler.register("a", periodic, check::run);
        time.advanceToNextTask();

        // The check hangs past many periods, then the process resumes.
        time.advance(Duration.ofSeconds(25));
        check.last().complete("ok");
        int startsAfterFirst = check.starts.size();
        time.advance(Duration.ofSeconds(1));

        assertThat(check.starts).hasSize(startsAfterFirst);
        assertThat(loop.status().nextDue()).isAfter(time.now());
        time.advance(Duration.ofSeconds(60));
        assertThat(check.starts).hasSize(startsAfterFirst + 1);
    }

    @Test
    void thousandLoopsSpreadFirstChecks() {
        List<Instant> firstStarts = new ArrayList<>();
        Instant origin = time.now();
        for (int i = 0; i < 1_000; i++) {
            int account = i;
            boolean[] seen = {false};
            scheduler.register("account-" + account, SCHEDULE, () -> {
                if (!seen[0]) {
                    seen[0] = true;
                    firstStarts.add(time.now());
                }
                return CompletableFuture.completedFuture("ok");
            });
        }

        time.advance(Duration.ofMinutes(5));

        assertThat(firstStarts).hasSize(1_000);
        int[] perMinute = new int[5];
        int[] perSecond = new int[300];
        for (Instant start : firstStarts) {
            long offset = Duration.between(origin, start).toSeconds();
            perMinute[(int) (offset / 60)]++;
            perSecond[(int) offset]++;
        }
        for (int count : perMinute) {
            assertThat(count).isBetween(140, 260);
        }
        assertThat(java.util.Arrays.stream(perSecond).max().orElseThrow()).isLessThanOrEqualTo(15);
    }

    @Test
    void oneTimerPerLoop() {
        for (int i = 0; i < 100; i++) {
            scheduler.register("account-" + i, SCHEDULE, () -> CompletableFuture.completedFuture("ok"));
        }
        CheckLoop loop = virtualLoop("account-0");

        int maxPending = 0;
        for (int i = 0; i < 100_000; i++) {
            loop.trigger("execution");
            time.advance(Duration.ofMillis(i % 3));
            maxPending = Math.max(maxPending, time.pendingTasks());
        }

        assertThat(maxPending).isEqualTo(100);
        assertThat(scheduler.status().pendingTimers()).isEqualTo(100);
    }

    @Test
    void staleTimerFiresAreCounted() {
        VirtualTime lazyCancel = new VirtualTime();
        // A timer whose cancel does nothing, like a task that already left the queue when cancelled.
        io.accountmonitor.core.spi.TimerService leaky = new io.accountmonitor.core.spi.TimerService() {
            @Override
            public long nanoTime() {
                return lazyCancel.nanoTime();
            }

            @Override
            public io.accountmonitor.core.spi.Cancellable schedule(Duration delay, Runnable task) {
                lazyCancel.schedule(delay, task);
                return () -> { };
            }
        };
        GuardedScheduler guarded = new GuardedScheduler(leaky, Runnable::run, lazyCancel.clock(), RandomSource.seeded(3),
                lazyCancel::pendingTasks, () -> 0, 0);
        AtomicInteger checks = new AtomicInteger();
        CheckLoop loop = guarded.register("a", SCHEDULE, () -> {
            checks.incrementAndGet();
            return CompletableFuture.completedFuture("ok");
        });

        loop.trigger("execution");
        loop.trigger("deposit");
        lazyCancel.advance(Duration.ofMinutes(5));

        // Two replaced timers fire anyway: the start timer and the timeout of the check that succeeded.
        assertThat(checks.get()).isEqualTo(1);
        assertThat(loop.status().counters().staleTimerFires()).isEqualTo(2);
        guarded.close();
    }

    @Test
    void duplicateRegistrationRejected() {
        CheckLoop first = scheduler.register("a", SCHEDULE, () -> CompletableFuture.completedFuture("ok"));

        assertThatThrownBy(() -> scheduler.register("a", SCHEDULE, () -> CompletableFuture.completedFuture("ok")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'a' is already registered");
        first.close();
        CheckLoop second = scheduler.register("a", SCHEDULE, () -> CompletableFuture.completedFuture("ok"));

        assertThat(second).isNotSameAs(first);
        assertThat(time.pendingTasks()).isEqualTo(1);
    }

    @Test
    void closedLoopStopsForGood() {
        ControlledCheck check = new ControlledCheck(time);
        CheckLoop loop = scheduler.register("a", SCHEDULE, check::run);
        time.advanceToNextTask();

        loop.close();
        loop.trigger("execution");
        check.last().complete("late");
        loop.close();
        time.advance(Duration.ofDays(1));

        assertThat(check.starts).hasSize(1);
        assertThat(time.pendingTasks()).isZero();
        assertThat(scheduler.status().loops()).isEmpty();
        assertThat(scheduler.status().totals().checksStarted()).isEqualTo(1);
        assertThat(scheduler.status().totals().checksSucceeded()).isZero();
    }

    @Test
    void closedSchedulerStartsNothing() {
        AtomicInteger checks = new AtomicInteger();
        scheduler.register("a", SCHEDULE, () -> {
            checks.incrementAndGet();
            return CompletableFuture.completedFuture("ok");
        });

        scheduler.close();
        scheduler.close();
        time.advance(Duration.ofDays(1));

        assertThat(checks.get()).isZero();
        assertThatThrownBy(() -> scheduler.register("b", SCHEDULE, () -> CompletableFuture.completedFuture("ok")))
                .isInstanceOf(RejectedExecutionException.class);
    }

    @Test
    void statusShowsNextDue() {
        scheduler.register("a", SCHEDULE, () -> CompletableFuture.completedFuture("ok"));
        CheckLoop loop = virtualLoop("a");

        loop.trigger("execution");

        assertThat(loop.status().nextDue()).isEqualTo(time.now().plusSeconds(2));
        assertThat(loop.status().state()).isEqualTo(LoopState.SCHEDULED);
    }

    @Test
    void queuedModeWaitsForDrain() {
        VirtualTime queuedTime = new VirtualTime();
        VirtualScheduler queued = VirtualScheduler.queued(queuedTime, RandomSource.seeded(5));
        AtomicInteger checks = new AtomicInteger();
        CheckLoop loop = queued.scheduler().register("a", SCHEDULE, () -> {
            checks.incrementAndGet();
            return CompletableFuture.completedFuture("ok");
        });
        queuedTime.advanceToNextTask();

        assertThat(checks.get()).isZero();
        assertThat(queued.queuedChecks()).isEqualTo(1);
        assertThat(loop.status().state()).isEqualTo(LoopState.RUNNING);
        assertThat(queued.runQueuedChecks()).isEqualTo(1);
        assertThat(checks.get()).isEqualTo(1);
        queued.close();
    }

    private CheckLoop virtualLoop(String name) {
        return ((GuardedScheduler) scheduler).loop(name);
    }
}
