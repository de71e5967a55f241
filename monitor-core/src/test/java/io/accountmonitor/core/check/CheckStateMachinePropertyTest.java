package io.accountmonitor.core.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.accountmonitor.core.spi.RandomSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Drives random sequences of triggers, timer fires (current and stale), check completions
 * (success, failure, late results) and close through the state machine. Each step is compared
 * with a small reference model, and invariants 1, 2, 3, 6, 7 and 8 are asserted after it.
 */
class CheckStateMachinePropertyTest {
    private static final long MS = 1_000_000L;

    enum Kind { ADVANCE, TRIGGER, BURST, SUCCEED, FAIL, FAIL_WITH_RETRY_AFTER, DEFER, LATE_RESULT, STALE_TIMER, PAUSE, CLOSE }

    record Step(Kind kind, long millis, int count) {
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Kind> kinds = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(30, Arbitraries.just(Kind.ADVANCE)),
                net.jqwik.api.Tuple.of(20, Arbitraries.just(Kind.TRIGGER)),
                net.jqwik.api.Tuple.of(5, Arbitraries.just(Kind.BURST)),
                net.jqwik.api.Tuple.of(12, Arbitraries.just(Kind.SUCCEED)),
                net.jqwik.api.Tuple.of(8, Arbitraries.just(Kind.FAIL)),
                net.jqwik.api.Tuple.of(3, Arbitraries.just(Kind.FAIL_WITH_RETRY_AFTER)),
                net.jqwik.api.Tuple.of(3, Arbitraries.just(Kind.DEFER)),
                net.jqwik.api.Tuple.of(3, Arbitraries.just(Kind.LATE_RESULT)),
                net.jqwik.api.Tuple.of(5, Arbitraries.just(Kind.STALE_TIMER)),
                net.jqwik.api.Tuple.of(2, Arbitraries.just(Kind.PAUSE)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(Kind.CLOSE)));
        Arbitrary<Step> step = Combinators.combine(kinds, Arbitraries.longs().between(0, 20_000),
                Arbitraries.integers().between(1, 50)).as(Step::new);
        return step.list().ofMinSize(1).ofMaxSize(200);
    }

    @Provide
    Arbitrary<Schedule> schedules() {
        Arbitrary<Duration> shortDurations = Arbitraries.longs().between(0, 5_000).map(Duration::ofMillis);
        Arbitrary<Duration> intervals = Arbitraries.longs().between(1, 120_000).map(Duration::ofMillis);
        Arbitrary<ScheduleMode> modes = Arbitraries.of(ScheduleMode.class);
        return Combinators.combine(modes, intervals, intervals, shortDurations, shortDurations, intervals,
                        Arbitraries.longs().between(1, 3_000), Arbitraries.longs().between(0, 60_000))
                .as((mode, fallback, period, debounce, spacing, timeout, initial, extra) -> new Schedule(mode,
                        fallback, period, debounce, spacing, timeout, Duration.ofMillis(initial),
                        Duration.ofMillis(initial + extra)));
    }

    @Property(tries = 400)
    void invariantsHoldForRandomEvents(@ForAll("steps") List<Step> steps, @ForAll("schedules") Schedule schedule,
            @ForAll @IntRange(min = 0, max = 1_000_000) int seed) {
        Harness harness = new Harness(schedule, RandomSource.seeded(seed));
        harness.start();
        for (Step step : steps) {
            harness.apply(step);
            harness.assertInvariants();
        }
    }

    @Property(tries = 50)
    void firstChecksSpreadOverWindow(@ForAll @IntRange(min = 0, max = 1_000_000) int seed) {
        Schedule schedule = Schedule.defaults();
        long window = schedule.phaseWindow().toNanos();
        RandomSource random = RandomSource.seeded(seed);
        int loops = 1_000;
        int buckets = 10;
        int[] counts = new int[buckets];
        for (int i = 0; i < loops; i++) {
            Transition start = new CheckStateMachine(schedule, random).start(0);
            assertThat(start.armAt()).isBetween(0L, window - 1);
            counts[(int) (start.armAt() * buckets / window)]++;
        }
        // Uniform expectation is 100 per bucket; 160 is more than six standard deviations away.
        for (int count : counts) {
            assertThat(count).isBetween(40, 160);
        }
    }

    /** Applies steps the way a faithful driver would, and holds the reference model. */
    private static final class Harness {
        private final Schedule schedule;
        private final CheckStateMachine machine;
        private final long debounce;
        private final long spacing;

        private long now = 1_000_000 * MS;
        private long sequence;

        // Driver view: the one armed timer and the one running check.
        private long armedGeneration;
        private long armedAt = Long.MAX_VALUE;
        private long runningCheck;
        private final List<Long> abandonedChecks = new ArrayList<>();
        private final List<Long> supersededGenerations = new ArrayList<>();

        // Reference model.
        private LoopState modelState = LoopState.IDLE;
        private int modelFailures;
        private long lastCheckEnd = Long.MIN_VALUE;
        private final List<Obligation> obligations = new ArrayList<>();
        private int triggersDuringRun;
        private int scheduledTriggersDuringRun;

        Harness(Schedule schedule, RandomSource random) {
            this.schedule = schedule;
            this.machine = new CheckStateMachine(schedule, random);
            this.debounce = schedule.debounce().toNanos();
            this.spacing = schedule.minSpacing().toNanos();
        }

        void start() {
            Transition start = machine.start(now);
            // Invariant 8: the first check falls at a random phase within the window.
            assertThat(start.armAt()).isBetween(now, now + schedule.phaseWindow().toNanos() - 1);
            execute(start);
            modelState = LoopState.SCHEDULED;
        }

        void apply(Step step) {
            switch (step.kind()) {
                case ADVANCE -> advance(step.millis() * MS);
                case PAUSE -> advance(Duration.ofDays(3).toNanos() + step.millis() * MS);
                case TRIGGER -> trigger(1);
                case BURST -> trigger(step.count());
                case SUCCEED -> complete(true, 0);
                case FAIL -> complete(false, 0);
                case FAIL_WITH_RETRY_AFTER -> complete(false, step.millis() * MS);
                case DEFER -> defer(step.millis() * MS);
                case LATE_RESULT -> lateResult(step.count() % 2 == 0);
                case STALE_TIMER -> staleTimer();
                case CLOSE -> close();
            }
        }

        private void advance(long amount) {
            long target = now + amount;
            int fires = 0;
            // A faithful timer fires the armed timer once at its due time, never early.
            while (armedAt <= target && modelState != LoopState.CLOSED) {
                now = Math.max(now, armedAt);
                fires++;
                fire();
                // Invariant 7: a pause never produces a burst. Each fire starts at most one check,
                // and after it the next timer is in the future or the check is running.
                assertThat(fires).isLessThanOrEqualTo(1_000);
                if (runningCheck != 0) {
                    break;
                }
            }
            now = Math.max(now, target);
        }

        private void fire() {
            LoopState before = modelState;
            long generation = armedGeneration;
            Transition transition = machine.timerFired(generation, now);
            execute(transition);
            if (before == LoopState.SCHEDULED) {
                assertThat(transition.outcome()).isIn(Outcome.CHECK_STARTED, Outcome.TIMER_EARLY);
                if (transition.outcome() == Outcome.CHECK_STARTED) {
                    modelState = LoopState.RUNNING;
                    triggersDuringRun = 0;
                    scheduledTriggersDuringRun = 0;
                    long started = ++sequence;
                    obligations.removeIf(obligation -> obligation.sequence < started);
                }
            } else if (before == LoopState.RUNNING) {
                assertThat(transition.outcome()).isEqualTo(Outcome.CHECK_TIMED_OUT);
                abandonedChecks.add(runningCheck);
                runningCheck = 0;
                afterRunEnded(false, 0);
            }
        }

        private void trigger(int count) {
            for (int i = 0; i < count; i++) {
                LoopState before = modelState;
                long dueBefore = machine.due();
                long notBefore = machine.notBefore();
                Transition transition = machine.trigger(now);
                execute(transition);
                long triggerSequence = ++sequence;
                switch (before) {
                    case SCHEDULED -> {
                        long bound = Math.max(now + debounce, notBefore);
                        // Invariant 2, scheduled case: the check comes no later than max(now + debounce, notBefore).
                        assertThat(machine.due()).isEqualTo(Math.min(dueBefore, bound));
                        assertThat(transition.outcome()).isEqualTo(
                                bound < dueBefore ? Outcome.TRIGGER_SCHEDULED : Outcome.TRIGGER_COALESCED);
                        obligations.add(new Obligation(triggerSequence, now, bound));
                    }
                    case RUNNING -> {
                        triggersDuringRun++;
                        if (transition.outcome() == Outcome.TRIGGER_SCHEDULED) {
                            scheduledTriggersDuringRun++;
                        }
                        obligations.add(new Obligation(triggerSequence, now, Long.MAX_VALUE));
                    }
                    case CLOSED -> assertThat(transition.outcome()).isEqualTo(Outcome.IGNORED_AFTER_CLOSE);
                    case IDLE -> throw new AssertionError("the harness starts the machine first");
                }
            }
        }

        private void complete(boolean success, long retryAfter) {
            if (runningCheck == 0) {
                return;
            }
            long runId = runningCheck;
            Transition transition = success ? machine.checkSucceeded(runId, now) : machine.checkFailed(runId, now, retryAfter);
            runningCheck = 0;
            execute(transition);
            assertThat(transition.outcome()).isEqualTo(success ? Outcome.CHECK_SUCCEEDED : Outcome.CHECK_FAILED);
            afterRunEnded(success, retryAfter);
        }

        private void defer(long delay) {
            if (runningCheck == 0) {
                return;
            }
            int failuresBefore = machine.consecutiveFailures();
            Transition transition = machine.checkDeferred(runningCheck, now, delay);
            runningCheck = 0;
            execute(transition);
            assertThat(transition.outcome()).isEqualTo(Outcome.CHECK_DEFERRED);
            // A deferral waits as asked, at least minSpacing, and does not count as a failure.
            assertThat(machine.due()).isEqualTo(now + Math.max(delay, spacing));
            assertThat(machine.consecutiveFailures()).isEqualTo(failuresBefore);
            modelState = LoopState.SCHEDULED;
            for (Obligation obligation : obligations) {
                if (obligation.deadline == Long.MAX_VALUE) {
                    obligation.deadline = machine.due();
                }
            }
            triggersDuringRun = 0;
            scheduledTriggersDuringRun = 0;
        }

        private void afterRunEnded(boolean success, long retryAfter) {
            // Invariant 3: k triggers during one run cause exactly one follow-up, not k.
            assertThat(scheduledTriggersDuringRun).isEqualTo(triggersDuringRun == 0 ? 0 : 1);
            long due = machine.due();
            if (success) {
                modelFailures = 0;
                long followUp = now + Math.max(debounce, spacing);
                if (triggersDuringRun > 0) {
                    assertThat(due).isLessThanOrEqualTo(followUp);
                } else if (schedule.mode() == ScheduleMode.EVENT_DRIVEN) {
                    assertThat(due).isEqualTo(now + Math.max(schedule.fallbackInterval().toNanos(), spacing));
                } else {
                    assertThat(due).isBetween(now + spacing, now + spacing + schedule.periodicInterval().toNanos());
                }
                // Invariant 7: missed periods coalesce; the next check is never in the past.
                assertThat(due).isGreaterThanOrEqualTo(now + spacing);
            } else {
                modelFailures++;
                long initial = schedule.backoffInitial().toNanos();
                long ceiling = ceiling(modelFailures);
                // Invariant 6: exponential, capped, full jitter above the initial delay, at least retryAfter.
                assertThat(due - now).isBetween(Math.max(initial, retryAfter), Math.max(ceiling, retryAfter));
                assertThat(machine.notBefore()).isEqualTo(due);
            }
            assertThat(machine.consecutiveFailures()).isEqualTo(modelFailures);
            modelState = LoopState.SCHEDULED;
            lastCheckEnd = now;
            for (Obligation obligation : obligations) {
                if (obligation.deadline == Long.MAX_VALUE) {
                    obligation.deadline = due;
                }
            }
            triggersDuringRun = 0;
            scheduledTriggersDuringRun = 0;
        }

        private long ceiling(int failures) {
            long initial = schedule.backoffInitial().toNanos();
            long max = schedule.backoffMax().toNanos();
            int shift = Math.min(failures - 1, 62);
            return initial > (max >> shift) ? max : Math.min(max, initial << shift);
        }

        private void lateResult(boolean success) {
            if (abandonedChecks.isEmpty()) {
                return;
            }
            long runId = abandonedChecks.remove(0);
            LoopState before = machine.state();
            long dueBefore = machine.due();
            Transition transition = success ? machine.checkSucceeded(runId, now) : machine.checkFailed(runId, now, 0);
            execute(transition);
            assertThat(transition.outcome()).isIn(Outcome.STALE_RESULT, Outcome.IGNORED_AFTER_CLOSE);
            assertThat(machine.state()).isEqualTo(before);
            assertThat(machine.due()).isEqualTo(dueBefore);
        }

        private void staleTimer() {
            if (supersededGenerations.isEmpty()) {
                return;
            }
            long generation = supersededGenerations.get(supersededGenerations.size() - 1);
            LoopState before = machine.state();
            Transition transition = machine.timerFired(generation, now);
            execute(transition);
            assertThat(transition.outcome()).isIn(Outcome.STALE_TIMER, Outcome.IGNORED_AFTER_CLOSE);
            assertThat(machine.state()).isEqualTo(before);
        }

        private void close() {
            Transition transition = machine.close();
            execute(transition);
            if (runningCheck != 0) {
                abandonedChecks.add(runningCheck);
                runningCheck = 0;
            }
            modelState = LoopState.CLOSED;
            obligations.clear();
        }

        /** Carries out a transition as the scheduler does, asserting invariant 1 on the way. */
        private void execute(Transition transition) {
            if (transition.cancelTimer() || transition.armsTimer()) {
                if (armedGeneration != 0) {
                    supersededGenerations.add(armedGeneration);
                }
                armedGeneration = 0;
                armedAt = Long.MAX_VALUE;
            }
            if (transition.armsTimer()) {
                // Invariant 1: arming replaces the one timer; it never adds a second.
                armedGeneration = transition.timerGeneration();
                armedAt = transition.armAt();
                assertThat(armedAt).isGreaterThanOrEqualTo(now);
            }
            if (transition.startsCheck()) {
                // Invariant 1: a check starts only when none runs.
                assertThat(runningCheck).isZero();
                runningCheck = transition.startRunId();
            }
        }

        void assertInvariants() {
            // Invariant 1: the driver's single armed timer is the one the machine expects.
            assertThat(machine.armedGeneration()).isEqualTo(armedGeneration);
            assertThat(machine.state()).isEqualTo(modelState);
            switch (modelState) {
                case SCHEDULED -> {
                    assertThat(runningCheck).isZero();
                    assertThat(armedAt).isEqualTo(machine.due());
                }
                case RUNNING -> {
                    assertThat(runningCheck).isEqualTo(machine.runningCheck()).isNotZero();
                    assertThat(armedGeneration).isNotZero();
                }
                case CLOSED -> {
                    assertThat(armedGeneration).isZero();
                    assertThat(runningCheck).isZero();
                }
                case IDLE -> throw new AssertionError("the harness starts the machine first");
            }
            // Invariant 2: no trigger is lost; each is discharged by a check by its deadline.
            for (Obligation obligation : obligations) {
                assertThat(now)
                        .as("trigger at %d still waits for a check due by %d", obligation.time, obligation.deadline)
                        .isLessThanOrEqualTo(obligation.deadline);
                if (obligation.deadline != Long.MAX_VALUE && modelState == LoopState.SCHEDULED) {
                    assertThat(machine.due()).isLessThanOrEqualTo(obligation.deadline);
                }
            }
        }
    }

    private static final class Obligation {
        final long sequence;
        final long time;
        long deadline;

        Obligation(long sequence, long time, long deadline) {
            this.sequence = sequence;
            this.time = time;
            this.deadline = deadline;
        }
    }
}
