package io.accountmonitor.ctrader;

import static io.accountmonitor.ctrader.SimulatorFixture.ACCOUNT;
import static io.accountmonitor.ctrader.SimulatorFixture.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.accountmonitor.core.model.AccountSnapshot;
import io.accountmonitor.core.model.LinkState;
import io.accountmonitor.core.spi.BrokerException;
import io.accountmonitor.core.spi.ErrorCategory;
import io.accountmonitor.ctrader.protocol.ProtoOAPayloadType;
import io.accountmonitor.ctrader.simulator.ConnectionStats;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionFaultsTest {
    @TempDir
    Path directory;

    @Test
    void droppedConnectionIsReplacedAndAccountAuthorisedAgain() throws Exception {
        try (SimulatorFixture fixture = SimulatorFixture.builder(directory).build().startAndAwait(ACCOUNT)) {
            fixture.simulator.dropConnections();

            assertThat(fixture.listener.awaitConnectionCount(LinkState.DOWN, 1, WAIT)).isTrue();
            assertThat(fixture.listener.lastConnectionStatus(LinkState.DOWN).detail()).contains("reconnecting in");
            fixture.advance(Duration.ofSeconds(2), Duration.ofMillis(100));

            assertThat(fixture.listener.awaitAccountCount(ACCOUNT, LinkState.UP, 2, WAIT)).isTrue();
            List<ConnectionStats> connections = fixture.simulator.connections();
            assertThat(connections).hasSize(2);
            assertThat(connections.get(1).accountAuthRequests()).isEqualTo(1);
            assertThat(fixture.fetch(ACCOUNT).balance()).isEqualByComparingTo("10000.00");
        }
    }

    @Test
    void fetchWhileReconnectingFailsUnavailableWithRetryTime() throws Exception {
        try (SimulatorFixture fixture = SimulatorFixture.builder(directory).build().startAndAwait(ACCOUNT)) {
            fixture.simulator.dropConnections();
            assertThat(fixture.listener.awaitConnectionCount(LinkState.DOWN, 1, WAIT)).isTrue();
            fixture.settle();

            BrokerException failure = SimulatorFixture.failure(fixture.startFetch(ACCOUNT));

            assertThat(failure.category()).isEqualTo(ErrorCategory.UNAVAILABLE);
            assertThat(failure.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(1));
        }
    }

    @Test
    void quietConnectionIsProbedWithVersionRequest() throws Exception {
        try (SimulatorFixture fixture = SimulatorFixture.builder(directory)
                .simulator(simulator -> simulator.heartbeatInterval(Duration.ZERO))
                .build().startAndAwait(ACCOUNT)) {
            fixture.advance(Duration.ofSeconds(29), Duration.ofSeconds(1));
            assertThat(fixture.received(ProtoOAPayloadType.PROTO_OA_VERSION_REQ)).isZero();

            fixture.advance(Duration.ofSeconds(2), Duration.ofSeconds(1));

            assertThat(fixture.received(ProtoOAPayloadType.PROTO_OA_VERSION_REQ)).isEqualTo(1);
            // The reply counts as inbound data, so the connection outlives the read timeout.
            fixture.advance(Duration.ofSeconds(90), Duration.ofSeconds(1));
            assertThat(fixture.listener.connectionCount(LinkState.DOWN)).isZero();
            assertThat(fixture.simulator.connections()).hasSize(1);
        }
    }

    @Test
    void heartbeatFollowsTenSecondsWithoutWrite() throws Exception {
        try (SimulatorFixture fixture = SimulatorFixture.builder(directory).build().startAndAwait(ACCOUNT)) {
            fixture.advance(Duration.ofSeconds(9), Duration.ofSeconds(1));
            // A request round trip proves that no heartbeat was queued before it.
            fixture.fetch(ACCOUNT);
            assertThat(fixture.simulator.heartbeatsReceived()).isZero();

            fixture.advance(Duration.ofSeconds(10), Duration.ofSeconds(1));

            assertThat(fixture.simulator.awaitHeartbeats(1, WAIT)).isTrue();
        }
    }

    @Test
    void delayedReplyFailsFetchWithTimeout() throws Exception {
        try (SimulatorFixture fixture = SimulatorFixture.builder(directory).build().startAndAwait(ACCOUNT)) {
            fixture.fetch(ACCOUNT);
            fixture.simulator.delayReplies(Duration.ofSeconds(20));
            CompletableFuture<AccountSnapshot> fetch = fixture.startFetch(ACCOUNT);
            fixture.awaitReceived(ProtoOAPayloadType.PROTO_OA_TRADER_REQ, 2);

            fixture.time.advance(Duration.ofSeconds(15));

            BrokerException failure = SimulatorFixture.failure(fetch);
            assertThat(failure.category()).isEqualTo(ErrorCategory.TIMEOUT);
            assertThat(failure.getMessage()).contains("within 15 s");
            fixture.simulator.delayReplies(Duration.ZERO);
            // Past the 20 s delay of every reply sent meanwhile: the quiet-connection probe may have
            // gone out at 15 s, and a request waiting for its reply keeps the source from settling.
            fixture.time.advance(Duration.ofSeconds(25));
            assertThat(fixture.fetch(ACCOUNT).balance()).isEqualByComparingTo("10000.00");
        }
    }

    @Test
    void clientDisconnectEventLeadsToNewConnection() throws Exception {
        try (SimulatorFixture fixture = SimulatorFixture.builder(directory).build().startAndAwait(ACCOUNT)) {
            fixture.simulator.sendClientDisconnect("application blocked by administrator");

            assertThat(fixture.listener.awaitConnectionCount(LinkState.DOWN, 1, WAIT)).isTrue();
            assertThat(fixture.listener.lastConnectionStatus(LinkState.DOWN).detail()).contains("client-disconnect");
            fixture.advance(Duration.ofSeconds(2), Duration.ofMillis(100));

            assertThat(fixture.listener.awaitAccountCount(ACCOUNT, LinkState.UP, 2, WAIT)).isTrue();
            assertThat(fixture.simulator.connections()).hasSize(2);
        }
    }

    @Test
    void accountDisconnectEventAuthorisesAccountAgain() throws Exception {
        try (SimulatorFixture fixture = SimulatorFixture.builder(directory).build().startAndAwait(ACCOUNT)) {
            fixture.simulator.sendAccountDisconnect(ACCOUNT);

            assertThat(fixture.listener.awaitAccountCount(ACCOUNT, LinkState.UP, 2, WAIT)).isTrue();
            assertThat(fixture.listener.accountCount(ACCOUNT, LinkState.DOWN)).isEqualTo(1);
            assertThat(fixture.simulator.connections()).hasSize(1);
            assertThat(fixture.simulator.connections().get(0).accountAuthRequests()).isEqualTo(2);
            fixture.settle();
            assertThat(fixture.fetch(ACCOUNT).balance()).isEqualByComparingTo("10000.00");
        }
    }
}
