package io.accountmonitor.appdaemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.accountmonitor.appdaemon.testing.FakeAppDaemon;
import io.accountmonitor.core.spi.HostContext;
import io.accountmonitor.core.spi.KeyValueStore;
import io.accountmonitor.scheduler.ThreadBudget;
import io.accountmonitor.scheduler.virtual.InMemoryKeyValueStore;
import io.accountmonitor.scheduler.virtual.RecordingMetrics;
import io.accountmonitor.scheduler.virtual.VirtualHostContext;
import io.accountmonitor.scheduler.virtual.VirtualTime;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A sink on virtual time, wired to a fake AppDaemon over real loopback sockets. Timers move only
 * when the test advances {@link #time}; network I/O is awaited with bounded real-time waits.
 */
final class BridgeHarness implements AutoCloseable {
    /** Maximum real-time wait for network I/O on loopback. */
    static final Duration IO_WAIT = Duration.ofSeconds(10);

    final VirtualTime time = new VirtualTime();
    final ThreadBudget budget = new ThreadBudget(4);
    final ObservedMetrics observedMetrics = new ObservedMetrics();
    final RecordingMetrics metrics = observedMetrics.recorded();
    final KeyValueStore store;
    final HostContext context;
    final FakeAppDaemon appDaemon;
    final LogCapture logs = LogCapture.attach();
    /** Virtual times at which connection attempts began, oldest first. */
    final List<Instant> attemptStarts = new CopyOnWriteArrayList<>();
    private final LinkedBlockingQueue<ConnectionState> transitions = new LinkedBlockingQueue<>();
    private volatile int maxLiveThreads;
    AppDaemonSink sink;

    BridgeHarness(FakeAppDaemon appDaemon) {
        this(appDaemon, new InMemoryKeyValueStore());
    }

    BridgeHarness(FakeAppDaemon appDaemon, KeyValueStore store) {
        this.appDaemon = appDaemon;
        this.store = store;
        this.context = new ObservedHostContext(VirtualHostContext.builder(time)
                .instanceName("appdaemon")
                .ioThreads(budget)
                .store(store)
                .build(), observedMetrics);
    }

    TestSettings settings() {
        return TestSettings.forUri(appDaemon.streamUri());
    }

    /** Creates and starts a sink with {@code settings}; does not wait for the connection. */
    AppDaemonSink start(AppDaemonSettings settings) {
        sink = new AppDaemonSink("appdaemon", settings, context);
        sink.addConnectionListener(state -> {
            if (state == ConnectionState.CONNECTING) {
                attemptStarts.add(time.now());
            }
            maxLiveThreads = Math.max(maxLiveThreads, budget.liveThreads());
            transitions.add(state);
        });
        sink.start();
        return sink;
    }

    /** Starts a sink with default settings and waits until AppDaemon accepted its hello. */
    AppDaemonSink startConnected() {
        start(settings().build());
        awaitState(ConnectionState.CONNECTED);
        return sink;
    }

    /** Waits in real time until the sink's connection state is {@code expected}. */
    void awaitState(ConnectionState expected) {
        awaitAnyState(EnumSet.of(expected));
    }

    /** Waits in real time until the sink's connection state is one of {@code expected}, and returns it. */
    ConnectionState awaitAnyState(Set<ConnectionState> expected) {
        ConnectionState reached = awaitAnyState(expected, IO_WAIT);
        if (reached == null) {
            throw new AssertionError("sink state stayed " + sink.connectionState() + ", expected one of "
                    + expected + "; log: " + logs.all());
        }
        return reached;
    }

    /** Waits up to {@code timeout} in real time for one of {@code expected}; returns it, or null. */
    ConnectionState awaitAnyState(Set<ConnectionState> expected, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            ConnectionState current = sink.connectionState();
            if (expected.contains(current)) {
                return current;
            }
            long remaining = deadline - System.nanoTime();
            try {
                if (remaining <= 0 || transitions.poll(remaining, TimeUnit.NANOSECONDS) == null) {
                    return null;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + expected, e);
            }
        }
    }

    /**
     * Waits until the sink noticed that AppDaemon went away. JDK 17's websocket client sometimes
     * misses a TCP close that arrives right after a reply, and then only the ping and its missing
     * pong find the dead link. So when the close goes unnoticed for two seconds, this advances
     * virtual time through one ping interval and one pong timeout.
     */
    void awaitDisconnected() {
        if (awaitAnyState(EnumSet.of(ConnectionState.WAITING), Duration.ofSeconds(2)) == null) {
            time.advance(AppDaemonSettings.DEFAULT_PING_INTERVAL.plus(AppDaemonSettings.DEFAULT_REQUEST_TIMEOUT));
            awaitState(ConnectionState.WAITING);
        }
    }

    /**
     * Runs the sink for {@code span} of virtual time: whenever it is in one of {@code settled}
     * states, where only a timer can move it on, time jumps to the next timer. Returns when the span
     * is used up.
     */
    void runFor(Duration span, Set<ConnectionState> settled) {
        Instant end = time.now().plus(span);
        while (time.now().isBefore(end)) {
            awaitAnyState(settled);
            Optional<Duration> next = time.nextTaskDelay();
            if (next.isEmpty()) {
                // A session that failed has cancelled its timers, and the sink is about to arm the
                // reconnect timer and change state: wait for that instead of jumping to the end.
                awaitTransition();
                continue;
            }
            Duration remaining = Duration.between(time.now(), end);
            if (next.get().compareTo(remaining) > 0) {
                time.advance(remaining);
                return;
            }
            time.advance(next.get());
        }
    }

    private void awaitTransition() {
        try {
            if (transitions.poll(IO_WAIT.toMillis(), TimeUnit.MILLISECONDS) == null) {
                throw new AssertionError("sink stayed " + sink.connectionState() + " without timers; log: " + logs.all());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for a state change", e);
        }
    }

    /** Waits in real time until the counter {@code name}, summed over its tags, reaches {@code atLeast}. */
    void awaitCount(String name, long atLeast) {
        observedMetrics.awaitTotal(name, atLeast, IO_WAIT);
    }

    /** Returns the most budgeted threads seen alive at any state change. */
    int maxLiveThreads() {
        return Math.max(maxLiveThreads, budget.liveThreads());
    }

    /** Returns the live threads that the JDK HTTP clients of this JVM started for their selectors. */
    static long httpClientSelectorThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("HttpClient-") && thread.getName().endsWith("SelectorManager"))
                .count();
    }

    /** Returns the live threads with the JDK's default names, {@code Thread-N}. */
    static long unnamedThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().matches("Thread-\\d+"))
                .count();
    }

    void assertThreadsBounded() {
        assertThat(maxLiveThreads()).as("budgeted threads alive at once").isLessThanOrEqualTo(1);
    }

    @Override
    public void close() {
        try {
            if (sink != null) {
                sink.close();
            }
        } finally {
            appDaemon.close();
            logs.close();
            time.close();
        }
    }
}
