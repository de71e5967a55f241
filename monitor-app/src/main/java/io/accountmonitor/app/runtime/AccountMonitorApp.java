package io.accountmonitor.app.runtime;

import io.accountmonitor.app.config.AppConfig;
import io.accountmonitor.app.config.MonitorConfig;
import io.accountmonitor.app.config.SinkConfig;
import io.accountmonitor.app.status.StatusServer;
import io.accountmonitor.app.store.DataDirectory;
import io.accountmonitor.core.model.LinkStatus;
import io.accountmonitor.core.plugin.PluginRegistry;
import io.accountmonitor.core.spi.AccountSource;
import io.accountmonitor.core.spi.BrokerPlugin;
import io.accountmonitor.core.spi.SinkPlugin;
import io.accountmonitor.core.spi.StateSink;
import io.accountmonitor.scheduler.SchedulerRuntime;
import io.accountmonitor.scheduler.SchedulerSettings;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.inject.Inject;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one owner of the daemon's lifecycle. {@link #start()} creates the scheduler's threads, the
 * sinks, the status endpoint and the monitors, in this order; {@link #stop()} stops them in reverse,
 * each step bounded in time, so nothing the daemon started outlives it.
 *
 * <p>Lifecycle: construct (no side effects), start once, stop once; stop is idempotent and also safe
 * after a failed start. Not for concurrent use, except that {@link #status()} may be called while
 * running.
 */
public final class AccountMonitorApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AccountMonitorApp.class);

    private final AppConfig config;
    private final PluginRegistry<BrokerPlugin<?>> brokers;
    private final PluginRegistry<SinkPlugin<?>> sinkPlugins;
    private final List<MonitorRuntime> monitors = new ArrayList<>();
    private final List<NamedSink> sinks = new ArrayList<>();
    private SchedulerRuntime runtime;
    private PrometheusMeterRegistry registry;
    private StatusServer statusServer;
    private boolean started;
    private boolean stopped;

    @Inject
    public AccountMonitorApp(AppConfig config, PluginRegistry<BrokerPlugin<?>> brokers,
            PluginRegistry<SinkPlugin<?>> sinkPlugins) {
        this.config = Objects.requireNonNull(config, "config");
        this.brokers = Objects.requireNonNull(brokers, "brokers");
        this.sinkPlugins = Objects.requireNonNull(sinkPlugins, "sinkPlugins");
    }

    /**
     * Starts everything. On failure, whatever was started is stopped before the exception leaves.
     *
     * @throws StartupException naming the step that failed and why
     */
    public synchronized void start() {
        if (started) {
            throw new IllegalStateException("the application was started already; create a new one");
        }
        started = true;
        try {
            startAll();
        } catch (RuntimeException e) {
            stop();
            throw e instanceof StartupException startup ? startup : new StartupException(e.getMessage(), e);
        }
    }

    private void startAll() {
        SchedulerSettings settings = new SchedulerSettings(config.scheduler().workerThreads(),
                config.scheduler().threadBudget(), config.scheduler().closeTimeout());
        runtime = SchedulerRuntime.start(settings);
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        SchedulerMetrics.register(registry, runtime.scheduler(), runtime.clock());
        DataDirectory data = new DataDirectory(config.dataDirectory());

        for (SinkConfig sinkConfig : config.sinks()) {
            sinks.add(createSink(sinkConfig, data));
        }
        SinkFanout fanout = new SinkFanout(sinks, registry);
        List<MonitorRuntime> created = new ArrayList<>();
        for (MonitorConfig monitor : config.monitors()) {
            AccountSource source = createSource(monitor, data);
            created.add(new MonitorRuntime(monitor, source, runtime.scheduler(), data.cursorStore(monitor.name()), fanout,
                    runtime.workers(), runtime.clock()));
        }
        monitors.addAll(created);

        for (NamedSink sink : sinks) {
            LOG.info("Starting sink '{}' ({})", sink.name(), sink.type());
            sink.sink().start();
        }
        if (config.status().enabled()) {
            statusServer = new StatusServer(new InetSocketAddress(config.status().host(), config.status().port()),
                    runtime.ioThreads(), registry, this::status);
            statusServer.start();
        }
        for (MonitorRuntime monitor : monitors) {
            monitor.start();
        }
        LOG.info("Account Monitor started: {} monitor(s), {} sink(s), data in {}", monitors.size(), sinks.size(),
                data.root());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private NamedSink createSink(SinkConfig sinkConfig, DataDirectory data) {
        String type = sinkConfig.plugin().type();
        SinkPlugin plugin = sinkPlugins.require(type);
        PluginHostContext context = new PluginHostContext(sinkConfig.name(), runtime, data.sinkStore(sinkConfig.name()),
                new MicrometerMetrics(registry, sinkConfig.name()));
        try {
            StateSink sink = plugin.create(sinkConfig.name(), sinkConfig.plugin().settings(), context);
            return new NamedSink(sinkConfig.name(), type, sink);
        } catch (RuntimeException e) {
            throw new StartupException("cannot create sink '" + sinkConfig.name() + "' (" + type + "): " + e.getMessage(), e);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private AccountSource createSource(MonitorConfig monitor, DataDirectory data) {
        String type = monitor.broker().type();
        BrokerPlugin plugin = brokers.require(type);
        PluginHostContext context = new PluginHostContext(monitor.name(), runtime, data.brokerStore(monitor.name()),
                new MicrometerMetrics(registry, monitor.name()));
        try {
            return plugin.create(monitor.name(), monitor.broker().settings(), context);
        } catch (RuntimeException e) {
            throw new StartupException("cannot create monitor '" + monitor.name() + "' (" + type + "): " + e.getMessage(), e);
        }
    }

    /**
     * Stops the monitors (loops, then sources), the status endpoint, the sinks and the scheduler's
     * threads, in this order. Each step's failure is logged and does not skip the later steps.
     * Idempotent.
     */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        List<MonitorRuntime> reversedMonitors = new ArrayList<>(monitors);
        Collections.reverse(reversedMonitors);
        for (MonitorRuntime monitor : reversedMonitors) {
            runStep("monitor '" + monitor.name() + "'", monitor::stop);
        }
        if (statusServer != null) {
            runStep("status endpoint", statusServer::stop);
        }
        List<NamedSink> reversedSinks = new ArrayList<>(sinks);
        Collections.reverse(reversedSinks);
        for (NamedSink sink : reversedSinks) {
            runStep("sink '" + sink.name() + "'", sink.sink()::close);
        }
        if (runtime != null) {
            runStep("scheduler", runtime::close);
        }
        if (registry != null) {
            registry.close();
        }
        LOG.info("Account Monitor stopped");
    }

    @Override
    public void close() {
        stop();
    }

    /** Returns the status of every monitor, sink and the threads, for {@code /health}. */
    public AppStatus status() {
        List<MonitorStatus> monitorStatuses = new ArrayList<>();
        for (MonitorRuntime monitor : monitors) {
            monitorStatuses.add(monitor.status());
        }
        List<AppStatus.SinkStatus> sinkStatuses = new ArrayList<>();
        for (NamedSink sink : sinks) {
            LinkStatus link;
            try {
                link = sink.sink().status();
            } catch (RuntimeException e) {
                LOG.debug("Sink '{}' failed to report its status", sink.name(), e);
                link = null;
            }
            sinkStatuses.add(new AppStatus.SinkStatus(sink.name(), sink.type(), link));
        }
        int liveThreads = runtime == null ? 0 : runtime.threadBudget().liveThreads();
        int budget = runtime == null ? 0 : runtime.threadBudget().maxThreads();
        return new AppStatus(runtime == null ? null : runtime.clock().instant(), monitorStatuses, sinkStatuses,
                liveThreads, budget);
    }

    /** Returns the address the status endpoint listens on, or {@code null} when it is disabled. */
    public synchronized InetSocketAddress statusAddress() {
        return statusServer == null ? null : statusServer.address();
    }

    /** Returns the scheduler runtime while running, for tests and tools. */
    public synchronized SchedulerRuntime schedulerRuntime() {
        return runtime;
    }

    private static void runStep(String step, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.warn("Stopping the {} failed; continuing with the next step", step, e);
        }
    }
}
