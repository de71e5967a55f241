package io.accountmonitor.scheduler;

import io.accountmonitor.core.check.CheckScheduler;
import io.accountmonitor.core.spi.IoThreads;
import io.accountmonitor.core.spi.RandomSource;
import io.accountmonitor.core.spi.TimerService;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real scheduler with its threads: one {@code monitor-timer} thread, a fixed pool of
 * {@code monitor-worker-N} threads, and the budget that I/O threads are drawn from. All of them are
 * created at construction, named and daemon; {@link #close()} stops them all.
 *
 * <p>Lifecycle: construct, use, close once (later calls do nothing). After close no check starts
 * and no thread created here stays alive, unless a thread ignores interruption for longer than the
 * close timeout, which is logged.
 */
public final class SchedulerRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SchedulerRuntime.class);

    private final SchedulerSettings settings;
    private final ThreadBudget budget;
    private final ScheduledTimerService timer;
    private final ThreadPoolExecutor workers;
    private final GuardedScheduler scheduler;
    private final Clock clock;
    private final RandomSource random;
    private boolean closed;

    public SchedulerRuntime(SchedulerSettings settings, Clock clock, RandomSource random) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.budget = new ThreadBudget(settings.threadBudget());
        this.timer = new ScheduledTimerService(budget);
        int workerCount = settings.workerThreads();
        this.workers = new ThreadPoolExecutor(workerCount, workerCount, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), budget.reserve("worker", workerCount)) {
            @Override
            protected void terminated() {
                budget.release(workerCount);
            }
        };
        workers.prestartAllCoreThreads();
        this.scheduler = new GuardedScheduler(timer, workers, clock, random, timer::pendingTasks, budget::liveThreads,
                settings.threadBudget());
    }

    /** Returns a runtime with the system clock and random source. */
    public static SchedulerRuntime start(SchedulerSettings settings) {
        return new SchedulerRuntime(settings, Clock.systemUTC(), RandomSource.system());
    }

    public CheckScheduler scheduler() {
        return scheduler;
    }

    public TimerService timer() {
        return timer;
    }

    public Executor workers() {
        return workers;
    }

    public IoThreads ioThreads() {
        return budget;
    }

    public ThreadBudget threadBudget() {
        return budget;
    }

    public Clock clock() {
        return clock;
    }

    public RandomSource random() {
        return random;
    }

    /**
     * Closes every loop (cancelling its timer), waits up to the close timeout for running checks,
     * then stops the timer, the workers and any I/O executor its owner left open. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long timeoutMillis = settings.closeTimeout().toMillis();
        scheduler.close();
        try {
            // Running checks may need timers (request timeouts) to complete, so the timer stops after them.
            if (!scheduler.awaitRunningChecks(settings.closeTimeout())) {
                LOG.warn("{} check(s) still running after {} ms; their results will be discarded",
                        scheduler.runningChecks(), timeoutMillis);
            }
            timer.close();
            workers.shutdown();
            if (!workers.awaitTermination(timeoutMillis, TimeUnit.MILLISECONDS)) {
                workers.shutdownNow();
                workers.awaitTermination(timeoutMillis, TimeUnit.MILLISECONDS);
            }
            timer.awaitTermination(timeoutMillis, TimeUnit.MILLISECONDS);
            List<String> leaked = budget.shutdownIoExecutors(timeoutMillis);
            if (!leaked.isEmpty()) {
                LOG.warn("Closed {} I/O executor(s) that their owners left open: {}", leaked.size(), leaked);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            timer.close();
            workers.shutdownNow();
        }
        try {
            List<String> alive = budget.awaitThreadsEnded(timeoutMillis);
            if (!alive.isEmpty()) {
                LOG.warn("{} thread(s) still alive {} ms after close: {}", alive.size(), timeoutMillis, alive);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
