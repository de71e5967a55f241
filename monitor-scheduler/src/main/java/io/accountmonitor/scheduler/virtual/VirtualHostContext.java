package io.accountmonitor.scheduler.virtual;

import io.accountmonitor.core.spi.HostContext;
import io.accountmonitor.core.spi.IoThreads;
import io.accountmonitor.core.spi.KeyValueStore;
import io.accountmonitor.core.spi.Metrics;
import io.accountmonitor.core.spi.RandomSource;
import io.accountmonitor.core.spi.TimerService;
import io.accountmonitor.scheduler.ThreadBudget;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * A {@link HostContext} for plugin tests: virtual timers and clock, workers that run tasks on the
 * calling thread, real budgeted threads for real sockets, an in-memory store and recording metrics.
 * Build it with {@link #builder(VirtualTime)} and replace any part.
 */
public final class VirtualHostContext implements HostContext {
    private final String instanceName;
    private final VirtualTime time;
    private final Executor workers;
    private final ThreadBudget ioThreads;
    private final KeyValueStore store;
    private final RecordingMetrics metrics;
    private final RandomSource random;

    private VirtualHostContext(Builder builder) {
        this.instanceName = builder.instanceName;
        this.time = builder.time;
        this.workers = builder.workers;
        this.ioThreads = builder.ioThreads;
        this.store = builder.store;
        this.metrics = builder.metrics;
        this.random = builder.random;
    }

    public static Builder builder(VirtualTime time) {
        return new Builder(time);
    }

    @Override
    public String instanceName() {
        return instanceName;
    }

    @Override
    public Clock clock() {
        return time.clock();
    }

    @Override
    public TimerService timer() {
        return time;
    }

    @Override
    public Executor workers() {
        return workers;
    }

    @Override
    public IoThreads ioThreads() {
        return ioThreads;
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
        return random;
    }

    /** Returns the virtual time behind the timer and clock. */
    public VirtualTime time() {
        return time;
    }

    /** Returns the thread budget behind {@link #ioThreads()}, to assert on live threads. */
    public ThreadBudget threadBudget() {
        return ioThreads;
    }

    /** Returns the metrics as recorded. */
    public RecordingMetrics recordedMetrics() {
        return metrics;
    }

    public static final class Builder {
        private final VirtualTime time;
        private String instanceName = "test";
        private Executor workers = Runnable::run;
        private ThreadBudget ioThreads = new ThreadBudget(16);
        private KeyValueStore store = new InMemoryKeyValueStore();
        private RecordingMetrics metrics = new RecordingMetrics();
        private RandomSource random = RandomSource.seeded(42);

        private Builder(VirtualTime time) {
            this.time = Objects.requireNonNull(time, "time");
        }

        public Builder instanceName(String value) {
            this.instanceName = Objects.requireNonNull(value, "value");
            return this;
        }

        /** Replaces the workers, which by default run each task on the calling thread. */
        public Builder workers(Executor value) {
            this.workers = Objects.requireNonNull(value, "value");
            return this;
        }

        public Builder ioThreads(ThreadBudget value) {
            this.ioThreads = Objects.requireNonNull(value, "value");
            return this;
        }

        public Builder store(KeyValueStore value) {
            this.store = Objects.requireNonNull(value, "value");
            return this;
        }

        public Builder metrics(RecordingMetrics value) {
            this.metrics = Objects.requireNonNull(value, "value");
            return this;
        }

        public Builder random(RandomSource value) {
            this.random = Objects.requireNonNull(value, "value");
            return this;
        }

        public VirtualHostContext build() {
            return new VirtualHostContext(this);
        }
    }
}
