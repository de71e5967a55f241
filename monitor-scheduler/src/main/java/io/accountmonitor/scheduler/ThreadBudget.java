package io.accountmonitor.scheduler;

import io.accountmonitor.core.spi.IoThreads;
import io.accountmonitor.core.spi.ThreadBudgetExceededException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process-wide thread budget and the only factory of threads in Account Monitor. Every thread
 * is named {@code monitor-<purpose>-<n>}, is a daemon, and logs uncaught exceptions. A pool reserves
 * its threads when it is created and returns them when it terminates; a request beyond the budget
 * fails with {@link ThreadBudgetExceededException} instead of creating a thread.
 *
 * <p>Each pool's factory hands out at most as many live threads as the pool reserved, so a pool
 * that replaces a dying thread never exceeds its share. Thread-safe.
 */
public final class ThreadBudget implements IoThreads {
    private static final Logger LOG = LoggerFactory.getLogger(ThreadBudget.class);

    private final int maxThreads;
    private final AtomicInteger liveThreads = new AtomicInteger();
    private final Map<ExecutorService, String> ioExecutors = new ConcurrentHashMap<>();
    private final Set<Thread> createdThreads = ConcurrentHashMap.newKeySet();
    private int reservedThreads;

    public ThreadBudget(int maxThreads) {
        if (maxThreads < 1) {
            throw new IllegalArgumentException("thread budget is " + maxThreads + "; it must be at least 1");
        }
        this.maxThreads = maxThreads;
    }

    public int maxThreads() {
        return maxThreads;
    }

    /** Returns threads created by this budget that are alive now. */
    public int liveThreads() {
        return liveThreads.get();
    }

    /** Returns the threads reserved by pools that have not terminated. */
    public synchronized int reservedThreads() {
        return reservedThreads;
    }

    /**
     * Reserves {@code threads} threads and returns a factory that creates at most that many live
     * threads named {@code monitor-<name>} (one thread) or {@code monitor-<name>-<n>}. The caller
     * returns the reservation with {@link #release} once the threads are no longer needed.
     */
    public ThreadFactory reserve(String name, int threads) {
        requireName(name);
        if (threads < 1) {
            throw new IllegalArgumentException("thread count for '" + name + "' is " + threads + "; it must be at least 1");
        }
        synchronized (this) {
            if (reservedThreads + threads > maxThreads) {
                throw new ThreadBudgetExceededException("cannot create " + threads + " thread(s) for '" + name
                        + "': " + reservedThreads + " of the budget of " + maxThreads
                        + " are in use; raise scheduler.threadBudget or reduce the threads needed");
            }
            reservedThreads += threads;
        }
        return new BudgetedFactory(name, threads);
    }

    /** Returns {@code threads} reserved by {@link #reserve} to the budget. */
    public synchronized void release(int threads) {
        reservedThreads = Math.max(0, reservedThreads - threads);
    }

    @Override
    public ExecutorService newExecutor(String purpose, int threads) {
        ThreadFactory factory = reserve("io-" + purpose, threads);
        ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), factory) {
            @Override
            protected void terminated() {
                release(threads);
                ioExecutors.remove(this);
            }
        };
        ioExecutors.put(executor, "io-" + purpose);
        return executor;
    }

    /**
     * Creates the unstarted shutdown-hook thread {@code monitor-shutdown}. It is not counted against
     * the budget because it only starts when the JVM exits.
     */
    public Thread shutdownHookThread(Runnable hook) {
        Objects.requireNonNull(hook, "hook");
        Thread thread = new Thread(hook, "monitor-shutdown");
        thread.setDaemon(false);
        thread.setUncaughtExceptionHandler(ThreadBudget::logUncaught);
        return thread;
    }

    /**
     * Interrupts the I/O executors that their owners did not shut down and waits up to
     * {@code timeoutMillis} for them to terminate. Returns the purposes of the executors that
     * were still open, so the caller can report the leak.
     */
    List<String> shutdownIoExecutors(long timeoutMillis) throws InterruptedException {
        List<String> leaked = new ArrayList<>();
        for (Map.Entry<ExecutorService, String> entry : Map.copyOf(ioExecutors).entrySet()) {
            leaked.add(entry.getValue());
            entry.getKey().shutdownNow();
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        for (ExecutorService executor : List.copyOf(ioExecutors.keySet())) {
            long remaining = deadline - System.nanoTime();
            if (remaining > 0) {
                executor.awaitTermination(remaining, TimeUnit.NANOSECONDS);
            }
        }
        return leaked;
    }

    /**
     * Waits until every thread created by this budget has ended, or until {@code timeoutMillis}
     * has passed; returns the names of threads still alive.
     */
    public List<String> awaitThreadsEnded(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        List<String> alive = new ArrayList<>();
        for (Thread thread : List.copyOf(createdThreads)) {
            long remaining = deadline - System.nanoTime();
            if (remaining > 0) {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining)));
            }
            if (thread.isAlive()) {
                alive.add(thread.getName());
            } else {
                createdThreads.remove(thread);
            }
        }
        return alive;
    }

    static void logUncaught(Thread thread, Throwable error) {
        LOG.error("Uncaught exception in thread {}", thread.getName(), error);
    }

    private static void requireName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("thread purpose is blank; name what the threads are for");
        }
    }

    /** A factory that creates at most {@code permits} live threads at a time. */
    private final class BudgetedFactory implements ThreadFactory {
        private final String name;
        private final int threads;
        private final Semaphore permits;
        private final AtomicInteger sequence = new AtomicInteger();

        BudgetedFactory(String name, int threads) {
            this.name = name;
            this.threads = threads;
            this.permits = new Semaphore(threads);
        }

        @Override
        public Thread newThread(Runnable task) {
            if (!permits.tryAcquire()) {
                // ThreadPoolExecutor treats null as "no thread available" and keeps the task queued.
                LOG.warn("Thread pool '{}' asked for more than its {} thread(s); no thread was created", name, threads);
                return null;
            }
            int number = sequence.incrementAndGet();
            String threadName = threads == 1 && number == 1 ? "monitor-" + name : "monitor-" + name + "-" + number;
            Runnable counted = () -> {
                liveThreads.incrementAndGet();
                try {
                    task.run();
                } finally {
                    liveThreads.decrementAndGet();
                    permits.release();
                }
            };
            Thread thread = new Thread(counted, threadName);
            thread.setDaemon(true);
            thread.setUncaughtExceptionHandler(ThreadBudget::logUncaught);
            createdThreads.add(thread);
            return thread;
        }
    }
}
