package io.accountmonitor.appdaemon;

import static io.accountmonitor.appdaemon.BridgeHarness.IO_WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.accountmonitor.appdaemon.testing.FakeAppDaemon;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Settings that bypassed validation produce frames that the sink drops without sending. */
class InvalidFrameDropTest {
    private FakeAppDaemon appDaemon;
    private BridgeHarness harness;

    @BeforeEach
    void startServer() {
        appDaemon = FakeAppDaemon.create().start();
        harness = new BridgeHarness(appDaemon);
    }

    @AfterEach
    void stopAll() {
        harness.close();
    }

    @Test
    void invalidNamesAreNeverSent() {
        AppDaemonSink sink = harness.start(harness.settings().entityPrefix("Bad Prefix").build());
        harness.awaitState(ConnectionState.CONNECTED);

        sink.publish(TestAccounts.withClosedDeal("1", "D1"));
        sink.publish(TestAccounts.withClosedDeal("1", "D2"));
        sink.publish(TestAccounts.withClosedDeal("2", "D3"));
        // Seven sensors of each account and three deal events.
        harness.awaitCount(BridgeMetrics.FRAMES_INVALID, 7 + 7 + 3);
        // After one publish interval, changed figures are due at once, with no timer in between.
        harness.time.advance(AppDaemonSettings.DEFAULT_PUBLISH_INTERVAL);
        sink.publish(TestAccounts.first(TestAccounts.snapshot("1", "5.00")));

        // Balance, equity and free margin changed, so they are dropped once more.
        harness.awaitCount(BridgeMetrics.FRAMES_INVALID, 7 + 7 + 3 + 3);
        assertThat(appDaemon.receivedFrames()).extracting(frame -> frame.requestType()).containsExactly("hello");
        assertThat(harness.logs.messages(Level.ERROR, "Dropped fire_event Bad Prefix_deal_closed without sending it"))
                .singleElement().asString()
                .contains("data.event 'Bad Prefix_deal_closed' is not an event name");
        assertThat(harness.logs.messages(Level.ERROR, "Dropped state/set of sensor.Bad Prefix_1_balance without sending it"))
                .as("logged once although dropped twice").hasSize(1);
        assertThat(harness.sink.connectionState()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(harness.metrics.gaugeValue(BridgeMetrics.EVENTS_BUFFERED)).isEqualTo(0);
        appDaemon.await("connection still open", () -> appDaemon.openConnectionCount() == 1, IO_WAIT);
    }
}
