package io.accountmonitor.appdaemon;

import static io.accountmonitor.appdaemon.BridgeHarness.IO_WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import io.accountmonitor.appdaemon.testing.FakeAppDaemon;
import io.accountmonitor.appdaemon.testing.FiredEvent;
import io.accountmonitor.appdaemon.testing.ReceivedFrame;
import io.accountmonitor.appdaemon.testing.StoredEntity;
import io.accountmonitor.core.model.AccountId;
import io.accountmonitor.core.model.AccountSnapshot;
import io.accountmonitor.core.model.AccountUpdate;
import io.accountmonitor.core.model.LinkState;
import io.accountmonitor.core.model.Position;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AppDaemonSinkPublishTest {
    private static final String NS = "default";

    private BridgeHarness harness;
    private FakeAppDaemon appDaemon;

    @BeforeEach
    void startServer() {
        appDaemon = FakeAppDaemon.create().addNamespace("trading").start();
        harness = new BridgeHarness(appDaemon);
    }

    @AfterEach
    void stopAll() {
        harness.close();
    }

    @Test
    void snapshotCreatesOneEntityPerFigure() {
        AppDaemonSink sink = harness.startConnected();

        sink.publish(TestAccounts.first(TestAccounts.snapshot("12345678", "10000.50",
                List.of(TestAccounts.position("P1", "EURUSD")))));

        StoredEntity balance = appDaemon.awaitEntity(NS, "sensor.ctrader_12345678_balance", entity -> true, IO_WAIT);
        appDaemon.await("all seven sensors", () -> appDaemon.entities(NS).size() == 7, IO_WAIT);
        Map<String, StoredEntity> entities = appDaemon.entities(NS);
        assertThat(entities.keySet()).containsExactlyInAnyOrder(
                "sensor.ctrader_12345678_balance",
                "sensor.ctrader_12345678_equity",
                "sensor.ctrader_12345678_margin_used",
                "sensor.ctrader_12345678_free_margin",
                "sensor.ctrader_12345678_margin_level",
                "sensor.ctrader_12345678_unrealized_pnl",
                "sensor.ctrader_12345678_open_positions");
        assertThat(balance.state().decimalValue()).isEqualByComparingTo("10000.50");
        assertThat(balance.state().asText()).isEqualTo("10000.50");
        assertThat(balance.attribute("unit_of_measurement")).isEqualTo("USD");
        assertThat(balance.attribute("device_class")).isEqualTo("monetary");
        assertThat(balance.attribute("state_class")).isEqualTo("total");
        assertThat(balance.attribute("friendly_name")).isEqualTo("ctrader 12345678 Balance");
        assertThat(balance.attribute("account")).isEqualTo("12345678");
        assertThat(balance.attribute("monitor")).isEqualTo(TestAccounts.MONITOR);
        assertThat(balance.attribute("currency")).isEqualTo("USD");
        assertThat(balance.attribute("last_update")).isEqualTo("2026-01-05T10:00:00Z");

        assertThat(entities.get("sensor.ctrader_12345678_equity").state().asText()).isEqualTo("10012.75");
        assertThat(entities.get("sensor.ctrader_12345678_margin_used").state().asText()).isEqualTo("250.00");
        assertThat(entities.get("sensor.ctrader_12345678_free_margin").state().asText()).isEqualTo("9762.75");
        assertThat(entities.get("sensor.ctrader_12345678_unrealized_pnl").state().asText()).isEqualTo("12.25");

        StoredEntity marginLevel = entities.get("sensor.ctrader_12345678_margin_level");
        assertThat(marginLevel.state().asText()).isEqualTo("4004.90");
        assertThat(marginLevel.attribute("unit_of_measurement")).isEqualTo("%");
        assertThat(marginLevel.attribute("device_class")).isNull();

        StoredEntity openPositions = entities.get("sensor.ctrader_12345678_open_positions");
        assertThat(openPositions.state().asInt()).isEqualTo(1);
        assertThat(openPositions.state().isIntegralNumber()).isTrue();
        assertThat(openPositions.attribute("unit_of_measurement")).isNull();
        assertThat(openPositions.attribute("device_class")).isNull();
        assertThat(openPositions.attributes().path("positions").get(0).path("symbol").asText()).isEqualTo("EURUSD");
    }

    @Test
    void moneyTravelsAsPlainDecimalNumbers() {
        AppDaemonSink sink = harness.startConnected();

        sink.publish(TestAccounts.first(TestAccounts.snapshot("1", "0.10")));

        List<ReceivedFrame> frames = appDaemon.awaitFrames(frame -> frame.isStateSetOf("sensor.ctrader_1_balance"), 1,
                IO_WAIT);
        assertThat(frames.get(0).text()).contains("\"state\":0.10,");
    }

    @Test
    void stateSetSpellsOutDomain() {
        AppDaemonSink sink = harness.startConnected();

        sink.publish(TestAccounts.first(TestAccounts.snapshot("1", "10.00")));

        JsonNode frame = appDaemon.awaitFrames(f -> f.isStateSetOf("sensor.ctrader_1_equity"), 1, IO_WAIT).get(0).json();
        assertThat(frame.path("request_type").asText()).isEqualTo("call_service");
        assertThat(frame.path("request_id").asText()).isNotBlank();
        assertThat(frame.path("data").path("namespace").asText()).isEqualTo("default");
        assertThat(frame.path("data").path("domain").asText()).isEqualTo("state");
        assertThat(frame.path("data").path("service").asText()).isEqualTo("set");
        List<String> requestIds = appDaemon.receivedFrames().stream()
                .map(f -> f.json().path("request_id").asText()).toList();
        assertThat(requestIds).doesNotHaveDuplicates();
    }

    @Test
    void configuredNamespaceGetsEntities() {
        AppDaemonSink sink = harness.start(harness.settings().namespace("trading").build());
        harness.awaitState(ConnectionState.CONNECTED);

        sink.publish(TestAccounts.first(TestAccounts.snapshot("1", "10.00")));

        appDaemon.awaitEntity("trading", "sensor.ctrader_1_balance", entity -> true, IO_WAIT);
        assertThat(appDaemon.entities("default")).isEmpty();
    }

    @Test
    void accountIdsMapToValidObjectIds() {
        AppDaemonSink sink = harness.startConnected();

        sink.publish(TestAccounts.first(TestAccounts.snapshot("Demo-Account_7", "10.00")));

        StoredEntity balance = appDaemon.awaitEntity(NS, "sensor.ctrader_demo_account_7_balance", e -> true, IO_WAIT);
        assertThat(balance.attribute("account")).isEqualTo("Demo-Account_7");
    }

    @Test
    void collidingAccountIdsKeepFirstEntities() {
        AppDaemonSink sink = harness.startConnected();

        sink.publish(TestAccounts.first(TestAccounts.snapshot("AB-1", "1.00")));
        sink.publish(TestAccounts.first(TestAccounts.snapshot("ab_1", "2.00")));
        sink.publish(TestAccounts.withClosedDeal("ab_1", "D1"));

        List<FiredEvent> events = appDaemon.awaitEvents("ctrader_deal_closed", 1, IO_WAIT);
        StoredEntity balance = appDaemon.awaitEntity(NS, "sensor.ctrader_ab_1_balance", e -> true, IO_WAIT);
        assertThat(balance.attribute("account")).isEqualTo("AB-1");
        assertThat(balance.state().asText()).isEqualTo("1.00");
        assertThat(events.get(0).data().path("account").asText()).isEqualTo("ab_1");
        assertThat(harness.logs.messages(Level.ERROR, "Accounts AB-1 and ab_1 both map to"))
                .hasSize(1);
    }

    @Test
    void closedDealFiresOneEventWithItsId() {
        AppDaemonSink sink = harness.startConnected();
        AccountSnapshot before = TestAccounts.snapshot("1", "10000.00");
        AccountSnapshot after = TestAccounts.snapshot("1", "10009.10");
        AccountUpdate update = TestAccounts.update(before, after, List.of(
                TestAccounts.openingDeal("D1", "P9"), TestAccounts.closingDeal("D2", "P1")));

        sink.publish(update);
        sink.publish(update);
        sink.publish(TestAccounts.withClosedDeal("1", "D3"));

        List<FiredEvent> events = appDaemon.awaitEvents("ctrader_deal_closed", 2, IO_WAIT);
        assertThat(events).extracting(event -> event.data().path("deal_id").asText()).containsExactly("D2", "D3");
        JsonNode deal = events.get(0).data();
        assertThat(events.get(0).namespace()).isEqualTo("default");
        assertThat(deal.path("position_id").asText()).isEqualTo("P1");
        assertThat(deal.path("symbol").asText()).isEqualTo("EURUSD");
        assertThat(deal.path("side").asText()).isEqualTo("sell");
        assertThat(deal.path("volume").decimalValue()).isEqualByComparingTo("10000");
        assertThat(deal.path("price").asText()).isEqualTo("1.08465");
        assertThat(deal.path("gross_profit").asText()).isEqualTo("12.50");
        assertThat(deal.path("net_profit").asText()).isEqualTo("9.10");
        assertThat(deal.path("swap").asText()).isEqualTo("-0.40");
        assertThat(deal.path("commission").asText()).isEqualTo("-3.00");
        assertThat(deal.path("balance_after").asText()).isEqualTo("10009.10");
        assertThat(deal.path("currency").asText()).isEqualTo("USD");
        assertThat(deal.path("executed_at").asText()).isEqualTo("2026-01-05T09:59:30.125Z");
        assertThat(deal.path("account").asText()).isEqualTo("1");
        assertThat(deal.path("monitor").asText()).isEqualTo(TestAccounts.MONITOR);
        assertThat(harness.metrics.total(BridgeMetrics.EVENTS_DUPLICATE)).isEqualTo(2);
        harness.time.advance(Duration.ofSeconds(1));
        appDaemon.awaitEntity(NS, "sensor.ctrader_1_balance", e -> e.state().asText().equals("10000.00"), IO_WAIT);
        assertThat(appDaemon.firedEvents("ctrader_deal_closed")).hasSize(2);
    }

    @Test
    void positionChangesFireEvents() {
        AppDaemonSink sink = harness.startConnected();
        Position first = TestAccounts.position("P1", "EURUSD");
        Position second = TestAccounts.position("P2", "XAUUSD");
        AccountSnapshot withFirst = TestAccounts.snapshot("1", "100.00", List.of(first));
        AccountSnapshot withSecond = TestAccounts.snapshot("1", "100.00", List.of(second));

        sink.publish(TestAccounts.first(withFirst));
        sink.publish(TestAccounts.update(withFirst, withSecond, List.of()));

        List<FiredEvent> opened = appDaemon.awaitEvents("ctrader_position_opened", 1, IO_WAIT);
        List<FiredEvent> closed = appDaemon.awaitEvents("ctrader_position_closed", 1, IO_WAIT);
        assertThat(opened).hasSize(1);
        assertThat(opened.get(0).data().path("position_id").asText()).isEqualTo("P2");
        assertThat(opened.get(0).data().path("symbol").asText()).isEqualTo("XAUUSD");
        assertThat(opened.get(0).data().path("entry_price").asText()).isEqualTo("1.08340");
        assertThat(closed).hasSize(1);
        assertThat(closed.get(0).data().path("position_id").asText()).isEqualTo("P1");
    }

    @Test
    void linkStatusDrivesBinarySensorAndEvent() {
        AppDaemonSink sink = harness.startConnected();
        AccountId account = AccountId.of("1");
        String entityId = "binary_sensor.ctrader_1_connected";

        sink.linkChanged(TestAccounts.MONITOR, account, TestAccounts.link(LinkState.UP, ""));
        StoredEntity up = appDaemon.awaitEntity(NS, entityId, entity -> entity.state().asText().equals("on"), IO_WAIT);
        // One publish interval later, the next change of the entity is due at once.
        harness.time.advance(AppDaemonSettings.DEFAULT_PUBLISH_INTERVAL);
        sink.linkChanged(TestAccounts.MONITOR, account, TestAccounts.link(LinkState.UP, "re-authorised"));
        appDaemon.awaitEntity(NS, entityId, entity -> "re-authorised".equals(entity.attribute("detail")), IO_WAIT);
        // That send starts a new publish interval, so the coalescer delays the next change until
        // virtual time reaches the end of it. The wait makes the test independent of when the I/O
        // thread runs, because otherwise the down state may replace the unsent one and go out at once.
        sink.linkChanged(TestAccounts.MONITOR, account, TestAccounts.link(LinkState.DOWN, "socket closed"));
        List<FiredEvent> events = appDaemon.awaitEvents("ctrader_link_changed", 2, IO_WAIT);
        assertThat(appDaemon.entity(NS, entityId).orElseThrow().state().asText())
                .as("state before the publish interval ends").isEqualTo("on");
        harness.time.advance(AppDaemonSettings.DEFAULT_PUBLISH_INTERVAL);

        StoredEntity down = appDaemon.awaitEntity(NS, entityId, entity -> entity.state().asText().equals("off"), IO_WAIT);
        assertThat(up.attribute("device_class")).isEqualTo("connectivity");
        assertThat(up.attribute("friendly_name")).isEqualTo("ctrader 1 Connected");
        assertThat(down.attribute("link_state")).isEqualTo("down");
        assertThat(down.attribute("detail")).isEqualTo("socket closed");
        assertThat(events).extracting(event -> event.data().path("state").asText()).containsExactly("up", "down");
        assertThat(events).extracting(event -> event.data().path("connected").asBoolean()).containsExactly(true, false);
    }

    @Test
    void unchangedEntitiesAreResentPeriodically() {
        AppDaemonSink sink = harness.startConnected();
        sink.publish(TestAccounts.first(TestAccounts.snapshot("1", "100.00")));
        sink.linkChanged(TestAccounts.MONITOR, AccountId.of("1"), TestAccounts.link(LinkState.UP, ""));
        appDaemon.await("8 entities", () -> appDaemon.entities(NS).size() == 8, IO_WAIT);
        // Time may move on only once no request waits for its reply, or the reply would time out.
        harness.awaitCount(BridgeMetrics.STATES_DELIVERED, 8);

        appDaemon.clearEntities(NS);
        sink.publish(TestAccounts.first(TestAccounts.snapshot("1", "100.00")));
        // Ten minutes in steps of one ping interval, so that each ping gets its pong in real time.
        for (int ping = 1; ping <= 20; ping++) {
            harness.time.advance(AppDaemonSettings.DEFAULT_PING_INTERVAL);
            harness.awaitCount(BridgeMetrics.PONGS, ping);
            if (ping < 20) {
                assertThat(appDaemon.entities(NS)).as("unchanged states before the resend interval").isEmpty();
            }
        }

        appDaemon.await("8 entities again", () -> appDaemon.entities(NS).size() == 8, IO_WAIT);
        assertThat(appDaemon.entity(NS, "binary_sensor.ctrader_1_connected").orElseThrow().state().asText())
                .isEqualTo("on");
    }

    @Test
    void reportsMetricsOfDelivery() {
        AppDaemonSink sink = harness.startConnected();

        sink.publish(TestAccounts.withClosedDeal("1", "D1"));

        appDaemon.awaitEvents("ctrader_deal_closed", 1, IO_WAIT);
        assertThat(harness.metrics.total(BridgeMetrics.CONNECTS)).isEqualTo(1);
        assertThat(harness.metrics.gaugeValue(BridgeMetrics.CONNECTED)).isEqualTo(1);
        assertThat(harness.metrics.gaugeValue(BridgeMetrics.ENTITIES)).isEqualTo(7);
        assertThat(harness.metrics.total(BridgeMetrics.STATES_SENT)).isEqualTo(7);
        assertThat(harness.metrics.total(BridgeMetrics.EVENTS_SENT)).isEqualTo(1);

        sink.close();

        assertThat(harness.metrics.total(BridgeMetrics.EVENTS_DELIVERED)).as("acknowledged before close returned")
                .isEqualTo(1);
        assertThat(harness.metrics.gaugeValue(BridgeMetrics.EVENTS_BUFFERED)).isEqualTo(0);
        assertThat(harness.metrics.gaugeValue(BridgeMetrics.CONNECTED)).isEqualTo(0);
    }
}
