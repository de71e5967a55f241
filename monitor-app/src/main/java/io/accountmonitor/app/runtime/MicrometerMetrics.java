package io.accountmonitor.app.runtime;

import io.accountmonitor.core.spi.Metrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** Plugin {@link Metrics} recorded in a Micrometer registry, each tagged with the plugin instance. */
final class MicrometerMetrics implements Metrics {
    private final MeterRegistry registry;
    private final Tags instanceTags;
    private final Map<String, String> descriptions = new ConcurrentHashMap<>();

    MicrometerMetrics(MeterRegistry registry, String instanceName) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.instanceTags = Tags.of("instance", instanceName);
    }

    @Override
    public Counter counter(String name, String... tags) {
        io.micrometer.core.instrument.Counter counter = io.micrometer.core.instrument.Counter.builder(name)
                .tags(instanceTags.and(tags))
                .description(descriptions.get(name))
                .register(registry);
        return amount -> counter.increment(amount);
    }

    @Override
    public void describe(String name, String description) {
        descriptions.putIfAbsent(Objects.requireNonNull(name, "name"), Objects.requireNonNull(description, "description"));
    }

    @Override
    public void gauge(String name, Supplier<Number> value, String... tags) {
        Gauge.builder(name, value, supplier -> {
            Number number = supplier.get();
            return number == null ? Double.NaN : number.doubleValue();
        }).tags(instanceTags.and(tags)).description(descriptions.get(name)).strongReference(true).register(registry);
    }
}
