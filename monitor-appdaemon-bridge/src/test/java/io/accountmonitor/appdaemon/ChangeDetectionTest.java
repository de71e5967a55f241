package io.accountmonitor.appdaemon;

import static io.accountmonitor.appdaemon.BridgeHarness.IO_WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.accountmonitor.appdaemon.testing.FakeAppDaemon;
import io.accountmonitor.appdaemon.testing.ReceivedFrame;
import io.accountmonitor.core.model.AccountId;
import io.accountmonitor.core.model.AccountSnapshot;
import io.accountmonitor.core.model.DealCursor;
import io.accountmonitor.core.model.LinkState;
import io.accountmonitor.core.model.LinkStatus;
import io.accountmonitor.core.model.Position;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Entities go out only when a figure changes. These tests try to lose a real change: right after
 * an unchanged check, a change of currency or of the positions list alone, a link change, a change
 * made while AppDaemon is away, and the full state after a reconnect.
 */
class ChangeDetectionTest {
    private static final String NS = "default";
    private static final String ACCOUNT = "1";
    private static final String SENTINEL = "2";
    private static final Duration INTERVAL = AppDaemonSettings.DEFAULT_PUBLISH_INTERVAL;
    private static final Instant T0 = TestAccounts.FETCHED_AT;

    private FakeAppDaemon appDaemon;
    private BridgeHarness harness;
    private AppDaemonSink sink;

    @BeforeEach
    void start() {
        appDaemon = FakeAppDaemon.create().start();
        harness = new BridgeHarness(appDaemon);
        sink = harness.startConnected();
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void unchangedCheckSendsNothing() {
        publish(snapshot(ACCOUNT, "USD", "100.00", List.of(), T0));
        awaitEntityCount(7);
        int before = stateSetsOf(ACCOUNT).size();

        harness.time.advance(INTERVAL);
        publish(snapshot(ACCOUNT, "USD", "100.00", List.of(), T0.plusSeconds(60)));
        sentinelRoundTrip();

        assertThat(stateSetsOf(ACCOUNT)).as("state/set frames of the unchanged account").hasSize(before);
    }

    @Test
    void balanceChangeAfterIdleSent() {
        publish(snapshot(ACCOUNT, "USD", "100.00", List.of(), T0));
        awaitEntityCount(7);
        for (int i = 1; i <= 3; i++) {
            harness.time.advance(INTERVAL);
            publish(snapshot(ACCOUNT, "USD", "100.00", List.of(), T0.plusSeconds(i)));
        }
        publish(snapshot(ACCOUNT, "USD", "100.01", List.of(), T0.plusSeconds(4)));
        harness.time.advance(INTERVAL);

        appDaemon.awaitEntity(NS, "sensor.ctrader_1_balance", e -> e.state().asText().equals("100.01"), IO_WAIT);
        appDaemon.awaitEntity(NS, "sensor.ctrader_1_equity", e -> e.state().asText().equals("112.26"), IO_WAIT);
    }

    @Test
    void currencyChangeSent() {
        publish(snapshot(ACCOUNT, "USD", "100.00", List.of(), T0));
        awaitEntityCount(7);
        harness.time.advance(INTERVAL);

        publish(snapshot(ACCOUNT, "EUR", "100.00", List.of(), T0.plusSeconds(1)));
        harness.time.advance(INTERVAL);

        appDaemon.awaitEntity(NS, "sensor.ctrader_1_balance",
                e -> "EUR".equals(e.attribute("unit_of_measurement")), IO_WAIT);
        appDaemon.awaitEntity(NS, "sensor.ctrader_1_open_positions", e -> "EUR".equals(e.attribute("currency")), IO_WAIT);
    }

    @Test
    void positionSwapSent() {
        publish(snapshot(ACCOUNT, "USD", "100.00", List.of(TestAccounts.position("P1", "EURUSD")), T0));
        awaitEntityCount(7);
        harness.time.advance(INTERVAL);

        publish(snapshot(ACCOUNT, "USD", "100.00", List.of(TestAccounts.position("P2", "GBPUSD")), T0.plusSeconds(1)));
        harness.time.advance(INTERVAL);

        appDaemon.awaitEntity(NS, "sensor.ctrader_1_open_positions",
                e -> e.attributes().path("positions").path(0).path("symbol").asText().equals("GBPUSD"), IO_WAIT);
    }

    @Test
    void linkFlapEndsAtLatest() {
        AccountId account = AccountId.of(ACCOUNT);
        sink.linkChanged(TestAccounts.MONITOR, account, new LinkStatus(LinkState.UP, "", T0));
        appDaemon.awaitEntity(NS, "binary_sensor.ctrader_1_connected", e -> e.state().asText().equals("on"), IO_WAIT);

        sink.linkChanged(TestAccounts.MONITOR, account, new LinkStatus(LinkState.DOWN, "lost", T0.plusSeconds(1)));
        harness.time.advance(INTERVAL);
        appDaemon.awaitEntity(NS, "binary_sensor.ctrader_1_connected", e -> e.state().asText().equals("off"), IO_WAIT);

        sink.linkChanged(TestAccounts.MONITOR, account, new LinkStatus(LinkState.CONNECTING, "retry", T0.plusSeconds(2)));
        sink.linkChanged(TestAccounts.MONITOR, account, new LinkStatus(LinkState.UP, "", T0.plusSeconds(3)));
        harness.time.advance(INTERVAL);
        appDaemon.awaitEntity(NS, "binary_sensor.ctrader_1_connected",
                e -> e.state().asText().equals("on") && "up".equals(e.attribute("link_state")), IO_WAIT);
    }

    @Test
    void restartResendsUnchangedState() {
        publish(snapshot(ACCOUNT, "USD", "100.00", List.of(), T0));
        sink.linkChanged(TestAccounts.MONITOR, AccountId.of(ACCOUNT), new LinkStatus(LinkState.UP, "", T0));
        awaitEntityCount(8);

        appDaemon.stop();
        harness.awaitDisconnected();
        publish(snapshot(ACCOUNT, "USD", "100.00", List.of(), T0.plusSeconds(5)));
        appDaemon.start();
        reconnect();

        appDaemon.await("8 entities after the restart", () -> appDaemon.entities(NS).size() == 8, IO_WAIT);
    }

    @Test
    void outageChangeSentAfterReconnect() {
        publish(snapshot(ACCOUNT, "USD", "100.00", List.of(), T0));
        awaitEntityCount(7);

        appDaemon.stop();
        harness.awaitDisconnected();
        publish(snapshot(ACCOUNT, "USD", "250.00", List.of(), T0.plusSeconds(5)));
        publish(snapshot(ACCOUNT, "USD", "300.00", List.of(), T0.plusSeconds(6)));
        appDaemon.start();
        reconnect();

        appDaemon.awaitEntity(NS, "sensor.ctrader_1_balance", e -> e.state().asText().equals("300.00"), IO_WAIT);
    }

    @Test
    void changeAfterReconnectSent() {
        publish(snapshot(ACCOUNT, "USD", "100.00", List.of(), T0));
        awaitEntityCount(7);
        appDaemon.disconnectAll();
        harness.awaitDisconnected();
        reconnect();
        // The forced full state and a change race each other here.
        publish(snapshot(ACCOUNT, "USD", "101.00", List.of(), T0.plusSeconds(10)));
        harness.time.advance(INTERVAL);

        appDaemon.awaitEntity(NS, "sensor.ctrader_1_balance", e -> e.state().asText().equals("101.00"), IO_WAIT);
    }

    @Test
    void revertWithinIntervalSendsNothing() {
        publish(snapshot(ACCOUNT, "USD", "100.00", List.of(), T0));
        awaitEntityCount(7);
        publish(snapshot(ACCOUNT, "USD", "200.00", List.of(), T0.plusSeconds(1)));
        publish(snapshot(ACCOUNT, "USD", "100.00", List.of(), T0.plusSeconds(2)));
        harness.time.advance(INTERVAL);
        sentinelRoundTrip();

        assertThat(appDaemon.entity(NS, "sensor.ctrader_1_balance").orElseThrow().state().asText()).isEqualTo("100.00");
        assertThat(stateSetsOf(ACCOUNT)).noneMatch(frame -> frame.text().contains("200.00"));
    }

    /**
     * The resend makes every entity due so Home Assistant gets back what it lost. An update with the
     * same figures that arrives before the resend went out must not cancel it.
     */
    @Test
    void sameFiguresKeepPendingResend() {
        EntityCoalescer coalescer = new EntityCoalescer(INTERVAL.toNanos());
        EntityState first = balance("100.00", T0);
        coalescer.put(first, 0);
        assertThat(coalescer.pollDue(0, 0)).isEqualTo(first);

        long resendAt = Duration.ofMinutes(10).toNanos();
        coalescer.markAllDue(resendAt);
        coalescer.put(balance("100.00", T0.plusSeconds(600)), resendAt);

        assertThat(coalescer.pollDue(resendAt, resendAt)).as("the resend of the balance").isNotNull();
    }

    // ---- helpers ----

    private void publish(AccountSnapshot snapshot) {
        sink.publish(TestAccounts.first(snapshot));
    }

    private static AccountSnapshot snapshot(String account, String currency, String balance, List<Position> positions,
            Instant fetchedAt) {
        BigDecimal balanceValue = new BigDecimal(balance);
        BigDecimal pnl = new BigDecimal("12.25");
        return new AccountSnapshot(AccountId.of(account), currency, balanceValue, balanceValue.add(pnl),
                new BigDecimal("250.00"), balanceValue.add(pnl).subtract(new BigDecimal("250.00")),
                new BigDecimal("4004.90"), pnl, positions, List.of(), DealCursor.startingAt(T0), 7, fetchedAt);
    }

    private static EntityState balance(String value, Instant checkedAt) {
        ObjectNode attributes = Json.object();
        attributes.put("unit_of_measurement", "USD");
        attributes.put(EntityState.CHECKED_AT, checkedAt.toString());
        return new EntityState("sensor.ctrader_1_balance", Json.NODES.numberNode(new BigDecimal(value)), attributes);
    }

    private List<ReceivedFrame> stateSetsOf(String account) {
        return appDaemon.receivedFrames(frame -> frame.requestType().equals("call_service")
                && frame.json().path("data").path("data").path("entity_id").asText().contains("ctrader_" + account + "_"));
    }

    /** Publishes a change of another account and waits until AppDaemon has it: earlier sends are done by then. */
    private void sentinelRoundTrip() {
        String value = "5" + appDaemon.receivedFrames().size() + ".00";
        publish(snapshot(SENTINEL, "USD", value, List.of(), T0));
        harness.time.advance(INTERVAL);
        appDaemon.awaitEntity(NS, "sensor.ctrader_2_balance", e -> e.state().asText().equals(value), IO_WAIT);
    }

    private void awaitEntityCount(int count) {
        appDaemon.await(count + " entities", () -> appDaemon.entities(NS).size() >= count, IO_WAIT);
    }

    private void reconnect() {
        while (harness.awaitAnyState(EnumSet.of(ConnectionState.WAITING, ConnectionState.CONNECTED))
                != ConnectionState.CONNECTED) {
            harness.time.advanceToNextTask();
        }
    }
}
