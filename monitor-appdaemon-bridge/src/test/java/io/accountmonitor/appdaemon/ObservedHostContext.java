package io.accountmonitor.appdaemon;

import io.accountmonitor.core.spi.HostContext;
import io.accountmonitor.core.spi.IoThreads;
import io.accountmonitor.core.spi.KeyValueStore;
import io.accountmonitor.core.spi.Metrics;
import io.accountmonitor.core.spi.RandomSource;
import io.accountmonitor.core.spi.TimerService;
import io.accountmonitor.scheduler.virtual.VirtualHostContext;
import java.time.Clock;
import java.util.concurrent.Executor;

/** A {@link VirtualHostContext} whose metrics are {@link ObservedMetrics}. */
final class ObservedHostContext implements HostContext {
    private final VirtualHostContext virtual;
    private final ObservedMetrics metrics;

    ObservedHostContext(VirtualHostContext virtual, ObservedMetrics metrics) {
        this.virtual = virtual;
        this.metrics = metrics;
    }

    @Override
    public String instanceName() {
        return virtual.instanceName();
    }

    @Override
    public Clock clock() {
        return virtual.clock();
    }

    @Override
    public TimerService timer() {
        return virtual.timer();
    }

    @Override
    public Executor workers() {
        return virtual.workers();
    }

    @Override
    public IoThreads ioThreads() {
        return virtual.ioThreads();
    }

    @Override
    public KeyValueStore store() {
        return virtual.store();
    }

    @Override
    public Metrics metrics() {
        return metrics;
    }

    @Override
    public RandomSource random() {
        return virtual.random();
    }
}
