package io.accountmonitor.app.runtime;

import io.accountmonitor.app.config.MonitorConfig;
import io.accountmonitor.app.store.FileKeyValueStore;
import io.accountmonitor.core.check.CheckLoop;
import io.accountmonitor.core.check.CheckScheduler;
import io.accountmonitor.core.model.AccountId;
import io.accountmonitor.core.model.AccountSnapshot;
import io.accountmonitor.core.model.LinkState;
import io.accountmonitor.core.model.LinkStatus;
import io.accountmonitor.core.spi.AccountSource;
import io.accountmonitor.core.spi.SourceListener;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configured monitor at run time: its account source, and one check loop with its pipeline per
 * account the source serves. It turns what the source reports into loop registrations and triggers.
 *
 * <p>Listener methods run on the source's threads. They only register or close loops, trigger them,
 * record status and hand link changes to the sinks, whose contract forbids blocking; the cursor
 * file is read on a worker.
 */
final class MonitorRuntime implements SourceListener {
    private static final Logger LOG = LoggerFactory.getLogger(MonitorRuntime.class);

    private final MonitorConfig config;
    private final AccountSource source;
    private final CheckScheduler scheduler;
    private final FileKeyValueStore cursorStore;
    private final SinkFanout sinks;
    private final Executor workers;
    private final Clock clock;
    private final Map<AccountId, Account> accounts = new ConcurrentHashMap<>();
    private final Map<AccountId, LinkStatus> links = new ConcurrentHashMap<>();
    private volatile LinkStatus connection;
    private boolean stopped;

    MonitorRuntime(MonitorConfig config, AccountSource source, CheckScheduler scheduler, FileKeyValueStore cursorStore,
            SinkFanout sinks, Executor workers, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.source = Objects.requireNonNull(source, "source");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.cursorStore = Objects.requireNonNull(cursorStore, "cursorStore");
        this.sinks = Objects.requireNonNull(sinks, "sinks");
        this.workers = Objects.requireNonNull(workers, "workers");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.connection = new LinkStatus(LinkState.CONNECTING, "starting", clock.instant());
    }

    String name() {
        return config.name();
    }

    void start() {
        LOG.info("Starting monitor '{}' ({})", config.name(), config.broker().type());
        source.start(this);
    }

    /** Closes every loop, then the source; running checks finish but their results are discarded. */
    void stop() {
        synchronized (this) {
            stopped = true;
            for (Account account : accounts.values()) {
                account.loop.close();
            }
            accounts.clear();
        }
        try {
            source.close();
        } catch (RuntimeException e) {
            LOG.warn("Closing the source of monitor '{}' failed", config.name(), e);
        }
        LOG.info("Stopped monitor '{}'", config.name());
    }

    @Override
    public synchronized void accountsChanged(Set<AccountId> current) {
        if (stopped) {
            return;
        }
        for (AccountId account : current) {
            if (!accounts.containsKey(account)) {
                register(account);
            }
        }
        for (AccountId account : new HashSet<>(accounts.keySet())) {
            if (!current.contains(account)) {
                LOG.info("Monitor '{}' no longer serves account {}; its checks stop", config.name(), account);
                accounts.remove(account).loop.close();
                links.remove(account);
            }
        }
    }

    @Override
    public void accountChanged(AccountId account, String reason) {
        Account entry = accounts.get(account);
        if (entry == null) {
            LOG.debug("Monitor '{}' received '{}' for account {}, which it does not watch", config.name(), reason, account);
            return;
        }
        entry.loop.trigger(reason);
    }

    @Override
    public void connectionChanged(LinkStatus status) {
        LinkStatus previous = connection;
        connection = status;
        if (previous.state() != status.state()) {
            LOG.debug("Monitor '{}' connection is {}: {}", config.name(), status.state(), status.detail());
        }
    }

    @Override
    public void accountLinkChanged(AccountId account, LinkStatus status) {
        LinkStatus previous = links.put(account, status);
        sinks.linkChanged(config.name(), account, status);
        boolean cameUp = status.state() == LinkState.UP && (previous == null || previous.state() != LinkState.UP);
        if (cameUp) {
            // Fresh data right after (re)connecting, instead of waiting for the fallback.
            accountChanged(account, "connected");
        }
    }

    private void register(AccountId account) {
        AccountPipeline pipeline = new AccountPipeline(config.name(), account, source, cursorStore, sinks, workers, clock);
        CheckLoop loop;
        try {
            loop = scheduler.register(config.name() + "/" + account.value(), config.schedule(), pipeline::check);
        } catch (RejectedExecutionException e) {
            LOG.debug("Scheduler is closed; account {} of monitor '{}' is not registered", account, config.name());
            return;
        }
        accounts.put(account, new Account(pipeline, loop));
        LOG.info("Monitor '{}' watches account {}", config.name(), account);
        try {
            workers.execute(() -> {
                try {
                    pipeline.loadCursor();
                } catch (RuntimeException e) {
                    LOG.error("Cannot load the deal cursor of {}/{}", config.name(), account, e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("Workers are closed; the cursor of {}/{} loads at the first check", config.name(), account);
        }
        LinkStatus link = links.get(account);
        if (link != null && link.state() == LinkState.UP) {
            loop.trigger("connected");
        }
    }

    /** Returns the status of this monitor and its accounts for {@code /health}. */
    MonitorStatus status() {
        List<AccountStatus> accountStatuses = new ArrayList<>();
        for (Map.Entry<AccountId, Account> entry : accounts.entrySet()) {
            Account account = entry.getValue();
            accountStatuses.add(new AccountStatus(entry.getKey(), links.get(entry.getKey()), account.loop.status(),
                    account.pipeline.lastSnapshot()));
        }
        accountStatuses.sort(Comparator.comparing(AccountStatus::account));
        return new MonitorStatus(config.name(), config.broker().type(), connection, accountStatuses);
    }

    private record Account(AccountPipeline pipeline, CheckLoop loop) {
    }
}
