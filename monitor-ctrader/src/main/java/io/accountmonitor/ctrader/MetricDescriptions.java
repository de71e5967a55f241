package io.accountmonitor.ctrader;

import io.accountmonitor.core.spi.Metrics;
import java.util.LinkedHashMap;
import java.util.Map;

/** The help text of every metric the cTrader plugin records, as docs/ctrader.md lists them. */
final class MetricDescriptions {
    static final Map<String, String> ALL = descriptions();

    private MetricDescriptions() {
    }

    /** Gives {@code metrics} the help text of every cTrader metric, before the first is recorded. */
    static void describe(Metrics metrics) {
        ALL.forEach(metrics::describe);
    }

    private static Map<String, String> descriptions() {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("ctrader.requests", "Requests sent, by payload type");
        all.put("ctrader.requests.timeouts", "Requests without a reply within requestTimeout");
        all.put("ctrader.errors", "Error replies received, by code");
        all.put("ctrader.events", "Pushed messages received, heartbeats excluded");
        all.put("ctrader.connections.opened", "Connections that completed the TLS handshake");
        all.put("ctrader.connections.closed", "Connections closed, by reason");
        all.put("ctrader.frames.rejected", "Frames that broke the framing rules");
        all.put("ctrader.received.bytes", "Bytes read from the server, TLS overhead excluded");
        all.put("ctrader.replies.unmatched", "Replies that arrived after their request timed out");
        all.put("ctrader.token.refreshes", "Successful in-band token refreshes");
        all.put("ctrader.requests.inflight", "Requests waiting for a reply");
        all.put("ctrader.requests.queued", "Requests waiting for the rate limit");
        all.put("ctrader.deal.reads", "Checks that read the deal list, by reason");
        all.put("ctrader.deal.reads.skipped", "Checks that skipped the deal list because no deal could have happened");
        all.put("ctrader.checks.deferred", "Checks deferred because the request queue was full");
        return Map.copyOf(all);
    }
}
