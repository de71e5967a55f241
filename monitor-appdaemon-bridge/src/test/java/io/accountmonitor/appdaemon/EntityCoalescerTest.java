package io.accountmonitor.appdaemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EntityCoalescerTest {
    private static final long SECOND = Duration.ofSeconds(1).toNanos();

    private final EntityCoalescer coalescer = new EntityCoalescer(SECOND);

    @Test
    void newEntityIsDueAtOnce() {
        coalescer.put(state("sensor.a", 1), 0);

        assertThat(coalescer.pollDue(0, 0)).isEqualTo(state("sensor.a", 1));
        assertThat(coalescer.pollDue(0, 0)).isNull();
    }

    @Test
    void latestStateWinsWithinTheInterval() {
        coalescer.put(state("sensor.a", 1), 0);
        coalescer.pollDue(0, 0);

        coalescer.put(state("sensor.a", 2), 100);
        coalescer.put(state("sensor.a", 3), 200);

        assertThat(coalescer.pollDue(SECOND - 1, SECOND - 1)).as("before the interval").isNull();
        assertThat(coalescer.nextDueAt()).hasValue(SECOND);
        assertThat(coalescer.pollDue(SECOND, SECOND)).isEqualTo(state("sensor.a", 3));
        assertThat(coalescer.dirtyCount()).isZero();
    }

    @Test
    void unchangedStateIsNotResent() {
        coalescer.put(state("sensor.a", 1), 0);
        coalescer.pollDue(0, 0);

        coalescer.put(state("sensor.a", 1), 10);
        assertThat(coalescer.dirtyCount()).isZero();

        coalescer.put(state("sensor.a", 2), 20);
        coalescer.put(state("sensor.a", 1), 30);
        assertThat(coalescer.dirtyCount()).as("changed and changed back before sending").isZero();
    }

    @Test
    void newCheckTimeAloneIsNotSent() {
        coalescer.put(checked("sensor.a", 1, "2026-01-05T10:00:00Z"), 0);
        coalescer.pollDue(0, 0);

        coalescer.put(checked("sensor.a", 1, "2026-01-05T10:05:00Z"), 2 * SECOND);
        assertThat(coalescer.dirtyCount()).as("only the check time changed").isZero();

        coalescer.put(checked("sensor.a", 2, "2026-01-05T10:10:00Z"), 4 * SECOND);
        assertThat(coalescer.pollDue(4 * SECOND, 4 * SECOND).attributes().path(EntityState.CHECKED_AT).asText())
                .isEqualTo("2026-01-05T10:10:00Z");
    }

    @Test
    void otherAttributeChangeIsSent() {
        EntityState first = checked("sensor.a", 1, "2026-01-05T10:00:00Z");
        coalescer.put(first, 0);
        coalescer.pollDue(0, 0);
        ObjectNode renamed = first.attributes().deepCopy().put("unit_of_measurement", "EUR");

        coalescer.put(new EntityState("sensor.a", first.state(), renamed), 2 * SECOND);

        assertThat(coalescer.dirtyCount()).isEqualTo(1);
        assertThat(first.attributes().path("unit_of_measurement").asText()).as("the sent state is unchanged")
                .isEqualTo("USD");
    }

    @Test
    void forceAllResendsEveryEntityFirst() {
        coalescer.put(state("sensor.a", 1), 0);
        coalescer.put(state("sensor.b", 1), 0);
        coalescer.pollDue(0, 0);
        coalescer.pollDue(0, 0);
        coalescer.put(state("sensor.c", 1), 5);

        coalescer.forceAll();
        coalescer.put(state("sensor.a", 1), 6);

        assertThat(coalescer.hasForced()).isTrue();
        assertThat(coalescer.pollDue(6, 6).entityId()).isEqualTo("sensor.a");
        assertThat(coalescer.pollDue(6, 6).entityId()).isEqualTo("sensor.b");
        assertThat(coalescer.pollDue(6, 6).entityId()).isEqualTo("sensor.c");
        assertThat(coalescer.hasForced()).isFalse();
        assertThat(coalescer.size()).isEqualTo(3);
    }

    @Test
    void dueLimitDrainsWaitingEntities() {
        coalescer.put(state("sensor.a", 1), 0);
        coalescer.pollDue(0, 0);
        coalescer.put(state("sensor.a", 2), 1);

        assertThat(coalescer.pollDue(1, Long.MAX_VALUE)).isEqualTo(state("sensor.a", 2));
    }

    private static EntityState checked(String entityId, int value, String checkedAt) {
        EntityState state = state(entityId, value);
        state.attributes().put(EntityState.CHECKED_AT, checkedAt);
        return state;
    }

    private static EntityState state(String entityId, int value) {
        ObjectNode attributes = Json.object();
        attributes.put("unit_of_measurement", "USD");
        return new EntityState(entityId, Json.NODES.numberNode(value), attributes);
    }
}
