package io.accountmonitor.appdaemon;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Events waiting for AppDaemon, oldest first, bounded to {@code capacity}. An event stays in the
 * buffer until AppDaemon acknowledged it, so events sent on a connection that then fails are sent
 * again (at least once, in order). When the buffer is full, adding an event drops the oldest one,
 * in flight or not; the caller counts and logs what {@link #add} returns.
 *
 * <p>Not thread-safe: the owner's lock guards every call.
 */
final class EventBuffer {
    private final int capacity;
    private final ArrayDeque<BufferedEvent> events = new ArrayDeque<>();
    /** The number of events at the head of the queue that were sent and await a reply. */
    private int inFlight;
    private long nextSequence;

    EventBuffer(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("event buffer capacity is " + capacity + "; it must be at least 1");
        }
        this.capacity = capacity;
    }

    /** Appends {@code event} and returns the event dropped to make room, or {@code null}. */
    BufferedEvent add(OutgoingEvent event) {
        BufferedEvent dropped = null;
        if (events.size() == capacity) {
            dropped = events.pollFirst();
            if (inFlight > 0) {
                inFlight--;
            }
        }
        events.addLast(new BufferedEvent(nextSequence++, event));
        return dropped;
    }

    /** Returns the oldest event not yet sent and marks it in flight, or {@code null} when none is left. */
    BufferedEvent nextUnsent() {
        if (inFlight >= events.size()) {
            return null;
        }
        Iterator<BufferedEvent> iterator = events.iterator();
        for (int i = 0; i < inFlight; i++) {
            iterator.next();
        }
        inFlight++;
        return iterator.next();
    }

    /** Removes the event with {@code sequence} after AppDaemon accepted it; returns false if it was dropped. */
    boolean acknowledge(long sequence) {
        return remove(sequence) != null;
    }

    /**
     * Counts one rejection of the event with {@code sequence} and removes it once it reached
     * {@code maxRejections}. Returns the removed event, or {@code null} when it stays for a retry
     * or was already gone.
     */
    BufferedEvent reject(long sequence, int maxRejections) {
        for (BufferedEvent event : events) {
            if (event.sequence() == sequence) {
                event.rejections++;
                return event.rejections >= maxRejections ? remove(sequence) : null;
            }
        }
        return null;
    }

    /** Removes the event with {@code sequence}, for example when it cannot be sent; returns it or {@code null}. */
    BufferedEvent remove(long sequence) {
        int index = 0;
        for (Iterator<BufferedEvent> iterator = events.iterator(); iterator.hasNext(); index++) {
            BufferedEvent event = iterator.next();
            if (event.sequence() == sequence) {
                iterator.remove();
                if (index < inFlight) {
                    inFlight--;
                }
                return event;
            }
        }
        return null;
    }

    /** Marks every event in flight as unsent again, after the connection that carried them failed. */
    void resendInFlight() {
        inFlight = 0;
    }

    /** Returns every event still in the buffer, oldest first, without removing it. */
    List<OutgoingEvent> pending() {
        List<OutgoingEvent> result = new ArrayList<>(events.size());
        for (BufferedEvent event : events) {
            result.add(event.event());
        }
        return result;
    }

    int size() {
        return events.size();
    }

    boolean isEmpty() {
        return events.isEmpty();
    }

    int capacity() {
        return capacity;
    }

    /** An event with its position in the buffer's history and the rejections it received. */
    static final class BufferedEvent {
        private final long sequence;
        private final OutgoingEvent event;
        private int rejections;

        BufferedEvent(long sequence, OutgoingEvent event) {
            this.sequence = sequence;
            this.event = event;
        }

        long sequence() {
            return sequence;
        }

        OutgoingEvent event() {
            return event;
        }
    }
}
