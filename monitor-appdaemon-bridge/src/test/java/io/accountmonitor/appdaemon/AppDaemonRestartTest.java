package io.accountmonitor.appdaemon;

import static io.accountmonitor.appdaemon.BridgeHarness.IO_WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.accountmonitor.appdaemon.testing.FakeAppDaemon;
import io.accountmonitor.appdaemon.testing.FiredEvent;
import io.accountmonitor.appdaemon.testing.ReceivedFrame;
import io.accountmonitor.core.model.AccountId;
import io.accountmonitor.core.model.LinkState;
import io.accountmonitor.scheduler.virtual.InMemoryKeyValueStore;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AppDaemonRestartTest {
    private static final String DEAL_CLOSED = "ctrader_deal_closed";

    private final InMemoryKeyValueStore store = new InMemoryKeyValueStore();
    private FakeAppDaemon appDaemon;
    private BridgeHarness harness;

    @BeforeEach
    void startServer() {
        appDaemon = FakeAppDaemon.create().start();
        harness = new BridgeHarness(appDaemon, store);
    }

    @AfterEach
    void stopAll() {
        harness.close();
    }

    @Test
    void restartRepublishesStateThenEvents() {
        AppDaemonSink sink = harness.startConnected();
        sink.publish(TestAccounts.first(TestAccounts.snapshot("1", "100.00")));
        sink.linkChanged(TestAccounts.MONITOR, AccountId.of("1"), TestAccounts.link(LinkState.UP, ""));
        appDaemon.await("8 entities", () -> appDaemon.entities("default").size() == 8, IO_WAIT);

        appDaemon.stop();
        harness.awaitDisconnected();
        for (int i = 1; i <= 3; i++) {
            sink.publish(TestAccounts.withClosedDeal("1", "D" + i));
        }
        sink.publish(TestAccounts.first(TestAccounts.snapshot("1", "200.00")));
        assertThat(appDaemon.entities("default")).as("entities forgotten by the restart").isEmpty();
        appDaemon.start();
        reconnect();

        List<FiredEvent> events = appDaemon.awaitEvents(DEAL_CLOSED, 3, IO_WAIT);
        assertThat(events).extracting(event -> event.data().path("deal_id").asText()).containsExactly("D1", "D2", "D3");
        appDaemon.await("8 entities again", () -> appDaemon.entities("default").size() == 8, IO_WAIT);
        assertThat(appDaemon.entity("default", "sensor.ctrader_1_balance").orElseThrow().state().asText())
                .isEqualTo("200.00");
        assertThat(appDaemon.entity("default", "binary_sensor.ctrader_1_connected").orElseThrow().state().asText())
                .isEqualTo("on");

        int secondConnection = appDaemon.connectionCount();
        List<String> types = appDaemon.receivedFrames(frame -> frame.connection() == secondConnection).stream()
                .map(ReceivedFrame::requestType).toList();
        assertThat(types).containsExactly("hello", "call_service", "call_service", "call_service", "call_service",
                "call_service", "call_service", "call_service", "call_service", "fire_event", "fire_event",
                "fire_event");
        assertThat(harness.metrics.total(BridgeMetrics.CONNECTS)).isEqualTo(2);
        assertThat(harness.metrics.total(BridgeMetrics.DISCONNECTS)).isEqualTo(1);
    }

    @Test
    void overflowDropsOldestEvents() {
        AppDaemonSink sink = harness.start(harness.settings().eventBufferSize(3).build());
        harness.awaitState(ConnectionState.CONNECTED);
        appDaemon.stop();
        harness.awaitDisconnected();

        for (int i = 1; i <= 5; i++) {
            sink.publish(TestAccounts.withClosedDeal("1", "D" + i));
        }

        assertThat(harness.metrics.total(BridgeMetrics.EVENTS_DROPPED)).isEqualTo(2);
        assertThat(harness.metrics.gaugeValue(BridgeMetrics.EVENTS_BUFFERED)).isEqualTo(3);
        assertThat(harness.logs.messages(Level.WARN, "event buffer of sink 'appdaemon' is full (3 events)"))
                .singleElement().asString().contains("dropped the oldest event, ctrader_deal_closed");
        appDaemon.start();
        reconnect();
        List<FiredEvent> events = appDaemon.awaitEvents(DEAL_CLOSED, 3, IO_WAIT);
        assertThat(events).extracting(event -> event.data().path("deal_id").asText()).containsExactly("D3", "D4", "D5");
        assertThat(harness.logs.messages(Level.WARN, "dropped 1 more events from its full buffer (3 events)"))
                .hasSize(1);
    }

    @Test
    void undeliveredEventsSurviveSinkRestart() {
        AppDaemonSink first = harness.startConnected();
        appDaemon.stop();
        harness.awaitDisconnected();
        first.publish(TestAccounts.withClosedDeal("1", "D1"));
        first.publish(TestAccounts.withClosedDeal("1", "D2"));

        first.close();

        assertThat(store.contents()).containsKey(PendingEventStore.KEY);
        assertThat(store.contents().get(PendingEventStore.KEY)).contains("\"deal_id\":\"D1\"", "\"deal_id\":\"D2\"");
        assertThat(harness.budget.reservedThreads()).as("threads reserved after close").isZero();

        appDaemon.start();
        AppDaemonSink second = harness.start(harness.settings().build());
        harness.awaitState(ConnectionState.CONNECTED);
        List<FiredEvent> events = appDaemon.awaitEvents(DEAL_CLOSED, 2, IO_WAIT);
        assertThat(events).extracting(event -> event.data().path("deal_id").asText()).containsExactly("D1", "D2");

        second.close();

        assertThat(harness.metrics.total(BridgeMetrics.EVENTS_DELIVERED)).isEqualTo(2);
        assertThat(store.contents()).doesNotContainKey(PendingEventStore.KEY);
    }

    @Test
    void closeDeliversQueuedEventsFirst() {
        AppDaemonSink sink = harness.startConnected();
        for (int i = 1; i <= 20; i++) {
            sink.publish(TestAccounts.withClosedDeal("1", "D" + i));
        }

        sink.close();

        assertThat(appDaemon.firedEvents(DEAL_CLOSED)).hasSize(20);
        assertThat(store.contents()).doesNotContainKey(PendingEventStore.KEY);
        assertThat(sink.connectionState()).isEqualTo(ConnectionState.CLOSED);
        assertThat(sink.status().state()).isEqualTo(LinkState.DOWN);
        assertThat(sink.status().detail()).isEqualTo("closed");
    }

    /** Advances virtual time from one reconnection attempt to the next until the sink is connected. */
    private void reconnect() {
        while (harness.awaitAnyState(EnumSet.of(ConnectionState.WAITING, ConnectionState.CONNECTED))
                != ConnectionState.CONNECTED) {
            harness.time.advanceToNextTask();
        }
    }
}
