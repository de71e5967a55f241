package io.accountmonitor.appdaemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.accountmonitor.appdaemon.HostileAppDaemon.Reply;
import io.accountmonitor.appdaemon.testing.FakeAppDaemon;
import io.accountmonitor.core.model.LinkState;
import io.accountmonitor.core.model.LinkStatus;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An AppDaemon that sends hostile replies: error texts that echo the request, huge error
 * texts, garbage, binary and huge frames, deeply nested JSON, replies with a wrong response_id.
 * The sink must keep the password out of /health and the log, keep /health small, and end only
 * the connection that carried the bad frame.
 */
class HostileReplyTest {
    private static final String PASSWORD = "hunter2-Secret-Value";
    private static final Duration SPAN = Duration.ofMinutes(3);

    private BridgeHarness harness;
    private HostileAppDaemon hostile;

    @BeforeEach
    void createHarness() {
        harness = new BridgeHarness(FakeAppDaemon.create());
    }

    @AfterEach
    void closeAll() throws IOException {
        harness.close();
        if (hostile != null) {
            hostile.close();
        }
    }

    /** An error text that quotes the hello it rejects must not carry the password to /health or the log. */
    @Test
    void echoedHelloHidesPassword() throws IOException {
        hostile = new HostileAppDaemon((connection, request) ->
                List.of(HostileAppDaemon.error(request, "Unknown error occurred, check AppDaemon logs: " + request)));

        harness.start(harness.settings().url(hostile.streamUri().toString()).password(PASSWORD).build());
        harness.awaitState(ConnectionState.WAITING);

        assertThat(hostile.received().get(0)).as("the hello carried the password").contains(PASSWORD);
        LinkStatus link = harness.sink.status();
        assertThat(link.state()).isEqualTo(LinkState.DOWN);
        assertThat(link.detail()).as("/health detail").doesNotContain(PASSWORD);
        assertThat(harness.logs.all()).as("log").noneMatch(line -> line.contains(PASSWORD));
    }

    /** A 1 MB error text with line breaks must not end up whole in /health or forge log lines. */
    @Test
    void hugeErrorTextBounded() throws IOException {
        String error = "boom\n2026-01-01 00:00:00.000 ERROR Forged line\n" + "E".repeat(1_000_000);
        hostile = new HostileAppDaemon((connection, request) -> List.of(HostileAppDaemon.error(request, error)));

        harness.start(harness.settings().url(hostile.streamUri().toString()).build());
        harness.awaitState(ConnectionState.WAITING);

        String detail = harness.sink.status().detail();
        assertThat(detail.length()).as("length of the /health detail").isLessThan(4_096);
        assertThat(detail).as("/health detail").doesNotContain("\n");
        assertThat(harness.logs.all()).as("log lines").noneMatch(line -> line.contains("\n2026-01-01"));
    }

    /** Garbage, binary frames and wrong ids are ignored; the hello times out and the sink retries. */
    @Test
    void garbageRepliesTimeOutHello() throws IOException {
        hostile = new HostileAppDaemon((connection, request) -> List.of(
                Reply.text("not json {{{"),
                Reply.text("[1,2,3]"),
                Reply.text("\"just a string\""),
                Reply.text("{\"response_type\":\"hello\",\"response_id\":42,\"response_success\":true}"),
                Reply.text("{\"response_type\":\"hello\",\"response_id\":\"am-999999\",\"response_success\":true}"),
                Reply.text("{\"response_type\":\"event\",\"data\":{}}"),
                Reply.binary(new byte[] {0, 1, 2, 3}),
                Reply.text("[".repeat(5_000) + "]".repeat(5_000)),
                Reply.text("{\"n\":" + "9".repeat(5_000) + "}")));

        harness.start(harness.settings().url(hostile.streamUri().toString()).build());
        // Let the hostile frames of the first connection arrive before virtual time moves on.
        harness.awaitCount(BridgeMetrics.FRAMES_MALFORMED, 6);
        harness.runFor(SPAN, EnumSet.of(ConnectionState.WAITING, ConnectionState.AUTHENTICATING));

        assertThat(hostile.connectionCount()).as("connections").isGreaterThanOrEqualTo(3);
        assertThat(harness.metrics.total(BridgeMetrics.CONNECTS)).as("hello accepted").isZero();
        assertThat(harness.metrics.total(BridgeMetrics.FRAMES_MALFORMED)).isGreaterThanOrEqualTo(6);
        assertThat(harness.sink.status().state()).isIn(LinkState.DOWN, LinkState.CONNECTING);
        harness.assertThreadsBounded();
    }

    /** A message above the 16 Mi character limit ends that connection; the next one works. */
    @Test
    void hugeFrameEndsOneConnection() throws IOException {
        String huge = "{\"pad\":\"" + "x".repeat(17 * 1024 * 1024) + "\"}";
        hostile = new HostileAppDaemon((connection, request) -> connection == 1
                ? List.of(Reply.text(huge))
                : List.of(HostileAppDaemon.success(request)));

        harness.start(harness.settings().url(hostile.streamUri().toString()).build());
        harness.awaitState(ConnectionState.WAITING);
        assertThat(harness.sink.status().detail()).contains("AppDaemon sent a message of more than");
        harness.time.advanceToNextTask();
        harness.awaitState(ConnectionState.CONNECTED);

        assertThat(harness.sink.status().state()).isEqualTo(LinkState.UP);
        harness.assertThreadsBounded();
    }

    /** Closing right after accepting hello, over and over, never leaves /health UP while no socket is open. */
    @Test
    void closeAfterHelloShowsDown() throws IOException {
        hostile = new HostileAppDaemon((connection, request) -> "hello".equals(request.path("request_type").asText())
                ? List.of(HostileAppDaemon.success(request), Reply.hangUp())
                : List.of(HostileAppDaemon.success(request)));

        AppDaemonSink sink = harness.start(harness.settings().url(hostile.streamUri().toString()).build());
        sink.publish(TestAccounts.first(TestAccounts.snapshot("1", "100.00")));
        harness.runFor(SPAN, EnumSet.of(ConnectionState.WAITING, ConnectionState.CONNECTED));
        if (harness.sink.connectionState() == ConnectionState.CONNECTED) {
            harness.awaitDisconnected();
        }

        assertThat(harness.sink.status().state()).isEqualTo(LinkState.DOWN);
        assertThat(hostile.connectionCount()).isGreaterThanOrEqualTo(3);
        harness.assertThreadsBounded();
    }

    /**
     * After an error reply, later attempts may fail on I/O before any error arrives, as when a proxy
     * drops them. /health keeps AppDaemon's last error and its advice until a state is delivered.
     */
    @Test
    void adviceOutlivesLaterResets() throws IOException {
        int firstDelivering = 5;
        hostile = new HostileAppDaemon((connection, request) -> {
            boolean hello = request.path("request_type").asText().equals("hello");
            if (connection == 1) {
                return List.of(hello ? HostileAppDaemon.success(request)
                        : HostileAppDaemon.error(request, "Unknown namespace 'nowhere' in call_service"));
            }
            return connection < firstDelivering ? List.of(Reply.hangUp()) : List.of(HostileAppDaemon.success(request));
        });
        AppDaemonSink sink = harness.start(harness.settings().url(hostile.streamUri().toString())
                .namespace("nowhere").build());
        sink.publish(TestAccounts.first(TestAccounts.snapshot("1", "100.00")));

        Instant downSince = null;
        for (int connection = 1; connection < firstDelivering; connection++) {
            harness.awaitState(ConnectionState.WAITING);
            LinkStatus link = harness.sink.status();
            downSince = downSince == null ? link.since() : downSince;
            assertThat(link.detail()).as("detail after connection %d", connection)
                    .contains("Namespace 'nowhere' does not exist");
            assertThat(link.since()).as("since after connection %d", connection).isEqualTo(downSince);
            harness.time.advanceToNextTask();
            harness.awaitAnyState(EnumSet.of(ConnectionState.CONNECTING, ConnectionState.AUTHENTICATING,
                    ConnectionState.CONNECTED));
        }
        harness.awaitCount(BridgeMetrics.STATES_DELIVERED, 1);

        assertThat(harness.sink.status().state()).isEqualTo(LinkState.UP);
        harness.sink.close();
        assertThat(harness.sink.status().detail()).isEqualTo("closed");
    }

    /**
     * AppDaemon accepts every hello and rejects every state, as with an unknown namespace. Nothing
     * reaches Home Assistant, so the link stays DOWN with the time of the first rejection.
     */
    @Test
    void rejectedRequestsKeepLinkDown() throws IOException {
        hostile = new HostileAppDaemon((connection, request) ->
                List.of(request.path("request_type").asText().equals("hello") ? HostileAppDaemon.success(request)
                        : HostileAppDaemon.error(request, "Unknown namespace 'nowhere' in call_service")));
        AppDaemonSink sink = harness.start(harness.settings().url(hostile.streamUri().toString())
                .namespace("nowhere").build());
        sink.publish(TestAccounts.first(TestAccounts.snapshot("1", "100.00")));
        harness.awaitState(ConnectionState.WAITING);
        Instant downSince = harness.sink.status().since();

        for (int attempt = 2; attempt <= 4; attempt++) {
            harness.time.advanceToNextTask();
            harness.awaitCount(BridgeMetrics.CONNECTS, attempt);
            LinkStatus link = harness.sink.status();
            assertThat(link.state()).as("state after connect %d", attempt).isEqualTo(LinkState.DOWN);
            assertThat(link.since()).as("since after connect %d", attempt).isEqualTo(downSince);
            harness.awaitState(ConnectionState.WAITING);
        }
        assertThat(harness.sink.status().detail()).contains("Namespace 'nowhere' does not exist")
                .doesNotContain(".;");
    }
}
