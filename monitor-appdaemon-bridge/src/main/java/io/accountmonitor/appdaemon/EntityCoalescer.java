package io.accountmonitor.appdaemon;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeSet;

/**
 * The latest state of every entity, and which entities are due to be sent. A new state replaces
 * the unsent one (latest wins), and an entity becomes due no sooner than {@code interval} after its
 * previous send, so a burst of updates costs at most one send per entity per interval. A state
 * that differs from the one last sent only in its check time is not sent again. {@link #forceAll()} makes every entity due at once,
 * ahead of the others, for the full state after a reconnect.
 *
 * <p>Times are {@link io.accountmonitor.core.spi.TimerService#nanoTime()} readings. Not thread-safe:
 * the owner's lock guards every call.
 */
final class EntityCoalescer {
    /** Due time of entities forced by {@link #forceAll()}; sorts before every real time. */
    private static final long FORCED = Long.MIN_VALUE;

    private final long intervalNanos;
    private final Map<String, Slot> slots = new HashMap<>();
    private final TreeSet<Slot> dirty = new TreeSet<>(
            Comparator.comparingLong((Slot slot) -> slot.dueAt).thenComparingLong(slot -> slot.order));
    private long nextOrder;

    EntityCoalescer(long intervalNanos) {
        if (intervalNanos < 0) {
            throw new IllegalArgumentException("interval is negative: " + intervalNanos + " ns");
        }
        this.intervalNanos = intervalNanos;
    }

    /**
     * Records {@code state} as the latest of its entity and marks the entity dirty, unless the state
     * shows the same figures as the one last sent ({@link EntityState#sameFiguresAs}); a pending send
     * that would only repeat the last one is dropped.
     */
    void put(EntityState state, long now) {
        Slot slot = slots.computeIfAbsent(state.entityId(), id -> new Slot());
        slot.latest = state;
        if (slot.everSent && state.sameFiguresAs(slot.lastSent)) {
            if (slot.isDirty && slot.dueAt != FORCED && !slot.resend) {
                dirty.remove(slot);
                slot.isDirty = false;
            }
            return;
        }
        if (!slot.isDirty) {
            slot.dueAt = slot.everSent ? Math.max(now, slot.lastSentAt + intervalNanos) : now;
            slot.order = nextOrder++;
            slot.isDirty = true;
            dirty.add(slot);
        }
    }

    /** Marks every entity dirty and due now, in the order they were first put. */
    void forceAll() {
        dirty.clear();
        slots.values().stream()
                .sorted(Comparator.comparingLong(slot -> slot.firstOrder))
                .forEach(slot -> {
                    slot.dueAt = FORCED;
                    slot.order = nextOrder++;
                    slot.isDirty = true;
                    dirty.add(slot);
                });
    }

    /**
     * Marks every entity that is not dirty due at {@code now}, so its latest state is sent again even
     * if it equals the last one sent, also when an unchanged state is put before the send. Entities
     * already waiting keep their due time.
     */
    void markAllDue(long now) {
        for (Slot slot : slots.values()) {
            if (!slot.isDirty) {
                slot.resend = true;
                slot.dueAt = now;
                slot.order = nextOrder++;
                slot.isDirty = true;
                dirty.add(slot);
            }
        }
    }

    /**
     * Returns the latest state of the next entity due at or before {@code dueLimit} and marks it
     * sent at {@code now}, or returns {@code null} when no entity is due. Forced entities come first.
     */
    EntityState pollDue(long now, long dueLimit) {
        if (dirty.isEmpty() || dirty.first().dueAt > dueLimit) {
            return null;
        }
        Slot slot = dirty.pollFirst();
        slot.isDirty = false;
        slot.resend = false;
        slot.everSent = true;
        slot.lastSentAt = now;
        slot.lastSent = slot.latest;
        return slot.latest;
    }

    /** Returns whether entities forced by {@link #forceAll()} are still unsent. */
    boolean hasForced() {
        return !dirty.isEmpty() && dirty.first().dueAt == FORCED;
    }

    /** Returns the earliest due time of a dirty entity, or empty when none is dirty. */
    OptionalLong nextDueAt() {
        return dirty.isEmpty() ? OptionalLong.empty() : OptionalLong.of(dirty.first().dueAt);
    }

    int size() {
        return slots.size();
    }

    int dirtyCount() {
        return dirty.size();
    }

    /** One entity's latest state and send history. */
    private final class Slot {
        private final long firstOrder = nextOrder;
        private EntityState latest;
        private EntityState lastSent;
        private boolean isDirty;
        /** Dirty because of {@link #markAllDue}: sent even when the latest state repeats the last one sent. */
        private boolean resend;
        private boolean everSent;
        private long lastSentAt;
        private long dueAt;
        private long order;
    }
}
