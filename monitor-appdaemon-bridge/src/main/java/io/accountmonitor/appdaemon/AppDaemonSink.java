package io.accountmonitor.appdaemon;

import io.accountmonitor.core.model.AccountId;
import io.accountmonitor.core.model.AccountUpdate;
import io.accountmonitor.core.model.Deal;
import io.accountmonitor.core.model.LinkState;
import io.accountmonitor.core.model.LinkStatus;
import io.accountmonitor.core.spi.HostContext;
import io.accountmonitor.core.spi.StateSink;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link StateSink} that publishes accounts to AppDaemon over its websocket stream API: one
 * entity per figure of each account, set with {@code call_service state/set}, and events for
 * closed deals, opened and closed positions and link changes, sent with {@code fire_event}.
 *
 * <p>{@link #publish} and {@link #linkChanged} map their input to entities and events, record them
 * in memory and return; a {@link StreamClient} delivers them on its own I/O thread. Undelivered
 * events survive a restart through the host's key-value store.
 *
 * <p>Threads: one budgeted I/O thread ({@code monitor-io-appdaemon}), the host's timer thread for
 * timers, and the JDK HTTP client's own selector thread. Lifecycle: {@link #start} once, then
 * publications from any thread, then {@link #close}.
 */
public final class AppDaemonSink implements StateSink {
    private static final Logger LOG = LoggerFactory.getLogger(AppDaemonSink.class);

    /** How many deal ids per account are remembered to drop deals handed in twice. */
    static final int REMEMBERED_DEALS_PER_ACCOUNT = 1_000;

    private final String sinkName;
    private final AppDaemonSettings settings;
    private final EntityNaming naming;
    private final AccountEntities entities;
    private final AccountEvents events;
    private final BridgeMetrics metrics;
    private final StreamClient client;
    private final PendingEventStore pendingEvents;
    private final RepeatLimiter repeats;
    private final Map<AccountId, LinkState> linkStates = new ConcurrentHashMap<>();
    private final Map<String, AccountId> objectIdOwners = new ConcurrentHashMap<>();
    private final Map<AccountId, PublishedDeals> publishedDeals = new ConcurrentHashMap<>();

    /**
     * Creates the sink without connecting or starting threads. {@code settings} should have passed
     * {@link AppDaemonPlugin#validate}; frames that still come out invalid are refused before sending.
     */
    public AppDaemonSink(String sinkName, AppDaemonSettings settings, HostContext context) {
        this.sinkName = Objects.requireNonNull(sinkName, "sinkName");
        this.settings = Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(context, "context");
        this.naming = new EntityNaming(settings.entityPrefix());
        this.entities = new AccountEntities(naming);
        this.events = new AccountEvents(naming);
        this.metrics = new BridgeMetrics(context.metrics());
        this.client = new StreamClient(sinkName, settings, context, metrics);
        this.pendingEvents = new PendingEventStore(context.store(), sinkName);
        this.repeats = new RepeatLimiter(context.timer()::nanoTime, StreamClient.LOG_REPEAT_WINDOW);
    }

    /**
     * Restores the events saved by the last {@link #close} and starts connecting in the background.
     * Reads the store, so it may block briefly on disk; never waits for the network.
     */
    @Override
    public void start() {
        List<OutgoingEvent> restored = pendingEvents.load();
        if (!restored.isEmpty()) {
            client.offer(List.of(), restored);
        }
        client.start();
    }

    @Override
    public void publish(AccountUpdate update) {
        Objects.requireNonNull(update, "update");
        AccountId account = update.account();
        List<Deal> freshDeals = publishedDeals
                .computeIfAbsent(account, id -> new PublishedDeals(REMEMBERED_DEALS_PER_ACCOUNT))
                .retainNew(update.newDeals());
        int duplicates = update.newDeals().size() - freshDeals.size();
        if (duplicates > 0) {
            metrics.eventsDuplicate.increment(duplicates);
            LOG.debug("AppDaemon sink '{}' skipped {} deals of account {} it had already published", sinkName,
                    duplicates, account);
        }
        List<EntityState> states = ownsEntities(account) ? entities.sensors(update.monitor(), update.current()) : List.of();
        client.offer(states, events.forUpdate(update, freshDeals));
    }

    @Override
    public void linkChanged(String monitor, AccountId account, LinkStatus status) {
        Objects.requireNonNull(monitor, "monitor");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(status, "status");
        LinkState previous = linkStates.put(account, status.state());
        List<EntityState> states = ownsEntities(account)
                ? List.of(entities.connected(monitor, account, status))
                : List.of();
        List<OutgoingEvent> changed = previous == status.state()
                ? List.of()
                : List.of(events.linkChanged(monitor, account, status));
        client.offer(states, changed);
    }

    /**
     * Delivers what is queued for up to {@code closeTimeout}, closes the connection and saves the
     * events AppDaemon has not acknowledged for the next start. Idempotent.
     */
    @Override
    public void close() {
        ConnectionState before = client.state();
        if (before == ConnectionState.CLOSED) {
            return;
        }
        List<OutgoingEvent> undelivered = client.close(settings.closeTimeout());
        if (before != ConnectionState.NEW) {
            pendingEvents.save(undelivered);
        }
    }

    /** Returns the link to AppDaemon for {@code /health}; see {@link ConnectionState} for the states. */
    @Override
    public LinkStatus status() {
        return client.linkStatus();
    }

    /** Returns the state of the connection to AppDaemon, for health reports. */
    public ConnectionState connectionState() {
        return client.state();
    }

    /**
     * Adds a listener called with every new connection state, for health reports and tests. It runs
     * on the thread that changed the state while the sink's lock is held, so it must return at once
     * and must not call the sink.
     */
    public void addConnectionListener(Consumer<ConnectionState> listener) {
        client.addStateListener(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Returns whether {@code account} may publish entities: two account ids that map to one object
     * id, such as {@code AB-1} and {@code ab_1}, would overwrite each other's entities, so only the
     * first one gets them. Events carry the account id unchanged and are not affected.
     */
    private boolean ownsEntities(AccountId account) {
        String objectId = naming.accountObjectId(account);
        AccountId owner = objectIdOwners.putIfAbsent(objectId, account);
        if (owner == null || owner.equals(account)) {
            return true;
        }
        if (repeats.admit("collision:" + objectId) != RepeatLimiter.SKIP) {
            LOG.error("Accounts {} and {} both map to entity ids {}_*; the entities of {} are not published."
                    + " Use a separate sink with another entityPrefix for one of them", owner, account, objectId,
                    account);
        }
        return false;
    }
}
