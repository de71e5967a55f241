package io.accountmonitor.core.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.accountmonitor.core.spi.BrokerException;
import io.accountmonitor.core.spi.RandomSource;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** One test per row of the transition table, plus the rows that must leave the state unchanged. */
class CheckStateMachineTest {
    private static final long SECOND = Duration.ofSeconds(1).toNanos();
    private static final long T0 = 1_000 * SECOND;

    /** 5 min fallback, 2 s debounce, 1 s spacing, 30 s timeout, backoff 1 s to 5 min. */
    private static final Schedule SCHEDULE = Schedule.defaults();

    /** Phase and jitter draw 0.5: phase = half the window, backoff = midpoint of its range. */
    private static CheckStateMachine machine() {
        return new CheckStateMachine(SCHEDULE, () -> 0.5);
    }

    private static CheckStateMachine machine(Schedule schedule) {
        return new CheckStateMachine(schedule, () -> 0.5);
    }

    /** Returns a machine that started at T0 and whose first check started at the due time. */
    private static CheckStateMachine running(CheckStateMachine machine) {
        Transition start = machine.start(T0);
        machine.timerFired(start.timerGeneration(), start.armAt());
        return machine;
    }

    @Nested
    class Start {
        @Test
        void armsTimerAtRandomPhase() {
            CheckStateMachine machine = machine();

            Transition transition = machine.start(T0);

            assertThat(transition.outcome()).isEqualTo(Outcome.STARTED);
            assertThat(transition.from()).isEqualTo(LoopState.IDLE);
            assertThat(transition.to()).isEqualTo(LoopState.SCHEDULED);
            assertThat(transition.armAt()).isEqualTo(T0 + 150 * SECOND);
            assertThat(transition.timerGeneration()).isEqualTo(machine.armedGeneration()).isPositive();
            assertThat(transition.startsCheck()).isFalse();
        }

        @Test
        void periodicPhaseUsesPeriod() {
            CheckStateMachine machine = machine(SCHEDULE.withMode(ScheduleMode.PERIODIC));

            Transition transition = machine.start(T0);

            assertThat(transition.armAt()).isEqualTo(T0 + 30 * SECOND);
        }

        @Test
        void triggerBeforeStartIsKept() {
            CheckStateMachine machine = machine();

            Transition trigger = machine.trigger(T0 - SECOND);
            Transition start = machine.start(T0);

            assertThat(trigger.outcome()).isEqualTo(Outcome.TRIGGER_SCHEDULED);
            assertThat(trigger.to()).isEqualTo(LoopState.IDLE);
            assertThat(start.armAt()).isEqualTo(T0 + 2 * SECOND);
        }

        @Test
        void secondTriggerBeforeStartCoalesces() {
            CheckStateMachine machine = machine();
            machine.trigger(T0);

            assertThat(machine.trigger(T0).outcome()).isEqualTo(Outcome.TRIGGER_COALESCED);
        }

        @Test
        void startTwiceIsRejected() {
            CheckStateMachine machine = machine();
            machine.start(T0);

            assertThatThrownBy(() -> machine.start(T0))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("SCHEDULED");
        }
    }

    @Nested
    class TriggerWhileScheduled {
        @Test
        void movesDueToDebounce() {
            CheckStateMachine machine = machine();
            Transition start = machine.start(T0);

            Transition trigger = machine.trigger(T0 + SECOND);

            assertThat(trigger.outcome()).isEqualTo(Outcome.TRIGGER_SCHEDULED);
            assertThat(trigger.to()).isEqualTo(LoopState.SCHEDULED);
            assertThat(trigger.armAt()).isEqualTo(T0 + 3 * SECOND);
            assertThat(trigger.timerGeneration()).isGreaterThan(start.timerGeneration());
            assertThat(machine.due()).isEqualTo(T0 + 3 * SECOND);
        }

        @Test
        void keepsEarlierTimer() {
            CheckStateMachine machine = machine();
            machine.start(T0);
            Transition first = machine.trigger(T0);
            long generation = machine.armedGeneration();

            Transition second = machine.trigger(T0 + SECOND / 2);

            assertThat(first.outcome()).isEqualTo(Outcome.TRIGGER_SCHEDULED);
            assertThat(second.outcome()).isEqualTo(Outcome.TRIGGER_COALESCED);
            assertThat(second.armsTimer()).isFalse();
            assertThat(machine.armedGeneration()).isEqualTo(generation);
            assertThat(machine.due()).isEqualTo(T0 + 2 * SECOND);
        }

        @Test
        void respectsBackoffNotBefore() {
            CheckStateMachine machine = running(machine());
            long failedAt = machine.due();
            Transition failure = machine.checkFailed(machine.runningCheck(), failedAt, 0);

            Transition trigger = machine.trigger(failedAt);

            assertThat(failure.armAt()).isEqualTo(failedAt + SECOND);
            assertThat(trigger.outcome()).isEqualTo(Outcome.TRIGGER_COALESCED);
            assertThat(machine.due()).isEqualTo(failedAt + SECOND);
        }
    }

    @Nested
    class TriggerWhileRunning {
        @Test
        void marksDirtyWithoutTimerAction() {
            CheckStateMachine machine = running(machine());

            Transition trigger = machine.trigger(T0 + 200 * SECOND);

            assertThat(trigger.outcome()).isEqualTo(Outcome.TRIGGER_SCHEDULED);
            assertThat(trigger.to()).isEqualTo(LoopState.RUNNING);
            assertThat(trigger.armsTimer()).isFalse();
            assertThat(trigger.cancelTimer()).isFalse();
            assertThat(machine.dirty()).isTrue();
        }

        @Test
        void furtherTriggersCoalesce() {
            CheckStateMachine machine = running(machine());
            machine.trigger(T0 + 200 * SECOND);

            assertThat(machine.trigger(T0 + 201 * SECOND).outcome()).isEqualTo(Outcome.TRIGGER_COALESCED);
        }
    }

    @Nested
    class TimerFired {
        @Test
        void matchingTimerStartsCheck() {
            CheckStateMachine machine = machine();
            Transition start = machine.start(T0);

            Transition fired = machine.timerFired(start.timerGeneration(), start.armAt());

            assertThat(fired.outcome()).isEqualTo(Outcome.CHECK_STARTED);
            assertThat(fired.to()).isEqualTo(LoopState.RUNNING);
            assertThat(fired.startsCheck()).isTrue();
            assertThat(fired.startRunId()).isEqualTo(machine.runningCheck());
            assertThat(fired.armAt()).isEqualTo(start.armAt() + 30 * SECOND);
            assertThat(machine.dirty()).isFalse();
        }

        @Test
        void staleGenerationChangesNothing() {
            CheckStateMachine machine = machine();
            Transition start = machine.start(T0);
            machine.trigger(T0);

            Transition stale = machine.timerFired(start.timerGeneration(), start.armAt());

            assertThat(stale.outcome()).isEqualTo(Outcome.STALE_TIMER);
            assertThat(stale.to()).isEqualTo(LoopState.SCHEDULED);
            assertThat(stale.armsTimer()).isFalse();
            assertThat(stale.startsCheck()).isFalse();
        }

        @Test
        void staleGenerationWhileRunningChangesNothing() {
            CheckStateMachine machine = machine();
            Transition start = machine.start(T0);
            machine.timerFired(start.timerGeneration(), start.armAt());

            Transition stale = machine.timerFired(start.timerGeneration(), start.armAt() + SECOND);

            assertThat(stale.outcome()).isEqualTo(Outcome.STALE_TIMER);
            assertThat(machine.state()).isEqualTo(LoopState.RUNNING);
        }

        @Test
        void zeroGenerationIsStaleInIdle() {
            assertThat(machine().timerFired(0, T0).outcome()).isEqualTo(Outcome.STALE_TIMER);
        }

        @Test
        void earlyFireReArmsForDueTime() {
            CheckStateMachine machine = machine();
            Transition start = machine.start(T0);

            Transition early = machine.timerFired(start.timerGeneration(), start.armAt() - 1);

            assertThat(early.outcome()).isEqualTo(Outcome.TIMER_EARLY);
            assertThat(early.armAt()).isEqualTo(start.armAt());
            assertThat(early.startsCheck()).isFalse();
        }

        @Test
        void timeoutAbandonsCheck() {
            CheckStateMachine machine = running(machine());
            long runId = machine.runningCheck();
            long deadline = machine.due() + 30 * SECOND;

            Transition timeout = machine.timerFired(machine.armedGeneration(), deadline);

            assertThat(timeout.outcome()).isEqualTo(Outcome.CHECK_TIMED_OUT);
            assertThat(timeout.to()).isEqualTo(LoopState.SCHEDULED);
            assertThat(timeout.armAt()).isEqualTo(deadline + SECOND);
            assertThat(machine.notBefore()).isEqualTo(deadline + SECOND);
            assertThat(machine.consecutiveFailures()).isEqualTo(1);
            assertThat(machine.checkSucceeded(runId, deadline + 1).outcome()).isEqualTo(Outcome.STALE_RESULT);
        }
    }

    @Nested
    class CheckSucceeded {
        @Test
        void cleanCheckSchedulesFallback() {
            CheckStateMachine machine = running(machine());
            long end = T0 + 160 * SECOND;

            Transition success = machine.checkSucceeded(machine.runningCheck(), end);

            assertThat(success.outcome()).isEqualTo(Outcome.CHECK_SUCCEEDED);
            assertThat(success.to()).isEqualTo(LoopState.SCHEDULED);
            assertThat(success.armAt()).isEqualTo(end + 300 * SECOND);
            assertThat(machine.notBefore()).isEqualTo(end + SECOND);
        }

        @Test
        void dirtyCheckSchedulesFollowUp() {
            CheckStateMachine machine = running(machine());
            machine.trigger(T0 + 155 * SECOND);
            long end = T0 + 160 * SECOND;

            Transition success = machine.checkSucceeded(machine.runningCheck(), end);

            assertThat(success.armAt()).isEqualTo(end + 2 * SECOND);
            assertThat(machine.dirty()).isFalse();
        }

        @Test
        void dirtyCheckRespectsSpacing() {
            CheckStateMachine machine = running(machine(SCHEDULE.withMinSpacing(Duration.ofSeconds(7))));
            machine.trigger(T0 + 155 * SECOND);
            long end = T0 + 160 * SECOND;

            assertThat(machine.checkSucceeded(machine.runningCheck(), end).armAt()).isEqualTo(end + 7 * SECOND);
        }

        @Test
        void fallbackRespectsSpacing() {
            Schedule schedule = SCHEDULE.withFallbackInterval(Duration.ofMillis(1)).withMinSpacing(Duration.ofMillis(2));
            CheckStateMachine machine = running(machine(schedule));
            long end = machine.due() + SECOND;

            Transition success = machine.checkSucceeded(machine.runningCheck(), end);

            assertThat(success.armAt()).isEqualTo(end + Duration.ofMillis(2).toNanos());
        }

        @Test
        void periodicSchedulesNextSlot() {
            CheckStateMachine machine = running(machine(SCHEDULE.withMode(ScheduleMode.PERIODIC)));
            long anchor = T0 + 30 * SECOND;

            Transition success = machine.checkSucceeded(machine.runningCheck(), anchor + 5 * SECOND);

            assertThat(success.armAt()).isEqualTo(anchor + 60 * SECOND);
        }

        @Test
        void successResetsBackoff() {
            CheckStateMachine machine = running(machine());
            Transition failure = machine.checkFailed(machine.runningCheck(), machine.due(), 0);
            machine.timerFired(failure.timerGeneration(), failure.armAt());

            machine.checkSucceeded(machine.runningCheck(), failure.armAt() + SECOND);

            assertThat(machine.consecutiveFailures()).isZero();
        }

        @Test
        void resultOfUnknownRunIsStale() {
            CheckStateMachine machine = running(machine());

            Transition stale = machine.checkSucceeded(machine.runningCheck() + 1, T0 + 200 * SECOND);

            assertThat(stale.outcome()).isEqualTo(Outcome.STALE_RESULT);
            assertThat(machine.state()).isEqualTo(LoopState.RUNNING);
        }

        @Test
        void resultWhileScheduledIsStale() {
            CheckStateMachine machine = machine();
            machine.start(T0);

            assertThat(machine.checkSucceeded(1, T0).outcome()).isEqualTo(Outcome.STALE_RESULT);
            assertThat(machine.checkFailed(1, T0, 0).outcome()).isEqualTo(Outcome.STALE_RESULT);
        }
    }

    @Nested
    class CheckFailed {
        @Test
        void backsOffExponentiallyWithCap() {
            Schedule schedule = SCHEDULE.withBackoff(Duration.ofSeconds(1), Duration.ofSeconds(10));
            CheckStateMachine machine = new CheckStateMachine(schedule, () -> Math.nextDown(1.0));
            Transition start = machine.start(T0);
            machine.timerFired(start.timerGeneration(), start.armAt());
            long now = start.armAt();
            long[] expectedCeilings = {1, 2, 4, 8, 10, 10};

            for (long ceiling : expectedCeilings) {
                Transition failure = machine.checkFailed(machine.runningCheck(), now, 0);

                assertThat(failure.outcome()).isEqualTo(Outcome.CHECK_FAILED);
                assertThat(failure.armAt() - now).isEqualTo(ceiling * SECOND);
                assertThat(machine.notBefore()).isEqualTo(failure.armAt());
                now = failure.armAt();
                machine.timerFired(failure.timerGeneration(), now);
            }
        }

        @Test
        void jitterDrawsBetweenInitialAndCeiling() {
            Schedule schedule = SCHEDULE.withBackoff(Duration.ofSeconds(2), Duration.ofSeconds(60));

            assertThat(new CheckStateMachine(schedule, () -> 0.0).backoffNanos(4)).isEqualTo(2 * SECOND);
            assertThat(new CheckStateMachine(schedule, () -> 0.5).backoffNanos(4)).isEqualTo(9 * SECOND);
            assertThat(new CheckStateMachine(schedule, () -> Math.nextDown(1.0)).backoffNanos(4)).isEqualTo(16 * SECOND);
        }

        @Test
        void backoffDoesNotOverflowAfterManyFailures() {
            CheckStateMachine machine = machine();

            assertThat(machine.backoffNanos(Integer.MAX_VALUE)).isBetween(SECOND, 300 * SECOND);
        }

        @Test
        void retryAfterLongerThanBackoffWins() {
            CheckStateMachine machine = running(machine());
            long now = machine.due();

            Transition failure = machine.checkFailed(machine.runningCheck(), now, 90 * SECOND);

            assertThat(failure.armAt()).isEqualTo(now + 90 * SECOND);
        }

        @Test
        void retryAfterIsCutToTheCap() {
            CheckStateMachine machine = running(machine());
            long now = machine.due();

            Transition failure = machine.checkFailed(machine.runningCheck(), now, Long.MAX_VALUE);

            assertThat(failure.armAt()).isEqualTo(now + BrokerException.MAX_RETRY_AFTER.toNanos());
            assertThat(machine.notBefore()).isEqualTo(failure.armAt());
        }

        @Test
        void dirtyFlagIsAbsorbedByBackoffCheck() {
            CheckStateMachine machine = running(machine());
            machine.trigger(machine.due());

            machine.checkFailed(machine.runningCheck(), machine.due(), 0);

            assertThat(machine.dirty()).isFalse();
            assertThat(machine.state()).isEqualTo(LoopState.SCHEDULED);
        }
    }

    @Nested
    class CheckDeferred {
        @Test
        void waitsRetryAfterWithoutGrowingBackoff() {
            CheckStateMachine machine = running(machine());
            long now = machine.due();
            machine.trigger(now);

            Transition deferral = machine.checkDeferred(machine.runningCheck(), now, 7 * SECOND);

            assertThat(deferral.outcome()).isEqualTo(Outcome.CHECK_DEFERRED);
            assertThat(deferral.to()).isEqualTo(LoopState.SCHEDULED);
            assertThat(deferral.armAt()).isEqualTo(now + 7 * SECOND);
            assertThat(machine.notBefore()).isEqualTo(now + 7 * SECOND);
            assertThat(machine.consecutiveFailures()).isZero();
            assertThat(machine.dirty()).isFalse();
        }

        @Test
        void neverSoonerThanMinSpacing() {
            CheckStateMachine machine = running(machine());
            long now = machine.due();

            Transition deferral = machine.checkDeferred(machine.runningCheck(), now, 0);

            assertThat(deferral.armAt()).isEqualTo(now + SECOND);
        }

        @Test
        void deferralIsCutToTheCap() {
            CheckStateMachine machine = running(machine());
            long now = machine.due();

            Transition deferral = machine.checkDeferred(machine.runningCheck(), now, Long.MAX_VALUE - now);

            assertThat(deferral.armAt()).isEqualTo(now + BrokerException.MAX_RETRY_AFTER.toNanos());
        }

        @Test
        void staleOrLateDeferralChangesNothing() {
            CheckStateMachine machine = running(machine());
            long runId = machine.runningCheck();
            machine.checkSucceeded(runId, machine.due());

            assertThat(machine.checkDeferred(runId, machine.due(), SECOND).outcome()).isEqualTo(Outcome.STALE_RESULT);
            machine.close();
            assertThat(machine.checkDeferred(runId, 0, SECOND).outcome()).isEqualTo(Outcome.IGNORED_AFTER_CLOSE);
        }
    }

    @Nested
    class Close {
        @Test
        void closeWhileScheduledCancelsTimer() {
            CheckStateMachine machine = machine();
            machine.start(T0);

            Transition close = machine.close();

            assertThat(close.outcome()).isEqualTo(Outcome.CLOSED);
            assertThat(close.from()).isEqualTo(LoopState.SCHEDULED);
            assertThat(close.to()).isEqualTo(LoopState.CLOSED);
            assertThat(close.cancelTimer()).isTrue();
            assertThat(machine.armedGeneration()).isZero();
        }

        @Test
        void closeWhileRunningDiscardsResult() {
            CheckStateMachine machine = running(machine());
            long runId = machine.runningCheck();

            Transition close = machine.close();
            Transition late = machine.checkSucceeded(runId, T0 + 200 * SECOND);

            assertThat(close.cancelTimer()).isTrue();
            assertThat(late.outcome()).isEqualTo(Outcome.IGNORED_AFTER_CLOSE);
            assertThat(late.armsTimer()).isFalse();
        }

        @Test
        void closeFromIdleHasNoTimerToCancel() {
            Transition close = machine().close();

            assertThat(close.cancelTimer()).isFalse();
            assertThat(close.to()).isEqualTo(LoopState.CLOSED);
        }

        @Test
        void eventsAfterCloseIgnored() {
            CheckStateMachine machine = running(machine());
            long generation = machine.armedGeneration();
            long runId = machine.runningCheck();
            machine.close();

            Transition[] afterClose = {
                machine.start(T0),
                machine.trigger(T0),
                machine.timerFired(generation, T0 + 400 * SECOND),
                machine.checkSucceeded(runId, T0),
                machine.checkFailed(runId, T0, 0),
                machine.checkDeferred(runId, T0, SECOND),
                machine.close(),
            };

            for (Transition transition : afterClose) {
                assertThat(transition.outcome()).isEqualTo(Outcome.IGNORED_AFTER_CLOSE);
                assertThat(transition.to()).isEqualTo(LoopState.CLOSED);
                assertThat(transition.armsTimer()).isFalse();
                assertThat(transition.startsCheck()).isFalse();
                assertThat(transition.cancelTimer()).isFalse();
            }
        }
    }

    @Nested
    class OriginalSystemScenarios {
        /** The original design armed a second timer when a schedule was attempted twice. */
        @Test
        void duplicateScheduleArmsNoTimer() {
            CheckStateMachine machine = machine();
            machine.start(T0);
            machine.trigger(T0);
            long armed = machine.armedGeneration();

            Transition again = machine.trigger(T0);

            assertThat(again.armsTimer()).isFalse();
            assertThat(machine.armedGeneration()).isEqualTo(armed);
        }

        /** A timer firing runs exactly one check, even if the same timer is delivered twice. */
        @Test
        void timerFiringRunsExactlyOneCheck() {
            CheckStateMachine machine = machine();
            Transition start = machine.start(T0);

            Transition first = machine.timerFired(start.timerGeneration(), start.armAt());
            Transition duplicate = machine.timerFired(start.timerGeneration(), start.armAt());

            assertThat(first.startsCheck()).isTrue();
            assertThat(duplicate.startsCheck()).isFalse();
            assertThat(duplicate.outcome()).isEqualTo(Outcome.STALE_TIMER);
        }

        /**
         * The original fix skipped execution events while a fallback timer was pending. The
         * account then refreshed only when the fallback fired. Here the event moves the check
         * to now + debounce.
         */
        @Test
        void eventDuringFallbackWaitIsPrompt() {
            CheckStateMachine machine = running(machine());
            long end = machine.due() + SECOND;
            machine.checkSucceeded(machine.runningCheck(), end);
            assertThat(machine.due()).isEqualTo(end + 300 * SECOND);

            long eventTime = end + 10 * SECOND;
            Transition trigger = machine.trigger(eventTime);

            assertThat(trigger.armAt()).isEqualTo(eventTime + 2 * SECOND);
            assertThat(machine.due()).isEqualTo(eventTime + 2 * SECOND);
        }
    }

    @Test
    void randomOnlyForPhaseAndJitter() {
        int[] draws = {0};
        RandomSource counting = () -> {
            draws[0]++;
            return 0.25;
        };
        CheckStateMachine machine = new CheckStateMachine(SCHEDULE, counting);
        Transition start = machine.start(T0);
        machine.trigger(T0);
        machine.timerFired(machine.armedGeneration(), T0 + 2 * SECOND);
        machine.checkSucceeded(machine.runningCheck(), T0 + 3 * SECOND);

        assertThat(start.armAt()).isEqualTo(T0 + 75 * SECOND);
        assertThat(draws[0]).isEqualTo(1);
    }
}
