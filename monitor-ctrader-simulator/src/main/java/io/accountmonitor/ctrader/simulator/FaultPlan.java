package io.accountmonitor.ctrader.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Faults the tests asked for and that requests have not used up yet. Not thread-safe: the
 * simulator's lock guards it.
 */
final class FaultPlan {
    private static final class Remaining<T> {
        final T fault;
        int left;

        Remaining(T fault, int left) {
            this.fault = fault;
            this.left = left;
        }
    }

    private record DroppedReplies(Integer payloadType) {
        boolean matches(int type) {
            return payloadType == null || payloadType == type;
        }
    }

    private final List<Remaining<ErrorReply>> errors = new ArrayList<>();
    private final List<Remaining<DroppedReplies>> drops = new ArrayList<>();
    Duration replyDelay = Duration.ZERO;
    Instant maintenanceEnd;

    void addError(ErrorReply reply) {
        errors.add(new Remaining<>(reply, reply.count()));
    }

    void addDrop(Integer payloadType, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count " + count + " must be at least 1");
        }
        drops.add(new Remaining<>(new DroppedReplies(payloadType), count));
    }

    /** Returns the first injected error for a request of {@code payloadType} and uses it up once. */
    ErrorReply takeError(int payloadType) {
        return take(errors, reply -> reply.matches(payloadType));
    }

    /** Returns whether the reply to a request of {@code payloadType} is to be dropped, using the rule up once. */
    boolean takeDrop(int payloadType) {
        return take(drops, drop -> drop.matches(payloadType)) != null;
    }

    void clear() {
        errors.clear();
        drops.clear();
        replyDelay = Duration.ZERO;
        maintenanceEnd = null;
    }

    private static <T> T take(List<Remaining<T>> faults, java.util.function.Predicate<T> matches) {
        Iterator<Remaining<T>> iterator = faults.iterator();
        while (iterator.hasNext()) {
            Remaining<T> entry = iterator.next();
            if (matches.test(entry.fault)) {
                entry.left--;
                if (entry.left == 0) {
                    iterator.remove();
                }
                return entry.fault;
            }
        }
        return null;
    }
}
