package io.accountmonitor.ctrader;

import static org.assertj.core.api.Assertions.assertThat;

import io.accountmonitor.core.model.LinkState;
import io.accountmonitor.core.model.LinkStatus;
import io.accountmonitor.scheduler.virtual.VirtualTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinkReporterTest {
    private final VirtualTime time = new VirtualTime();
    private final RecordingListener listener = new RecordingListener();
    private final LinkReporter reporter = new LinkReporter(listener, time.clock());

    @Test
    void retriesKeepTheTimeTheLinkWentDown() {
        reporter.connection(LinkState.CONNECTING, "connecting to 127.0.0.1:5035");
        time.advance(Duration.ofSeconds(1));
        reporter.connection(LinkState.UP, "connected to 127.0.0.1:5035");
        time.advance(Duration.ofMinutes(1));
        reporter.connection(LinkState.DOWN, "connection reset; reconnecting in 1 s");
        Instant wentDown = time.clock().instant();

        for (int attempt = 2; attempt <= 4; attempt++) {
            time.advance(Duration.ofSeconds(attempt));
            reporter.connection(LinkState.CONNECTING, "connecting to 127.0.0.1:5035");
            reporter.connection(LinkState.DOWN, "connection refused; reconnecting in " + attempt + " s");
        }

        List<LinkStatus> states = listener.connectionStates();
        LinkStatus last = states.get(states.size() - 1);
        assertThat(states).extracting(LinkStatus::state).containsExactly(LinkState.CONNECTING, LinkState.UP,
                LinkState.DOWN, LinkState.DOWN, LinkState.DOWN, LinkState.DOWN);
        assertThat(last.detail()).isEqualTo("connection refused; reconnecting in 4 s");
        assertThat(last.since()).isEqualTo(wentDown);
    }

    @Test
    void reconnectMovesTheTimeAgain() {
        reporter.connection(LinkState.DOWN, "connection reset; reconnecting in 1 s");
        time.advance(Duration.ofSeconds(5));
        reporter.connection(LinkState.CONNECTING, "connecting to 127.0.0.1:5035");
        reporter.connection(LinkState.UP, "connected to 127.0.0.1:5035");

        LinkStatus up = listener.connectionStates().get(1);
        assertThat(up.state()).isEqualTo(LinkState.UP);
        assertThat(up.since()).isEqualTo(time.clock().instant());
    }

    @Test
    void unchangedStateIsReportedOnce() {
        reporter.connection(LinkState.UP, "connected to 127.0.0.1:5035");
        reporter.connection(LinkState.UP, "connected to 127.0.0.1:5035");
        reporter.connection(LinkState.DOWN, "connection reset; reconnecting in 1 s");
        reporter.connection(LinkState.DOWN, "connection reset; reconnecting in 1 s");

        assertThat(listener.connectionStates()).hasSize(2);
    }
}
