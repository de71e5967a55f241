package io.accountmonitor.app.runtime;

import io.accountmonitor.core.check.CheckScheduler;
import io.accountmonitor.core.check.LoopCounters;
import io.accountmonitor.core.check.SchedulerStatus;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.ToDoubleFunction;

/**
 * Exports the scheduler's statistics to Micrometer. One scrape reads many meters, so the status is
 * taken at most once per second instead of once per meter.
 */
final class SchedulerMetrics {
    private static final Duration MAX_AGE = Duration.ofSeconds(1);

    private final CheckScheduler scheduler;
    private final Clock clock;
    private SchedulerStatus cached;
    private Instant cachedAt = Instant.MIN;

    private SchedulerMetrics(CheckScheduler scheduler, Clock clock) {
        this.scheduler = scheduler;
        this.clock = clock;
    }

    static void register(MeterRegistry registry, CheckScheduler scheduler, Clock clock) {
        SchedulerMetrics metrics = new SchedulerMetrics(scheduler, clock);
        metrics.gauge(registry, "monitor.threads.live", "threads created by the scheduler that are alive",
                status -> status.liveThreads());
        metrics.gauge(registry, "monitor.threads.budget", "the most threads the scheduler may create",
                status -> status.threadBudget());
        metrics.gauge(registry, "monitor.timers.pending", "timer tasks waiting in the timer queue",
                status -> status.pendingTimers());
        metrics.gauge(registry, "monitor.loops", "check loops registered, one per account",
                status -> status.loops().size());
        metrics.counter(registry, "monitor.triggers", "triggers accepted, coalesced ones included", LoopCounters::triggers);
        metrics.counter(registry, "monitor.triggers.coalesced", "triggers absorbed by a pending or owed check",
                LoopCounters::coalescedTriggers);
        metrics.counter(registry, "monitor.timers.stale", "timers that fired after being replaced",
                LoopCounters::staleTimerFires);
        metrics.counter(registry, "monitor.checks.started", "checks started", LoopCounters::checksStarted);
        metrics.counter(registry, "monitor.checks.succeeded", "checks that completed with a snapshot",
                LoopCounters::checksSucceeded);
        metrics.counter(registry, "monitor.checks.failed", "checks that failed", LoopCounters::checksFailed);
        metrics.counter(registry, "monitor.checks.deferred", "checks the broker plugin deferred while its rate limit was busy",
                LoopCounters::checksDeferred);
        metrics.counter(registry, "monitor.checks.timed.out", "checks abandoned by their timeout",
                LoopCounters::checksTimedOut);
    }

    private synchronized SchedulerStatus status() {
        Instant now = clock.instant();
        if (cached == null || Duration.between(cachedAt, now).compareTo(MAX_AGE) >= 0 || now.isBefore(cachedAt)) {
            cached = scheduler.status();
            cachedAt = now;
        }
        return cached;
    }

    private void gauge(MeterRegistry registry, String name, String description, ToDoubleFunction<SchedulerStatus> value) {
        Gauge.builder(name, this, metrics -> value.applyAsDouble(metrics.status()))
                .description(description)
                .strongReference(true)
                .register(registry);
    }

    private void counter(MeterRegistry registry, String name, String description, ToDoubleFunction<LoopCounters> value) {
        FunctionCounter.builder(name, this, metrics -> value.applyAsDouble(metrics.status().totals()))
                .description(description)
                .register(registry);
    }
}
