package io.accountmonitor.app.runtime;

import io.accountmonitor.core.model.AccountId;
import io.accountmonitor.core.model.AccountUpdate;
import io.accountmonitor.core.model.LinkStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands every update to every sink. A sink that throws does not stop the others or the check loop.
 * Its failures are counted, and the first of a streak is logged at WARN and later ones at DEBUG.
 */
final class SinkFanout {
    private static final Logger LOG = LoggerFactory.getLogger(SinkFanout.class);

    private final List<NamedSink> sinks;
    private final Map<String, Counter> failures = new ConcurrentHashMap<>();
    private final Map<String, Boolean> failing = new ConcurrentHashMap<>();
    private final MeterRegistry registry;

    SinkFanout(List<NamedSink> sinks, MeterRegistry registry) {
        this.sinks = List.copyOf(sinks);
        this.registry = registry;
        // Registered at zero, so that /metrics lists the counter before the first failure.
        for (NamedSink sink : this.sinks) {
            failures.put(sink.name(), failureCounter(sink.name()));
        }
    }

    List<NamedSink> sinks() {
        return sinks;
    }

    void publish(AccountUpdate update) {
        for (NamedSink sink : sinks) {
            try {
                sink.sink().publish(update);
                recovered(sink);
            } catch (RuntimeException e) {
                failed(sink, "update of " + update.monitor() + "/" + update.account(), e);
            }
        }
    }

    void linkChanged(String monitor, AccountId account, LinkStatus status) {
        for (NamedSink sink : sinks) {
            try {
                sink.sink().linkChanged(monitor, account, status);
            } catch (RuntimeException e) {
                failed(sink, "link status of " + monitor + "/" + account, e);
            }
        }
    }

    private void failed(NamedSink sink, String what, RuntimeException error) {
        failures.computeIfAbsent(sink.name(), this::failureCounter).increment();
        if (failing.put(sink.name(), Boolean.TRUE) == null) {
            LOG.warn("Sink '{}' failed to accept the {}; it keeps receiving later updates", sink.name(), what, error);
        } else {
            LOG.debug("Sink '{}' failed again on the {}: {}", sink.name(), what, error.toString());
        }
    }

    private Counter failureCounter(String sinkName) {
        return Counter.builder("monitor.sink.failures").tag("sink", sinkName)
                .description("Updates and link changes a sink failed to accept").register(registry);
    }

    private void recovered(NamedSink sink) {
        if (failing.remove(sink.name()) != null) {
            LOG.info("Sink '{}' accepts updates again", sink.name());
        }
    }
}
