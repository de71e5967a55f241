package io.accountmonitor.core.check;

/**
 * The result of one event: the new state and the actions the driver must carry out, in this order:
 * cancel the armed timer when {@code cancelTimer}; arm the timer when {@code armsTimer()}, replacing
 * the armed one; start check {@code startRunId} when {@code startsCheck()}.
 *
 * @param outcome what the event did, for statistics
 * @param from state before the event
 * @param to state after the event
 * @param cancelTimer whether to cancel the armed timer without arming another
 * @param armAt absolute monotonic time in nanoseconds to arm the timer for, or {@link #NO_TIMER}
 * @param timerGeneration generation to pass back in {@link CheckStateMachine#timerFired} when that timer fires
 * @param startRunId id of the check to start, to pass back with its result, or 0 for none
 */
public record Transition(
        Outcome outcome,
        LoopState from,
        LoopState to,
        boolean cancelTimer,
        long armAt,
        long timerGeneration,
        long startRunId) {

    /** Value of {@link #armAt} when no timer is to be armed. */
    public static final long NO_TIMER = Long.MIN_VALUE;

    public boolean armsTimer() {
        return armAt != NO_TIMER;
    }

    public boolean startsCheck() {
        return startRunId != 0;
    }

    static Transition none(Outcome outcome, LoopState state) {
        return new Transition(outcome, state, state, false, NO_TIMER, 0, 0);
    }
}
