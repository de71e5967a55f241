package io.accountmonitor.appdaemon;

import static io.accountmonitor.appdaemon.BridgeHarness.IO_WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.accountmonitor.appdaemon.testing.FakeAppDaemon;
import io.accountmonitor.core.model.LinkState;
import io.accountmonitor.core.model.LinkStatus;
import io.accountmonitor.core.spi.RandomSource;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each way AppDaemon can refuse or fail the bridge: a clear log line, retries that follow the
 * capped backoff schedule over nine minutes of virtual time, and no growth in threads.
 */
class AppDaemonFailureTest {
    /** Shorter than the ten-minute window in which repeated messages are summarised. */
    private static final Duration SPAN = Duration.ofMinutes(9);
    private static final Duration REQUEST_TIMEOUT = AppDaemonSettings.DEFAULT_REQUEST_TIMEOUT;
    private static final Set<ConnectionState> WAITING = EnumSet.of(ConnectionState.WAITING);

    private FakeAppDaemon appDaemon;
    private BridgeHarness harness;
    private long selectorThreadsBefore;
    private long unnamedThreadsBefore;

    @BeforeEach
    void startServer() {
        appDaemon = FakeAppDaemon.create().start();
        harness = new BridgeHarness(appDaemon);
        selectorThreadsBefore = BridgeHarness.httpClientSelectorThreads();
        unnamedThreadsBefore = BridgeHarness.unnamedThreads();
    }

    @AfterEach
    void stopAll() {
        harness.close();
    }

    @Test
    void wrongPasswordBacksOff() {
        appDaemon.password("secret");

        harness.start(harness.settings().password("wrong-secret-value").build());
        harness.runFor(SPAN, WAITING);

        assertFollowsBackoff(Duration.ZERO, Duration.ZERO);
        assertThat(harness.metrics.total(BridgeMetrics.CONNECTS)).as("hello accepted").isZero();
        assertThat(harness.logs.messages(Level.ERROR, "rejected hello: 'Error handling HTTP request: authorization failed'"))
                .singleElement().asString()
                .contains("AppDaemon rejected the password")
                .contains("**********");
        assertThat(harness.logs.all()).noneMatch(line -> line.contains("wrong-secret-value"));
        assertThat(harness.metrics.count(BridgeMetrics.ERRORS, "kind", "authorization"))
                .isEqualTo(harness.attemptStarts.size());
        assertThreadsBounded();
    }

    @Test
    void missingPasswordIsReported() {
        appDaemon.password("secret");

        harness.start(harness.settings().build());
        harness.awaitState(ConnectionState.WAITING);

        assertThat(harness.logs.messages(Level.ERROR, "AppDaemon requires a password")).hasSize(1);
        LinkStatus link = harness.sink.status();
        assertThat(link.state()).isEqualTo(LinkState.DOWN);
        assertThat(link.detail()).startsWith("AppDaemon rejected hello").contains("password")
                .endsWith("; retrying with backoff");
    }

    @Test
    void matchingPasswordIsAccepted() {
        appDaemon.password("**********");

        harness.start(harness.settings().password("**********").build());

        harness.awaitState(ConnectionState.CONNECTED);
        assertThat(appDaemon.receivedFrames().get(0).json().path("data").path("password").asText())
                .isEqualTo("**********");
    }

    @Test
    void unknownNamespaceBacksOffToCap() {
        AppDaemonSink sink = harness.start(harness.settings().namespace("nowhere").build());
        sink.publish(TestAccounts.first(TestAccounts.snapshot("1", "100.00")));
        harness.runFor(SPAN, WAITING);

        assertFollowsBackoff(Duration.ZERO, Duration.ZERO);
        assertThat(harness.metrics.total(BridgeMetrics.CONNECTS)).as("hello accepted each time")
                .isEqualTo(harness.attemptStarts.size());
        assertThat(harness.logs.messages(Level.ERROR, "Unknown namespace 'nowhere'")).singleElement().asString()
                .contains("Namespace 'nowhere' does not exist in AppDaemon")
                .contains("appdaemon: namespaces:")
                .contains("or set namespace: default");
        assertThat(harness.metrics.count(BridgeMetrics.ERRORS, "kind", "namespace"))
                .isEqualTo(harness.attemptStarts.size());
        assertThat(lastGap()).as("gap between the last two attempts").isGreaterThanOrEqualTo(Duration.ofSeconds(30));
        assertThreadsBounded();
    }

    @Test
    void malformedRepliesBackOff() {
        appDaemon.mode(FakeAppDaemon.Mode.MALFORMED_REPLIES);

        harness.start(harness.settings().build());
        harness.runFor(SPAN, WAITING);

        assertFollowsBackoff(Duration.ZERO, Duration.ZERO);
        assertThat(harness.metrics.total(BridgeMetrics.CONNECTS)).as("hello accepted").isZero();
        assertThat(harness.logs.messages(Level.WARN, "sent text that is not JSON")).hasSize(1);
        assertThat(harness.logs.messages(Level.WARN, "malformed reply to hello: response_success is missing"))
                .singleElement().asString().startsWith("Cannot connect to AppDaemon at ws://127.0.0.1:");
        assertThat(harness.metrics.total(BridgeMetrics.FRAMES_MALFORMED)).isEqualTo(3L * harness.attemptStarts.size());
        assertThreadsBounded();
    }

    @Test
    void silentServerTimesOut() {
        appDaemon.mode(FakeAppDaemon.Mode.SILENT);

        harness.start(harness.settings().build());
        harness.runFor(SPAN, EnumSet.of(ConnectionState.WAITING, ConnectionState.AUTHENTICATING));

        assertFollowsBackoff(REQUEST_TIMEOUT, REQUEST_TIMEOUT);
        assertThat(harness.metrics.total(BridgeMetrics.CONNECTS)).as("hello accepted").isZero();
        assertThat(harness.logs.messages(Level.WARN, "no reply to hello within 10000 ms")).hasSize(1);
        assertThat(harness.metrics.count(BridgeMetrics.TIMEOUTS, "kind", "request"))
                .as("every attempt but the last, which may still wait")
                .isBetween(harness.attemptStarts.size() - 1L, (long) harness.attemptStarts.size());
        assertThreadsBounded();
    }

    @Test
    void droppedConnectionsBackOff() {
        appDaemon.mode(FakeAppDaemon.Mode.DROP_CONNECTIONS);

        harness.start(harness.settings().build());
        // A drop the JDK client misses ends with the hello timeout instead.
        harness.runFor(SPAN, EnumSet.of(ConnectionState.WAITING, ConnectionState.AUTHENTICATING));

        assertFollowsBackoff(Duration.ZERO, REQUEST_TIMEOUT);
        assertThat(harness.metrics.total(BridgeMetrics.CONNECTS)).as("hello accepted").isZero();
        assertThat(harness.logs.messages(Level.WARN, "Cannot connect to AppDaemon at ws://127.0.0.1:")).hasSize(1);
        assertThat(appDaemon.connectionCount()).isEqualTo(harness.attemptStarts.size());
        assertThreadsBounded();
    }

    @Test
    void stalledHandshakeTimesOut() throws IOException {
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String url = "ws://127.0.0.1:" + listener.getLocalPort() + "/stream";

            harness.start(harness.settings().url(url).build());
            harness.runFor(SPAN, EnumSet.of(ConnectionState.WAITING, ConnectionState.CONNECTING));

            assertFollowsBackoff(AppDaemonSettings.DEFAULT_CONNECT_TIMEOUT, AppDaemonSettings.DEFAULT_CONNECT_TIMEOUT);
            assertThat(harness.metrics.total(BridgeMetrics.CONNECTS)).as("hello accepted").isZero();
            assertThat(harness.logs.messages(Level.WARN, "no websocket handshake within 10000 ms")).hasSize(1);
            assertThat(harness.metrics.count(BridgeMetrics.TIMEOUTS, "kind", "connect"))
                    .isBetween(harness.attemptStarts.size() - 1L, (long) harness.attemptStarts.size());
            assertThreadsBounded();
        }
    }

    @Test
    void wrongPathIsReported() {
        String url = "ws://127.0.0.1:" + appDaemon.port() + "/api/stream";

        harness.start(harness.settings().url(url).build());
        harness.awaitState(ConnectionState.WAITING);

        assertThat(harness.logs.messages(Level.WARN, "the websocket handshake failed with HTTP status 404"))
                .singleElement().asString().contains("appdaemon.yaml has http: and api: or admin:");
    }

    @Test
    void refusedConnectionIsReported() throws IOException {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }

        harness.start(harness.settings().url("ws://127.0.0.1:" + closedPort + "/stream").build());
        harness.awaitState(ConnectionState.WAITING);

        assertThat(harness.logs.messages(Level.WARN, "connection refused")).singleElement().asString()
                .contains("check that AppDaemon runs");
    }

    @Test
    void missingPongEndsConnection() {
        harness.startConnected();
        assertThat(harness.sink.status().state()).isEqualTo(LinkState.UP);
        Instant connectedAt = harness.sink.status().since();
        appDaemon.mode(FakeAppDaemon.Mode.SILENT);

        harness.time.advance(AppDaemonSettings.DEFAULT_PING_INTERVAL);
        appDaemon.await("a ping", () -> appDaemon.pingCount() >= 1, IO_WAIT);
        harness.time.advance(REQUEST_TIMEOUT);

        assertThat(harness.sink.connectionState()).isEqualTo(ConnectionState.WAITING);
        assertThat(harness.logs.messages(Level.WARN, "no pong within 10000 ms of a ping")).singleElement().asString()
                .startsWith("Lost the connection to AppDaemon");
        assertThat(harness.metrics.count(BridgeMetrics.TIMEOUTS, "kind", "pong")).isEqualTo(1);
        LinkStatus lost = harness.sink.status();
        assertThat(lost.state()).isEqualTo(LinkState.DOWN);
        assertThat(lost.detail()).contains("no pong within 10000 ms");
        assertThat(lost.since()).isAfter(connectedAt);
        appDaemon.mode(FakeAppDaemon.Mode.NORMAL);
        harness.time.advanceToNextTask();
        harness.awaitState(ConnectionState.CONNECTED);
    }

    @Test
    void answeredPingsKeepConnection() {
        harness.startConnected();

        for (int i = 1; i <= 3; i++) {
            harness.time.advance(AppDaemonSettings.DEFAULT_PING_INTERVAL);
            harness.awaitCount(BridgeMetrics.PONGS, i);
        }
        harness.time.advance(REQUEST_TIMEOUT);

        assertThat(appDaemon.pingCount()).isEqualTo(3);
        assertThat(harness.metrics.count(BridgeMetrics.TIMEOUTS, "kind", "pong")).isZero();
        assertThat(harness.sink.connectionState()).isEqualTo(ConnectionState.CONNECTED);
    }

    /**
     * Checks that each gap between two attempts is the failure detection time plus a backoff delay
     * of the schedule for that failure, and that the number of attempts fits the span.
     */
    private void assertFollowsBackoff(Duration detectionMin, Duration detectionMax) {
        List<Instant> starts = harness.attemptStarts;
        ReconnectBackoff schedule = defaultSchedule();
        for (int failure = 1; failure < starts.size(); failure++) {
            Duration gap = Duration.between(starts.get(failure - 1), starts.get(failure));
            long ceiling = schedule.ceiling(failure);
            Duration shortest = detectionMin.plusNanos(ceiling - ceiling / 2);
            Duration longest = detectionMax.plusNanos(ceiling);
            assertThat(gap).as("gap after failure %d of attempts %s; log %s", failure, starts, harness.logs.all())
                    .isBetween(shortest, longest);
        }
        assertThat(starts.size()).as("attempts in %s: %s; state %s, timers %s; log %s", SPAN, starts,
                        harness.sink.connectionState(), harness.time.pendingTasks(), harness.logs.all())
                .isBetween(attemptsWithin(detectionMax, false), attemptsWithin(detectionMin, true));
        assertThat(harness.metrics.total(BridgeMetrics.CONNECT_ATTEMPTS)).isEqualTo(starts.size());
    }

    /** Returns how many attempts fit in the span with the shortest or the longest delays. */
    private static int attemptsWithin(Duration detection, boolean shortest) {
        ReconnectBackoff schedule = defaultSchedule();
        long elapsed = 0;
        int attempts = 1;
        for (int failure = 1; ; failure++) {
            long ceiling = schedule.ceiling(failure);
            long gap = detection.toNanos() + (shortest ? ceiling - ceiling / 2 : ceiling);
            if (elapsed + gap > SPAN.toNanos()) {
                return attempts;
            }
            elapsed += gap;
            attempts++;
        }
    }

    private static ReconnectBackoff defaultSchedule() {
        AppDaemonSettings.Backoff defaults = new AppDaemonSettings.Backoff(null, null);
        return new ReconnectBackoff(defaults.initial(), defaults.max(), RandomSource.seeded(1));
    }

    private Duration lastGap() {
        List<Instant> starts = harness.attemptStarts;
        return Duration.between(starts.get(starts.size() - 2), starts.get(starts.size() - 1));
    }

    private void assertThreadsBounded() {
        harness.assertThreadsBounded();
        assertThat(BridgeHarness.httpClientSelectorThreads()).as("JDK HTTP client selector threads")
                .isLessThanOrEqualTo(selectorThreadsBefore + 1);
        // The JDK completes each websocket handshake on a short-lived thread of its own (see the docs);
        // at most the last attempt's may still be alive.
        assertThat(BridgeHarness.unnamedThreads()).as("short-lived JDK threads")
                .isLessThanOrEqualTo(unnamedThreadsBefore + 1);
    }
}
