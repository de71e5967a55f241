package io.accountmonitor.appdaemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class EventBufferTest {
    private final EventBuffer buffer = new EventBuffer(3);

    @Test
    void eventsLeaveInOrderAndStayUntilAcknowledged() {
        buffer.add(event("a"));
        buffer.add(event("b"));

        EventBuffer.BufferedEvent first = buffer.nextUnsent();
        EventBuffer.BufferedEvent second = buffer.nextUnsent();

        assertThat(first.event().name()).isEqualTo("a");
        assertThat(second.event().name()).isEqualTo("b");
        assertThat(buffer.nextUnsent()).isNull();
        assertThat(buffer.acknowledge(first.sequence())).isTrue();
        assertThat(names(buffer.pending())).containsExactly("b");
    }

    @Test
    void failedConnectionResendsUnacknowledgedEventsInOrder() {
        buffer.add(event("a"));
        buffer.add(event("b"));
        buffer.nextUnsent();
        buffer.nextUnsent();

        buffer.resendInFlight();

        assertThat(buffer.nextUnsent().event().name()).isEqualTo("a");
        assertThat(buffer.nextUnsent().event().name()).isEqualTo("b");
    }

    @Test
    void overflowDropsTheOldestEvenWhenInFlight() {
        buffer.add(event("a"));
        buffer.add(event("b"));
        buffer.add(event("c"));
        EventBuffer.BufferedEvent inFlight = buffer.nextUnsent();

        EventBuffer.BufferedEvent dropped = buffer.add(event("d"));

        assertThat(dropped.event().name()).isEqualTo("a");
        assertThat(buffer.acknowledge(inFlight.sequence())).as("acknowledging a dropped event").isFalse();
        assertThat(buffer.nextUnsent().event().name()).isEqualTo("b");
        assertThat(names(buffer.pending())).containsExactly("b", "c", "d");
    }

    @Test
    void eventRejectedTooOftenIsRemoved() {
        buffer.add(event("poison"));
        buffer.add(event("next"));
        long sequence = buffer.nextUnsent().sequence();

        assertThat(buffer.reject(sequence, 2)).isNull();
        buffer.resendInFlight();
        assertThat(buffer.reject(sequence, 2).event().name()).isEqualTo("poison");

        assertThat(buffer.nextUnsent().event().name()).isEqualTo("next");
    }

    private static OutgoingEvent event(String name) {
        return new OutgoingEvent(name, Json.object());
    }

    private static List<String> names(List<OutgoingEvent> events) {
        return events.stream().map(OutgoingEvent::name).toList();
    }
}
