package io.accountmonitor.app.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.accountmonitor.app.runtime.AppStatus;
import io.accountmonitor.core.check.LoopCounters;
import io.accountmonitor.core.check.LoopStatus;
import io.accountmonitor.core.model.AccountSnapshot;
import io.accountmonitor.core.model.LinkStatus;
import java.time.Instant;

/** Renders {@link AppStatus} as the JSON document of {@code /health}. */
final class HealthJson {
    /** Writes money as plain decimals with the broker's scale: {@code 0.00000000}, never {@code 0E-8}. */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private HealthJson() {
    }

    static String render(AppStatus status) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("status", status.health().name());
        putInstant(root, "time", status.time());
        ObjectNode threads = root.putObject("threads");
        threads.put("live", status.liveThreads());
        threads.put("budget", status.threadBudget());
        ArrayNode monitors = root.putArray("monitors");
        for (var monitor : status.monitors()) {
            ObjectNode monitorNode = monitors.addObject();
            monitorNode.put("name", monitor.name());
            monitorNode.put("broker", monitor.brokerType());
            putLink(monitorNode, "connection", monitor.connection());
            ArrayNode accounts = monitorNode.putArray("accounts");
            for (var account : monitor.accounts()) {
                ObjectNode accountNode = accounts.addObject();
                accountNode.put("account", account.account().value());
                putLink(accountNode, "link", account.link());
                putLoop(accountNode.putObject("loop"), account.loop());
                putSnapshot(accountNode, account.lastSnapshot());
            }
        }
        ArrayNode sinks = root.putArray("sinks");
        for (var sink : status.sinks()) {
            ObjectNode sinkNode = sinks.addObject().put("name", sink.name()).put("type", sink.type());
            putLink(sinkNode, "link", sink.link());
        }
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render the health document", e);
        }
    }

    private static void putLink(ObjectNode parent, String field, LinkStatus link) {
        if (link == null) {
            parent.putNull(field);
            return;
        }
        ObjectNode node = parent.putObject(field);
        node.put("state", link.state().name());
        node.put("detail", link.detail());
        putInstant(node, "since", link.since());
    }

    private static void putLoop(ObjectNode node, LoopStatus loop) {
        node.put("state", loop.state().name());
        putInstant(node, "nextDue", loop.nextDue());
        putInstant(node, "lastCheckStarted", loop.lastCheckStarted());
        putInstant(node, "lastSuccess", loop.lastSuccess());
        if (loop.lastError() == null) {
            node.putNull("lastError");
        } else {
            node.put("lastError", loop.lastError());
        }
        node.put("consecutiveFailures", loop.consecutiveFailures());
        LoopCounters counters = loop.counters();
        ObjectNode countersNode = node.putObject("counters");
        countersNode.put("triggers", counters.triggers());
        countersNode.put("coalescedTriggers", counters.coalescedTriggers());
        countersNode.put("checksStarted", counters.checksStarted());
        countersNode.put("checksSucceeded", counters.checksSucceeded());
        countersNode.put("checksFailed", counters.checksFailed());
        countersNode.put("checksDeferred", counters.checksDeferred());
        countersNode.put("checksTimedOut", counters.checksTimedOut());
        countersNode.put("staleTimerFires", counters.staleTimerFires());
        countersNode.put("staleResults", counters.staleResults());
    }

    private static void putSnapshot(ObjectNode parent, AccountSnapshot snapshot) {
        if (snapshot == null) {
            parent.putNull("snapshot");
            return;
        }
        ObjectNode node = parent.putObject("snapshot");
        node.put("currency", snapshot.currency());
        node.put("balance", snapshot.balance());
        node.put("equity", snapshot.equity());
        node.put("usedMargin", snapshot.usedMargin());
        node.put("freeMargin", snapshot.freeMargin());
        if (snapshot.marginLevel() == null) {
            node.putNull("marginLevel");
        } else {
            node.put("marginLevel", snapshot.marginLevel());
        }
        node.put("openPositions", snapshot.positions().size());
        putInstant(node, "fetchedAt", snapshot.fetchedAt());
    }

    private static void putInstant(ObjectNode node, String field, Instant value) {
        if (value == null) {
            node.putNull(field);
        } else {
            node.put(field, value.toString());
        }
    }
}
