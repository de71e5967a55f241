package io.accountmonitor.appdaemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.accountmonitor.scheduler.virtual.InMemoryKeyValueStore;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class PendingEventStoreTest {
    private final InMemoryKeyValueStore store = new InMemoryKeyValueStore();
    private final PendingEventStore pending = new PendingEventStore(store, "appdaemon");

    @Test
    void savedEventsLoadInOrder() {
        ObjectNode data = Json.object();
        data.put("net_profit", new BigDecimal("9.10"));
        List<OutgoingEvent> events = List.of(new OutgoingEvent("ctrader_deal_closed", data),
                new OutgoingEvent("ctrader_link_changed", Json.object()));

        pending.save(events);

        List<OutgoingEvent> loaded = pending.load();
        assertThat(loaded).extracting(OutgoingEvent::name).containsExactly("ctrader_deal_closed", "ctrader_link_changed");
        assertThat(loaded.get(0).data().get("net_profit").asText()).isEqualTo("9.10");
    }

    @Test
    void savingNothingRemovesTheKey() {
        pending.save(List.of(new OutgoingEvent("e", Json.object())));

        pending.save(List.of());

        assertThat(store.contents()).isEmpty();
        assertThat(pending.load()).isEmpty();
    }

    @Test
    void unreadableValueIsRemoved() {
        store.put(PendingEventStore.KEY, "{\"version\": 7}");

        assertThat(pending.load()).isEmpty();
        assertThat(store.contents()).isEmpty();
    }
}
