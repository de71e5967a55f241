package io.accountmonitor.core.check;

import io.accountmonitor.core.spi.BrokerException;
import io.accountmonitor.core.spi.RandomSource;
import java.time.Duration;
import java.util.Objects;

/**
 * The check loop of one account as a pure state machine: no threads, no clock reads, no locks.
 * Time is an argument in monotonic nanoseconds; randomness comes from the injected source. The
 * driver (the scheduler module) serialises calls per instance and carries out the returned
 * {@link Transition}.
 *
 * <p>Transitions, with {@code now} the event time:
 * <pre>
 * start          IDLE        -&gt; SCHEDULED(now + random phase in [0, phase window))  arm timer
 * trigger        IDLE        -&gt; IDLE, remembered: start then arms min(phase, now + debounce)
 * trigger        SCHEDULED   -&gt; SCHEDULED(min(due, max(now + debounce, notBefore)))   re-arm only if earlier
 * trigger        RUNNING     -&gt; RUNNING(dirty)
 * timer(gen g)   SCHEDULED g -&gt; RUNNING(clean)                                       start check, arm timeout
 * timer(gen g)   RUNNING g   -&gt; SCHEDULED(now + backoff), notBefore = due            timeout: abandon check
 * timer(stale)   any         -&gt; unchanged                                            counted
 * success(run r) RUNNING r   -&gt; SCHEDULED(dirty ? now + max(debounce, minSpacing) : fallback or next slot,
 *                                         never sooner than now + minSpacing)
 * failure(run r) RUNNING r   -&gt; SCHEDULED(now + max(backoff, retryAfter)), notBefore = due
 * deferral(run r) RUNNING r  -&gt; SCHEDULED(now + max(delay, minSpacing)), notBefore = due, failures unchanged
 * result(stale)  any         -&gt; unchanged                                            counted, discarded
 * close          any         -&gt; CLOSED                                               cancel timer
 * anything       CLOSED      -&gt; CLOSED                                               counted
 * </pre>
 * After a success, {@code notBefore} is {@code now + minSpacing}, so a trigger cannot start the next
 * check sooner. Every arm draws a new timer generation, and only a timer whose generation matches
 * the armed one acts, so a timer that fires after it was replaced changes nothing.
 *
 * <p>Backoff after the n-th consecutive failure is uniform between {@code backoffInitial} and
 * {@code min(backoffMax, backoffInitial * 2^(n-1))}: full jitter above a floor, so failures never
 * retry in a tight loop. A success resets n. A broker's retry delay counts up to
 * {@link BrokerException#MAX_RETRY_AFTER}; a longer one is cut to that.
 *
 * <p>Not thread-safe.
 */
public final class CheckStateMachine {
    private static final long MAX_RETRY_NANOS = BrokerException.MAX_RETRY_AFTER.toNanos();

    private final Schedule schedule;
    private final RandomSource random;

    private LoopState state = LoopState.IDLE;
    private long due;
    private long notBefore;
    private long periodAnchor;
    private boolean dirty;
    private boolean triggeredBeforeStart;
    private long armedGeneration;
    private long lastGeneration;
    private long runId;
    private long lastRunId;
    private int consecutiveFailures;

    public CheckStateMachine(Schedule schedule, RandomSource random) {
        this.schedule = Objects.requireNonNull(schedule, "schedule");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** Starts the loop: arms the first timer at a random phase within the phase window. */
    public Transition start(long now) {
        if (state == LoopState.CLOSED) {
            return Transition.none(Outcome.IGNORED_AFTER_CLOSE, state);
        }
        if (state != LoopState.IDLE) {
            throw new IllegalStateException("cannot start a check loop in state " + state + "; start it once");
        }
        long phase = random.nextLong(nanos(schedule.phaseWindow()));
        periodAnchor = now + phase;
        due = periodAnchor;
        if (triggeredBeforeStart) {
            due = Math.min(due, now + nanos(schedule.debounce()));
        }
        notBefore = now;
        return moveToScheduled(Outcome.STARTED, LoopState.IDLE);
    }

    /** Records that the account may have changed: the next check comes after {@code debounce} at the latest. */
    public Transition trigger(long now) {
        switch (state) {
            case IDLE -> {
                Outcome outcome = triggeredBeforeStart ? Outcome.TRIGGER_COALESCED : Outcome.TRIGGER_SCHEDULED;
                triggeredBeforeStart = true;
                return Transition.none(outcome, state);
            }
            case SCHEDULED -> {
                long candidate = Math.max(now + nanos(schedule.debounce()), notBefore);
                if (candidate >= due) {
                    return Transition.none(Outcome.TRIGGER_COALESCED, state);
                }
                due = candidate;
                return moveToScheduled(Outcome.TRIGGER_SCHEDULED, LoopState.SCHEDULED);
            }
            case RUNNING -> {
                Outcome outcome = dirty ? Outcome.TRIGGER_COALESCED : Outcome.TRIGGER_SCHEDULED;
                dirty = true;
                return Transition.none(outcome, state);
            }
            case CLOSED -> {
                return Transition.none(Outcome.IGNORED_AFTER_CLOSE, state);
            }
        }
        throw new AssertionError(state);
    }

    /** Handles the firing of the timer armed with {@code generation}. */
    public Transition timerFired(long generation, long now) {
        if (state == LoopState.CLOSED) {
            return Transition.none(Outcome.IGNORED_AFTER_CLOSE, state);
        }
        if (generation == 0 || generation != armedGeneration) {
            return Transition.none(Outcome.STALE_TIMER, state);
        }
        switch (state) {
            case SCHEDULED -> {
                if (now < due) {
                    return moveToScheduled(Outcome.TIMER_EARLY, LoopState.SCHEDULED);
                }
                state = LoopState.RUNNING;
                dirty = false;
                runId = ++lastRunId;
                armedGeneration = ++lastGeneration;
                long deadline = now + nanos(schedule.checkTimeout());
                return new Transition(Outcome.CHECK_STARTED, LoopState.SCHEDULED, LoopState.RUNNING, false, deadline,
                        armedGeneration, runId);
            }
            case RUNNING -> {
                runId = 0;
                return backOff(Outcome.CHECK_TIMED_OUT, now, 0);
            }
            case IDLE, CLOSED -> {
                return Transition.none(Outcome.STALE_TIMER, state);
            }
        }
        throw new AssertionError(state);
    }

    /** Handles the successful completion of check {@code completedRunId}. */
    public Transition checkSucceeded(long completedRunId, long now) {
        if (state == LoopState.CLOSED) {
            return Transition.none(Outcome.IGNORED_AFTER_CLOSE, state);
        }
        if (state != LoopState.RUNNING || completedRunId == 0 || completedRunId != runId) {
            return Transition.none(Outcome.STALE_RESULT, state);
        }
        runId = 0;
        consecutiveFailures = 0;
        notBefore = now + nanos(schedule.minSpacing());
        long followUp = now + Math.max(nanos(schedule.debounce()), nanos(schedule.minSpacing()));
        if (schedule.mode() == ScheduleMode.PERIODIC) {
            long slot = nextSlotAtOrAfter(notBefore);
            due = dirty ? Math.min(followUp, slot) : slot;
        } else {
            due = dirty ? followUp : now + Math.max(nanos(schedule.fallbackInterval()), nanos(schedule.minSpacing()));
        }
        dirty = false;
        return moveToScheduled(Outcome.CHECK_SUCCEEDED, LoopState.RUNNING);
    }

    /**
     * Handles the failure of check {@code completedRunId}; {@code retryAfterNanos} is the earliest
     * retry the broker announced, or 0.
     */
    public Transition checkFailed(long completedRunId, long now, long retryAfterNanos) {
        if (state == LoopState.CLOSED) {
            return Transition.none(Outcome.IGNORED_AFTER_CLOSE, state);
        }
        if (state != LoopState.RUNNING || completedRunId == 0 || completedRunId != runId) {
            return Transition.none(Outcome.STALE_RESULT, state);
        }
        runId = 0;
        return backOff(Outcome.CHECK_FAILED, now, retryAfterNanos);
    }

    /**
     * Handles check {@code completedRunId} ending without a result because the broker plugin asked
     * to run it again after {@code delayNanos}, for example while its rate limit is busy. Unlike a
     * failure it does not grow the backoff: the loop simply waits.
     */
    public Transition checkDeferred(long completedRunId, long now, long delayNanos) {
        if (state == LoopState.CLOSED) {
            return Transition.none(Outcome.IGNORED_AFTER_CLOSE, state);
        }
        if (state != LoopState.RUNNING || completedRunId == 0 || completedRunId != runId) {
            return Transition.none(Outcome.STALE_RESULT, state);
        }
        runId = 0;
        dirty = false;
        due = now + Math.max(clampRetry(delayNanos), nanos(schedule.minSpacing()));
        notBefore = due;
        return moveToScheduled(Outcome.CHECK_DEFERRED, LoopState.RUNNING);
    }

    /** Closes the loop for good; a running check may finish, but its result is discarded. */
    public Transition close() {
        if (state == LoopState.CLOSED) {
            return Transition.none(Outcome.IGNORED_AFTER_CLOSE, state);
        }
        LoopState from = state;
        boolean timerArmed = armedGeneration != 0;
        state = LoopState.CLOSED;
        armedGeneration = 0;
        runId = 0;
        dirty = false;
        return new Transition(Outcome.CLOSED, from, LoopState.CLOSED, timerArmed, Transition.NO_TIMER, 0, 0);
    }

    public LoopState state() {
        return state;
    }

    /** Returns when the next check is due, in monotonic nanoseconds; meaningful only when SCHEDULED. */
    public long due() {
        return due;
    }

    /** Returns the earliest time a trigger may move the next check to; meaningful only when SCHEDULED. */
    public long notBefore() {
        return notBefore;
    }

    /** Returns whether a trigger arrived while the current check runs. */
    public boolean dirty() {
        return dirty;
    }

    /** Returns the id of the running check, or 0 when none runs. */
    public long runningCheck() {
        return runId;
    }

    /** Returns the generation of the armed timer, or 0 when none is armed. */
    public long armedGeneration() {
        return armedGeneration;
    }

    public int consecutiveFailures() {
        return consecutiveFailures;
    }

    /** Returns the backoff delay in nanoseconds after {@code failures} consecutive failures. */
    long backoffNanos(int failures) {
        long initial = nanos(schedule.backoffInitial());
        long max = nanos(schedule.backoffMax());
        int shift = Math.min(Math.max(failures - 1, 0), 62);
        long ceiling = initial > (max >> shift) ? max : Math.min(max, initial << shift);
        return initial + random.nextLong(ceiling - initial + 1);
    }

    private Transition backOff(Outcome outcome, long now, long retryAfterNanos) {
        LoopState from = state;
        consecutiveFailures = saturatedIncrement(consecutiveFailures);
        long delay = Math.max(backoffNanos(consecutiveFailures), clampRetry(retryAfterNanos));
        due = now + delay;
        notBefore = due;
        dirty = false;
        return moveToScheduled(outcome, from);
    }

    private Transition moveToScheduled(Outcome outcome, LoopState from) {
        state = LoopState.SCHEDULED;
        armedGeneration = ++lastGeneration;
        return new Transition(outcome, from, LoopState.SCHEDULED, false, due, armedGeneration, 0);
    }

    private long nextSlotAtOrAfter(long time) {
        if (periodAnchor >= time) {
            return periodAnchor;
        }
        long interval = nanos(schedule.periodicInterval());
        long periods = (time - periodAnchor + interval - 1) / interval;
        return periodAnchor + periods * interval;
    }

    /** Bounds a broker's retry delay to [0, {@link BrokerException#MAX_RETRY_AFTER}] so that {@code now + delay} cannot overflow. */
    private static long clampRetry(long nanos) {
        return Math.min(Math.max(nanos, 0), MAX_RETRY_NANOS);
    }

    private static int saturatedIncrement(int value) {
        return value == Integer.MAX_VALUE ? value : value + 1;
    }

    private static long nanos(Duration duration) {
        return duration.toNanos();
    }
}
