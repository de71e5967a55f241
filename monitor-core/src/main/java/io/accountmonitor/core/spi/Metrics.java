package io.accountmonitor.core.spi;

import java.util.function.Supplier;

/**
 * Counters and gauges that the host exports, for example on {@code /metrics}. Names are dotted
 * lower case ({@code ctrader.requests}); tags come in key, value pairs. Safe from any thread and
 * cheap enough for hot paths once the counter is looked up.
 */
public interface Metrics {
    /** A metrics implementation that records nothing, for tests and tools. */
    Metrics NONE = new Metrics() {
        @Override
        public Counter counter(String name, String... tags) {
            return amount -> { };
        }

        @Override
        public void gauge(String name, Supplier<Number> value, String... tags) {
        }
    };

    /** Returns the counter with this name and tags, creating it on first use. */
    Counter counter(String name, String... tags);

    /** Registers a gauge that reads {@code value} when metrics are exported; it must not block. */
    void gauge(String name, Supplier<Number> value, String... tags);

    /**
     * Sets the help text exported with the metric {@code name}, such as Prometheus' {@code # HELP}
     * line. Call it before the first {@link #counter} or {@link #gauge} of that name; later calls
     * may be ignored. The default does nothing, for hosts that export no help text.
     */
    default void describe(String name, String description) {
    }

    /** A monotonically increasing count. */
    @FunctionalInterface
    interface Counter {
        void increment(long amount);

        default void increment() {
            increment(1);
        }
    }
}
