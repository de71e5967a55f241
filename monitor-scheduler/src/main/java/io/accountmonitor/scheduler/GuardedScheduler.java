package io.accountmonitor.scheduler;

import io.accountmonitor.core.check.AsyncCheck;
import io.accountmonitor.core.check.CheckLoop;
import io.accountmonitor.core.check.CheckScheduler;
import io.accountmonitor.core.check.CheckStateMachine;
import io.accountmonitor.core.check.LoopCounters;
import io.accountmonitor.core.check.LoopState;
import io.accountmonitor.core.check.LoopStatus;
import io.accountmonitor.core.check.Outcome;
import io.accountmonitor.core.check.Schedule;
import io.accountmonitor.core.check.SchedulerStatus;
import io.accountmonitor.core.check.Transition;
import io.accountmonitor.core.spi.BrokerException;
import io.accountmonitor.core.spi.Cancellable;
import io.accountmonitor.core.spi.ErrorCategory;
import io.accountmonitor.core.spi.RandomSource;
import io.accountmonitor.core.spi.TimerService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one {@link CheckStateMachine} per registered loop with a {@link TimerService} and a worker
 * {@link Executor}. It owns no thread: {@link SchedulerRuntime} gives it real ones, and
 * {@link io.accountmonitor.scheduler.virtual.VirtualScheduler} gives it virtual time.
 *
 * <p>Each loop serialises its transitions with its own lock. A transition's timer action happens
 * under that lock, so the armed timer always matches the machine's armed generation. Checks start
 * and complete outside the lock, so a check that completes on the calling thread cannot deadlock
 * the loop. A timer that fires after being replaced finds a stale generation and changes nothing.
 */
public final class GuardedScheduler implements CheckScheduler {
    private static final Logger LOG = LoggerFactory.getLogger(GuardedScheduler.class);

    private final TimerService timer;
    private final Executor workers;
    private final Clock clock;
    private final RandomSource random;
    private final IntSupplier pendingTimers;
    private final IntSupplier liveThreads;
    private final int threadBudget;
    private final ConcurrentMap<String, Loop> loops = new ConcurrentHashMap<>();
    private final ConcurrentMap<Long, CompletableFuture<Void>> runningChecks = new ConcurrentHashMap<>();
    private final Object closedTotalsLock = new Object();
    private LoopCounters closedTotals = LoopCounters.ZERO;
    private volatile boolean closed;
    private long checkSequence;

    /**
     * @param pendingTimers reports the timer queue size for statistics
     * @param liveThreads reports the live thread count for statistics
     */
    public GuardedScheduler(TimerService timer, Executor workers, Clock clock, RandomSource random,
            IntSupplier pendingTimers, IntSupplier liveThreads, int threadBudget) {
        this.timer = Objects.requireNonNull(timer, "timer");
        this.workers = Objects.requireNonNull(workers, "workers");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.pendingTimers = Objects.requireNonNull(pendingTimers, "pendingTimers");
        this.liveThreads = Objects.requireNonNull(liveThreads, "liveThreads");
        this.threadBudget = threadBudget;
    }

    @Override
    public CheckLoop register(String name, Schedule schedule, AsyncCheck check) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(check, "check");
        if (closed) {
            throw new RejectedExecutionException("scheduler is closed; cannot register loop '" + name + "'");
        }
        Loop loop = new Loop(name, schedule, check);
        if (loops.putIfAbsent(name, loop) != null) {
            throw new IllegalArgumentException("a check loop named '" + name + "' is already registered; close it first");
        }
        if (closed) {
            loops.remove(name, loop);
            throw new RejectedExecutionException("scheduler is closed; cannot register loop '" + name + "'");
        }
        loop.start();
        return loop;
    }

    @Override
    public SchedulerStatus status() {
        List<LoopStatus> statuses = new ArrayList<>();
        LoopCounters totals;
        synchronized (closedTotalsLock) {
            totals = closedTotals;
        }
        for (Loop loop : loops.values()) {
            LoopStatus status = loop.status();
            statuses.add(status);
            totals = totals.plus(status.counters());
        }
        statuses.sort(Comparator.comparing(LoopStatus::name));
        return new SchedulerStatus(statuses, totals, pendingTimers.getAsInt(), liveThreads.getAsInt(), threadBudget);
    }

    /** Returns the open loop named {@code name}, or {@code null}. */
    public CheckLoop loop(String name) {
        return loops.get(name);
    }

    /** Returns the checks started and not yet completed, abandoned ones included. */
    public int runningChecks() {
        return runningChecks.size();
    }

    /** Closes every loop and rejects new registrations; does not wait. Idempotent. */
    @Override
    public void close() {
        closed = true;
        for (Loop loop : List.copyOf(loops.values())) {
            loop.close();
        }
    }

    /**
     * Waits until every started check has completed, or until {@code timeout} has passed.
     * Returns whether all completed.
     */
    public boolean awaitRunningChecks(Duration timeout) throws InterruptedException {
        CompletableFuture<?>[] pending = runningChecks.values().toArray(new CompletableFuture<?>[0]);
        try {
            CompletableFuture.allOf(pending).get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return true;
        }
    }

    private long now() {
        return timer.nanoTime();
    }

    private Instant wallTime(long nanos, long nowNanos) {
        return clock.instant().plusNanos(nanos - nowNanos);
    }

    private synchronized long nextCheckKey() {
        return ++checkSequence;
    }

    private final class Loop implements CheckLoop {
        private final String name;
        private final AsyncCheck check;
        private final CheckStateMachine machine;
        private final ReentrantLock lock = new ReentrantLock();
        private final long debounceNanos;

        /**
         * Whether every trigger arriving from now on would be coalesced into a check already pending
         * or owed: the loop is RUNNING and dirty, or SCHEDULED no later than now + debounce, or
         * waiting out a backoff. Written under the lock after each transition, read without it by
         * {@link #trigger}. A trigger that reads {@code true} is covered by a check that starts after
         * the read, because the state can only leave this condition through a transition that
         * starts or schedules that check.
         */
        private volatile boolean absorbing;
        /** Triggers coalesced without taking the lock. */
        private final LongAdder absorbedTriggers = new LongAdder();
        /** The stages of checks still running, by run id, so a timed-out one can be cancelled. */
        private final ConcurrentMap<Long, CompletionStage<?>> runningStages = new ConcurrentHashMap<>();

        // Guarded by lock.
        private Cancellable armedTimer;
        private long triggers;
        private long coalescedTriggers;
        private long staleTimerFires;
        private long checksStarted;
        private long checksSucceeded;
        private long checksFailed;
        private long checksDeferred;
        private long checksTimedOut;
        private long staleResults;
        private long lastCheckStarted = Long.MIN_VALUE;
        private long lastSuccess = Long.MIN_VALUE;
        private String lastError;
        private boolean countedAsClosed;

        Loop(String name, Schedule schedule, AsyncCheck check) {
            this.name = name;
            this.check = check;
            this.machine = new CheckStateMachine(schedule, random);
            this.debounceNanos = schedule.debounce().toNanos();
        }

        void start() {
            lock.lock();
            try {
                long now = now();
                apply(machine.start(now), now);
            } finally {
                lock.unlock();
            }
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void trigger(String reason) {
            if (absorbing) {
                absorbedTriggers.increment();
                return;
            }
            lock.lock();
            try {
                long now = now();
                apply(machine.trigger(now), now);
            } finally {
                lock.unlock();
            }
        }

        @Override
        public LoopStatus status() {
            lock.lock();
            try {
                long now = now();
                LoopState state = machine.state();
                Instant nextDue = state == LoopState.SCHEDULED ? wallTime(machine.due(), now) : null;
                return new LoopStatus(name, state, nextDue, machine.dirty(), machine.consecutiveFailures(), counters(),
                        lastCheckStarted == Long.MIN_VALUE ? null : wallTime(lastCheckStarted, now),
                        lastSuccess == Long.MIN_VALUE ? null : wallTime(lastSuccess, now), lastError);
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void close() {
            LoopCounters finalCounters = null;
            lock.lock();
            try {
                apply(machine.close(), now());
                if (!countedAsClosed) {
                    countedAsClosed = true;
                    finalCounters = counters();
                }
            } finally {
                lock.unlock();
            }
            if (finalCounters != null) {
                loops.remove(name, this);
                synchronized (closedTotalsLock) {
                    closedTotals = closedTotals.plus(finalCounters);
                }
            }
        }

        private void onTimer(long generation) {
            long runId;
            long abandoned = 0;
            lock.lock();
            try {
                long now = now();
                long running = machine.runningCheck();
                Transition transition = machine.timerFired(generation, now);
                apply(transition, now);
                runId = transition.startRunId();
                if (transition.outcome() == Outcome.CHECK_TIMED_OUT) {
                    abandoned = running;
                }
            } finally {
                lock.unlock();
            }
            if (abandoned != 0) {
                cancel(abandoned);
            }
            if (runId != 0) {
                dispatch(runId);
            }
        }

        /**
         * Cancels the stage of an abandoned check, so that the plugin can stop its work instead of
         * spending its budget on a result that will be discarded. Outside the lock: cancelling runs
         * the stage's completion handlers on this thread.
         */
        private void cancel(long runId) {
            CompletionStage<?> stage = runningStages.get(runId);
            if (stage == null) {
                return;
            }
            try {
                stage.toCompletableFuture().cancel(false);
            } catch (UnsupportedOperationException e) {
                LOG.debug("Check '{}' returned a stage that cannot be cancelled; it runs to its end", name);
            }
        }

        private void dispatch(long runId) {
            try {
                workers.execute(() -> runCheck(runId));
            } catch (RejectedExecutionException e) {
                completed(runId, e);
            }
        }

        private void runCheck(long runId) {
            long key = nextCheckKey();
            CompletableFuture<Void> done = new CompletableFuture<>();
            runningChecks.put(key, done);
            CompletionStage<?> stage;
            try {
                stage = check.run();
                if (stage == null) {
                    throw new IllegalStateException("check of loop '" + name + "' returned null instead of a stage");
                }
            } catch (Throwable error) {
                // Errors included: one broken check must not end the loop or kill a worker.
                finish(key, done);
                completed(runId, error);
                return;
            }
            runningStages.put(runId, stage);
            stage.whenComplete((value, error) -> {
                runningStages.remove(runId);
                finish(key, done);
                completed(runId, error);
            });
        }

        private void finish(long key, CompletableFuture<Void> done) {
            runningChecks.remove(key);
            done.complete(null);
        }

        private void completed(long runId, Throwable error) {
            lock.lock();
            try {
                long now = now();
                if (error == null) {
                    int failuresBefore = machine.consecutiveFailures();
                    Transition transition = machine.checkSucceeded(runId, now);
                    if (transition.outcome() == Outcome.CHECK_SUCCEEDED && failuresBefore > 0) {
                        LOG.info("Check '{}' succeeded again after {} failure(s)", name, failuresBefore);
                    }
                    apply(transition, now);
                } else {
                    Throwable cause = unwrap(error);
                    long retryAfter = cause instanceof BrokerException broker ? broker.retryAfter().toNanos() : 0;
                    if (isDeferral(cause)) {
                        Transition transition = machine.checkDeferred(runId, now, retryAfter);
                        if (transition.outcome() == Outcome.CHECK_DEFERRED) {
                            LOG.debug("Check '{}' deferred by {} ms: {}", name,
                                    TimeUnit.NANOSECONDS.toMillis(transition.armAt() - now), cause.getMessage());
                        }
                        apply(transition, now);
                        return;
                    }
                    Transition transition = machine.checkFailed(runId, now, retryAfter);
                    if (transition.outcome() == Outcome.CHECK_FAILED) {
                        lastError = describe(cause);
                        logFailure(cause, transition.armAt() - now);
                    }
                    apply(transition, now);
                }
            } finally {
                lock.unlock();
            }
        }

        /**
         * Logs the first failure of a streak at WARN (ERROR for a bug in the check) and later ones
         * at DEBUG, so an outage of many accounts does not flood the log. Recovery is logged too.
         */
        private void logFailure(Throwable cause, long retryInNanos) {
            int failures = machine.consecutiveFailures();
            long retryMillis = TimeUnit.NANOSECONDS.toMillis(retryInNanos);
            if (cause instanceof BrokerException broker) {
                if (failures == 1) {
                    LOG.warn("Check '{}' failed ({}): {}; retrying in {} ms with backoff", name, categoryAndCode(broker),
                            broker.getMessage(), retryMillis);
                } else {
                    LOG.debug("Check '{}' failed again ({} in a row, {}): {}; retrying in {} ms", name, failures,
                            broker.category(), broker.getMessage(), retryMillis);
                }
            } else if (failures == 1) {
                LOG.error("Check '{}' failed with an unexpected exception; retrying in {} ms with backoff", name,
                        retryMillis, cause);
            } else {
                LOG.debug("Check '{}' failed again ({} in a row): {}", name, failures, describe(cause));
            }
        }

        /** Carries out {@code transition}, which happened at {@code now}; caller holds the lock. */
        private void apply(Transition transition, long now) {
            count(transition, now);
            if ((transition.cancelTimer() || transition.armsTimer()) && armedTimer != null) {
                armedTimer.cancel();
                armedTimer = null;
            }
            if (transition.armsTimer()) {
                long generation = transition.timerGeneration();
                long delay = Math.max(0, transition.armAt() - now);
                try {
                    armedTimer = timer.schedule(Duration.ofNanos(delay), () -> onTimer(generation));
                } catch (RejectedExecutionException e) {
                    if (!closed) {
                        LOG.error("Timer rejected loop '{}' while the scheduler is open", name, e);
                    }
                }
            }
            absorbing = switch (machine.state()) {
                case SCHEDULED -> machine.due() - debounceNanos <= now || machine.notBefore() >= machine.due();
                case RUNNING -> machine.dirty();
                case IDLE, CLOSED -> false;
            };
        }

        private void count(Transition transition, long now) {
            switch (transition.outcome()) {
                case TRIGGER_SCHEDULED -> triggers++;
                case TRIGGER_COALESCED -> {
                    triggers++;
                    coalescedTriggers++;
                }
                case STALE_TIMER -> staleTimerFires++;
                case CHECK_STARTED -> {
                    checksStarted++;
                    lastCheckStarted = now;
                }
                case CHECK_SUCCEEDED -> {
                    checksSucceeded++;
                    lastSuccess = now;
                    lastError = null;
                }
                case CHECK_FAILED -> checksFailed++;
                case CHECK_DEFERRED -> checksDeferred++;
                case CHECK_TIMED_OUT -> {
                    checksTimedOut++;
                    lastError = "check timed out";
                    if (machine.consecutiveFailures() == 1) {
                        LOG.warn("Check '{}' timed out; its late result will be discarded", name);
                    } else {
                        LOG.debug("Check '{}' timed out again ({} failures in a row)", name,
                                machine.consecutiveFailures());
                    }
                }
                case STALE_RESULT -> staleResults++;
                case STARTED, TIMER_EARLY, CLOSED, IGNORED_AFTER_CLOSE -> {
                }
            }
        }

        private LoopCounters counters() {
            long absorbed = absorbedTriggers.sum();
            return new LoopCounters(triggers + absorbed, coalescedTriggers + absorbed, staleTimerFires, checksStarted, checksSucceeded,
                    checksFailed, checksDeferred, checksTimedOut, staleResults);
        }
    }

    /**
     * Returns whether {@code cause} defers the check rather than reporting a failure: the broker's
     * rate limit is busy and it named a time to retry.
     */
    private static boolean isDeferral(Throwable cause) {
        return cause instanceof BrokerException broker && broker.category() == ErrorCategory.RATE_LIMITED
                && !broker.retryAfter().isZero();
    }

    private static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static String categoryAndCode(BrokerException broker) {
        return broker.brokerCode().isEmpty() ? broker.category().toString()
                : broker.category() + " " + broker.brokerCode();
    }

    private static String describe(Throwable cause) {
        if (cause instanceof BrokerException broker) {
            return broker.category() + ": " + broker.getMessage();
        }
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
