package io.accountmonitor.app.runtime;

import io.accountmonitor.core.spi.HostContext;
import io.accountmonitor.core.spi.IoThreads;
import io.accountmonitor.core.spi.KeyValueStore;
import io.accountmonitor.core.spi.Metrics;
import io.accountmonitor.core.spi.RandomSource;
import io.accountmonitor.core.spi.TimerService;
import io.accountmonitor.scheduler.SchedulerRuntime;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.Executor;

/** The host services lent to one plugin instance: the scheduler's threads and timer, its own store and metrics. */
final class PluginHostContext implements HostContext {
    private final String instanceName;
    private final SchedulerRuntime runtime;
    private final KeyValueStore store;
    private final Metrics metrics;

    PluginHostContext(String instanceName, SchedulerRuntime runtime, KeyValueStore store, Metrics metrics) {
        this.instanceName = Objects.requireNonNull(instanceName, "instanceName");
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.store = Objects.requireNonNull(store, "store");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    public String instanceName() {
        return instanceName;
    }

    @Override
    public Clock clock() {
        return runtime.clock();
    }

    @Override
    public TimerService timer() {
        return runtime.timer();
    }

    @Override
    public Executor workers() {
        return runtime.workers();
    }

    @Override
    public IoThreads ioThreads() {
        return runtime.ioThreads();
    }

    @Override
    public KeyValueStore store() {
        return store;
    }

    @Override
    public Metrics metrics() {
        return metrics;
    }

    @Override
    public RandomSource random() {
        return runtime.random();
    }
}
