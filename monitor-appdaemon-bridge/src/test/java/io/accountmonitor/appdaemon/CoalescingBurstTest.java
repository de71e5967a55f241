package io.accountmonitor.appdaemon;

import static io.accountmonitor.appdaemon.BridgeHarness.IO_WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.accountmonitor.appdaemon.testing.FakeAppDaemon;
import io.accountmonitor.appdaemon.testing.ReceivedFrame;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class CoalescingBurstTest {
    private static final int UPDATES = 10_000;
    private static final String BALANCE = "sensor.ctrader_1_balance";
    private static final String EQUITY = "sensor.ctrader_1_equity";

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
    void burstCoalescesPerEntity() {
        AppDaemonSink sink = harness.startConnected();
        BigDecimal start = new BigDecimal("10000.00");
        String last = start.add(BigDecimal.valueOf(UPDATES, 2)).toPlainString();

        // 10,000 updates over one second of virtual time, then one more publish interval.
        for (int i = 1; i <= UPDATES; i++) {
            sink.publish(TestAccounts.first(TestAccounts.snapshot("1", start.add(BigDecimal.valueOf(i, 2)).toPlainString())));
            if (i % 10 == 0) {
                harness.time.advance(Duration.ofMillis(1));
            }
        }
        harness.time.advance(AppDaemonSettings.DEFAULT_PUBLISH_INTERVAL);

        appDaemon.awaitEntity("default", BALANCE, entity -> entity.state().asText().equals(last), IO_WAIT);
        appDaemon.awaitEntity("default", EQUITY, entity -> entity.state().asText().equals("10112.25"), IO_WAIT);
        List<ReceivedFrame> balanceSends = appDaemon.receivedFrames(frame -> frame.isStateSetOf(BALANCE));
        List<ReceivedFrame> stateSends = appDaemon.receivedFrames(frame -> frame.requestType().equals("call_service"));
        // One send when the burst starts, then at most one per second of the span and one after it.
        assertThat(balanceSends).hasSizeBetween(2, 3);
        assertThat(balanceSends.get(balanceSends.size() - 1).json().path("data").path("data").path("state").asText())
                .isEqualTo(last);
        assertThat(appDaemon.receivedFrames(frame -> frame.isStateSetOf("sensor.ctrader_1_open_positions")))
                .as("an entity whose state never changes").hasSize(1);
        assertThat(stateSends).hasSizeLessThanOrEqualTo(7 * 3);
        LoggerFactory.getLogger(CoalescingBurstTest.class).info("{} updates of one account became {} state/set"
                + " requests, {} of them for the balance", UPDATES, stateSends.size(), balanceSends.size());
    }
}
