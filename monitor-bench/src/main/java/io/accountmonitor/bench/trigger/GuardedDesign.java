package io.accountmonitor.bench.trigger;

import io.accountmonitor.core.check.CheckLoop;
import io.accountmonitor.core.check.Schedule;
import io.accountmonitor.core.spi.RandomSource;
import io.accountmonitor.scheduler.SchedulerRuntime;
import io.accountmonitor.scheduler.SchedulerSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** This project's design: one guarded check loop on the real scheduler. */
public final class GuardedDesign implements TriggerDesign {
    private final SchedulerRuntime runtime;
    private final CheckLoop loop;
    private final CheckCounter counter = new CheckCounter();

    public GuardedDesign(Duration debounce, Duration checkDuration) {
        runtime = new SchedulerRuntime(SchedulerSettings.defaults(), Clock.systemUTC(), RandomSource.seeded(1));
        Schedule schedule = Schedule.defaults()
                .withDebounce(debounce)
                .withMinSpacing(Duration.ZERO)
                .withFallbackInterval(Duration.ofHours(1));
        loop = runtime.scheduler().register("bench", schedule, () -> {
            counter.checkStarted();
            if (checkDuration.isZero()) {
                return CompletableFuture.completedFuture(null);
            }
            // The check is asynchronous, as a broker request is: the reply completes it later.
            CompletableFuture<Object> reply = new CompletableFuture<>();
            runtime.timer().schedule(checkDuration, () -> reply.complete(null));
            return reply;
        });
    }

    @Override
    public void trigger() {
        counter.triggered();
        loop.trigger("bench");
    }

    @Override
    public long checksStarted() {
        return counter.checks();
    }

    @Override
    public long newestCoveredTrigger() {
        return counter.newestCovered();
    }

    @Override
    public long triggers() {
        return counter.triggers();
    }

    @Override
    public void close() {
        runtime.close();
    }
}
