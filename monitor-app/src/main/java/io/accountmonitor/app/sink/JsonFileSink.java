package io.accountmonitor.app.sink;

import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.accountmonitor.core.model.AccountId;
import io.accountmonitor.core.model.AccountSnapshot;
import io.accountmonitor.core.model.AccountUpdate;
import io.accountmonitor.core.model.Deal;
import io.accountmonitor.core.model.LinkState;
import io.accountmonitor.core.model.LinkStatus;
import io.accountmonitor.core.model.Position;
import io.accountmonitor.core.spi.HostContext;
import io.accountmonitor.core.spi.StateSink;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the latest state of every account to one JSON file. Publication only records the state
 * and arms one timer, so callers never wait for the disk. The write runs on a worker at most once
 * per write interval, to a temporary file that is forced to disk and renamed over the old one. A
 * failed write is retried one write interval later, and {@link #status} reports it.
 */
final class JsonFileSink implements StateSink {
    private static final Logger LOG = LoggerFactory.getLogger(JsonFileSink.class);
    /** Writes money as plain decimals with the broker's scale: {@code 0.00000000}, never {@code 0E-8}. */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private final String name;
    private final JsonFileSinkPlugin.Settings settings;
    private final HostContext context;
    private final Map<String, AccountSnapshot> snapshots = new TreeMap<>();
    private final Map<String, String> monitors = new TreeMap<>();
    private final Map<String, LinkStatus> links = new TreeMap<>();
    private final Deque<ObjectNode> recentDeals = new ArrayDeque<>();
    private boolean writeArmed;
    private boolean dirty;
    private boolean closed;
    private boolean failing;
    private LinkStatus status;

    JsonFileSink(String name, JsonFileSinkPlugin.Settings settings, HostContext context) {
        this.name = name;
        this.settings = settings;
        this.context = context;
    }

    @Override
    public void start() {
        LOG.info("Sink '{}' writes account state to {}", name, settings.path());
    }

    /** Returns UP after a successful write, DOWN while writes fail, and null before the first write. */
    @Override
    public synchronized LinkStatus status() {
        return status;
    }

    @Override
    public synchronized void publish(AccountUpdate update) {
        if (closed) {
            return;
        }
        String key = update.monitor() + "/" + update.account();
        snapshots.put(key, update.current());
        monitors.put(key, update.monitor());
        for (Deal deal : update.newDeals()) {
            recentDeals.addFirst(dealNode(update, deal));
            while (recentDeals.size() > settings.recentDeals()) {
                recentDeals.removeLast();
            }
        }
        markDirty();
    }

    @Override
    public synchronized void linkChanged(String monitor, AccountId account, LinkStatus status) {
        if (closed) {
            return;
        }
        links.put(monitor + "/" + account, status);
        markDirty();
    }

    /** Writes what is pending, then stops. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        write();
        synchronized (this) {
            if (dirty) {
                LOG.warn("Sink '{}' stopped without writing the last state to {}", name, settings.path());
            }
        }
    }

    private void markDirty() {
        dirty = true;
        if (!writeArmed) {
            writeArmed = true;
            context.timer().schedule(settings.writeInterval(), () -> context.workers().execute(this::write));
        }
    }

    private void write() {
        String document;
        synchronized (this) {
            writeArmed = false;
            if (!dirty) {
                return;
            }
            dirty = false;
            document = render();
        }
        Path target = settings.path().toAbsolutePath();
        Path temporary = target.resolveSibling("." + target.getFileName() + ".tmp");
        try {
            Files.writeString(temporary, document);
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            written(target);
        } catch (IOException e) {
            deleteQuietly(temporary);
            failed(target, e);
        }
    }

    private synchronized void written(Path target) {
        if (failing || status == null) {
            status = new LinkStatus(LinkState.UP, "writing " + target, context.clock().instant());
        }
        if (failing) {
            failing = false;
            LOG.info("Sink '{}' writes {} again", name, target);
        }
    }

    /** Keeps the state pending and retries one write interval later, unless the sink is closed. */
    private synchronized void failed(Path target, IOException error) {
        String detail = "cannot write " + target + ": " + error;
        status = new LinkStatus(LinkState.DOWN, detail,
                failing && status != null ? status.since() : context.clock().instant());
        if (!failing) {
            failing = true;
            LOG.warn("Sink '{}' {}; it retries every {}", name, detail, settings.writeInterval());
        }
        dirty = true;
        if (!closed && !writeArmed) {
            writeArmed = true;
            context.timer().schedule(settings.writeInterval(), () -> context.workers().execute(this::write));
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.debug("Could not delete {}: {}", file, e.toString());
        }
    }

    private String render() {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("updated", context.clock().instant().toString());
        ObjectNode accounts = root.putObject("accounts");
        for (Map.Entry<String, AccountSnapshot> entry : snapshots.entrySet()) {
            AccountSnapshot snapshot = entry.getValue();
            ObjectNode node = accounts.putObject(entry.getKey());
            node.put("monitor", monitors.get(entry.getKey()));
            node.put("account", snapshot.account().value());
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
            node.put("unrealizedPnl", snapshot.unrealizedPnl());
            node.put("fetchedAt", snapshot.fetchedAt().toString());
            LinkStatus link = links.get(entry.getKey());
            node.put("link", link == null ? null : link.state().name());
            ArrayNode positions = node.putArray("positions");
            for (Position position : snapshot.positions()) {
                positions.addObject()
                        .put("positionId", position.positionId())
                        .put("symbol", position.symbol())
                        .put("side", position.side().name())
                        .put("volume", position.volume())
                        .put("entryPrice", position.entryPrice())
                        .put("unrealizedPnl", position.unrealizedPnl())
                        .put("openedAt", position.openedAt().toString());
            }
        }
        ArrayNode deals = root.putArray("recentDeals");
        recentDeals.forEach(deals::add);
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException("cannot render the state document", e);
        }
    }

    private static ObjectNode dealNode(AccountUpdate update, Deal deal) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("monitor", update.monitor());
        node.put("account", update.account().value());
        node.put("dealId", deal.dealId());
        node.put("positionId", deal.positionId());
        node.put("symbol", deal.symbol());
        node.put("side", deal.side().name());
        node.put("volume", deal.volume());
        node.put("price", deal.price());
        node.put("closing", deal.closing());
        node.put("netProfit", deal.netProfit());
        node.put("executedAt", deal.executedAt().toString());
        return node;
    }
}
