package io.accountmonitor.bench.e2e;

import io.accountmonitor.core.spi.HostContext;
import io.accountmonitor.core.spi.IoThreads;
import io.accountmonitor.core.spi.KeyValueStore;
import io.accountmonitor.core.spi.Metrics;
import io.accountmonitor.core.spi.RandomSource;
import io.accountmonitor.core.spi.TimerService;
import io.accountmonitor.scheduler.SchedulerRuntime;
import io.accountmonitor.scheduler.virtual.InMemoryKeyValueStore;
import java.time.Clock;
import java.util.concurrent.Executor;

/** Host services for a plugin measured on its own, outside the app: a real scheduler and an in-memory store. */
final class BenchHostContext implements HostContext {
    private final SchedulerRuntime runtime;
    private final KeyValueStore store = new InMemoryKeyValueStore();

    BenchHostContext(SchedulerRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public String instanceName() {
        return "bench";
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
        return Metrics.NONE;
    }

    @Override
    public RandomSource random() {
        return runtime.random();
    }
}
