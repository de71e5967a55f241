package io.accountmonitor.ctrader;

import static org.assertj.core.api.Assertions.assertThat;

import io.accountmonitor.core.model.AccountId;
import io.accountmonitor.core.model.AccountSnapshot;
import io.accountmonitor.core.model.DealCursor;
import io.accountmonitor.core.model.LinkState;
import io.accountmonitor.core.spi.BrokerException;
import io.accountmonitor.core.spi.KeyValueStore;
import io.accountmonitor.ctrader.protocol.ProtoOAPayloadType;
import io.accountmonitor.ctrader.simulator.CtraderSimulator;
import io.accountmonitor.ctrader.simulator.SimulatedAccount;
import io.accountmonitor.ctrader.simulator.SimulatorCertificate;
import io.accountmonitor.scheduler.ThreadBudget;
import io.accountmonitor.scheduler.virtual.InMemoryKeyValueStore;
import io.accountmonitor.scheduler.virtual.VirtualHostContext;
import io.accountmonitor.scheduler.virtual.VirtualTime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A cTrader source connected over loopback TLS to a simulator, both on one virtual time. Real
 * I/O is awaited with bounded waits; virtual time moves only when the test moves it, and only once
 * the source has no I/O under way ({@link #settle()}), so replies never race the timers.
 */
final class SimulatorFixture implements AutoCloseable {
    /** The bound of every real-time wait: generous, because CI machines are slow and shared. */
    static final Duration WAIT = Duration.ofSeconds(20);
    static final Duration STEP = Duration.ofMillis(50);
    static final long ACCOUNT = 1001;
    static final long SECOND_ACCOUNT = 1002;

    final VirtualTime time;
    final ThreadBudget simulatorThreads = new ThreadBudget(16);
    final ThreadBudget sourceThreads = new ThreadBudget(4);
    final CtraderSimulator simulator;
    final VirtualHostContext host;
    final CtraderSettings settings;
    final CtraderAccountSource source;
    final RecordingListener listener = new RecordingListener();
    final KeyValueStore store;
    private boolean started;

    private SimulatorFixture(Builder builder) throws IOException {
        this.time = builder.time;
        CtraderSimulator.Builder simulatorBuilder = CtraderSimulator.builder(simulatorThreads, time).clock(time.clock());
        if (builder.accounts.isEmpty()) {
            simulatorBuilder.account(SimulatedAccount.builder(ACCOUNT).build());
        }
        builder.accounts.forEach(simulatorBuilder::account);
        builder.simulatorOptions.forEach(option -> option.accept(simulatorBuilder));
        simulator = simulatorBuilder.build();
        simulator.start();
        Path certificate = SimulatorCertificate.writePem(builder.directory);
        TestSettings values = builder.settings;
        values.environment = values.environment == null ? simulator.endpoint() : values.environment;
        values.trustCertificate = values.trustCertificate == null ? certificate : values.trustCertificate;
        settings = values.build();
        assertThat(new CtraderPlugin().validate(settings)).as("settings problems").isEmpty();
        store = builder.store;
        host = VirtualHostContext.builder(time).ioThreads(sourceThreads).store(store).instanceName("test").build();
        source = (CtraderAccountSource) new CtraderPlugin().create("test", settings, host);
    }

    static Builder builder(Path directory) {
        return new Builder(directory);
    }

    /**
     * Starts the source and waits until {@code accounts} are authorised, moving virtual time in
     * small steps while the account auths wait for the rate limit.
     */
    SimulatorFixture startAndAwait(long... accounts) throws InterruptedException {
        start();
        for (long account : accounts) {
            Duration moved = Duration.ZERO;
            while (!listener.awaitAccountState(account, LinkState.UP, Duration.ZERO) && moved.getSeconds() < 10) {
                if (listener.awaitAccountState(account, LinkState.UP, Duration.ofMillis(200))) {
                    break;
                }
                settle();
                time.advance(STEP);
                moved = moved.plus(STEP);
            }
            assertThat(listener.awaitAccountState(account, LinkState.UP, WAIT))
                    .as("account %d comes up; states %s", account, listener.accountLinks())
                    .isTrue();
        }
        settle();
        return this;
    }

    void start() {
        started = true;
        source.start(listener);
    }

    /** Waits until the source has no session task, connection attempt or request under way. */
    void settle() throws InterruptedException {
        assertThat(source.awaitIdle(WAIT)).as("the source settles within %s", WAIT).isTrue();
    }

    /**
     * Moves virtual time forward by {@code total} in steps of {@code step}, settling before each.
     * While a connection should stay up, keep {@code step} at 10 s or less: frames sent during a
     * step are read only after it, so a longer step looks like silence to the read watchdog.
     */
    void advance(Duration total, Duration step) throws InterruptedException {
        Duration done = Duration.ZERO;
        while (done.compareTo(total) < 0) {
            settle();
            Duration next = step.compareTo(total.minus(done)) < 0 ? step : total.minus(done);
            time.advance(next);
            done = done.plus(next);
        }
        settle();
    }

    /**
     * Waits for {@code future}, moving virtual time in steps while the source is idle and the
     * future is not done, for at most {@code maxVirtual} of virtual time.
     */
    <T> T await(CompletableFuture<T> future, Duration maxVirtual) throws Exception {
        Duration moved = Duration.ZERO;
        while (!future.isDone() && moved.compareTo(maxVirtual) < 0) {
            settle();
            if (future.isDone()) {
                break;
            }
            time.advance(STEP);
            moved = moved.plus(STEP);
        }
        try {
            return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("the future is not done after " + moved + " of virtual time", e);
        }
    }

    AccountSnapshot fetch(long account, DealCursor since) throws Exception {
        return await(source.fetch(AccountId.of(account), since).toCompletableFuture(), Duration.ofMinutes(5));
    }

    AccountSnapshot fetch(long account) throws Exception {
        return fetch(account, DealCursor.startingAt(time.now().minus(Duration.ofDays(1))));
    }

    /** Fetches and returns the {@link BrokerException} the fetch failed with; fails if it succeeded. */
    BrokerException fetchFailure(long account) throws Exception {
        CompletableFuture<AccountSnapshot> future = source.fetch(AccountId.of(account),
                DealCursor.startingAt(time.now().minus(Duration.ofDays(1)))).toCompletableFuture();
        try {
            await(future, Duration.ofMinutes(5));
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(BrokerException.class);
            return (BrokerException) e.getCause();
        }
        throw new AssertionError("the fetch of account " + account + " succeeded");
    }

    /** Waits until the simulator has received at least {@code count} requests of {@code type}. */
    void awaitReceived(ProtoOAPayloadType type, int count) throws InterruptedException {
        assertThat(simulator.awaitRequests(request -> request.is(type), count, WAIT))
                .as("simulator receives %d %s", count, type)
                .isTrue();
    }

    /** Returns how many requests of {@code type} the simulator received. */
    long received(ProtoOAPayloadType type) {
        return simulator.receivedRequests().stream().filter(request -> request.is(type)).count();
    }

    /** Starts a fetch without waiting for it. */
    CompletableFuture<AccountSnapshot> startFetch(long account) {
        return source.fetch(AccountId.of(account), DealCursor.startingAt(time.now().minus(Duration.ofDays(1))))
                .toCompletableFuture();
    }

    /** Returns the {@link BrokerException} that {@code future} failed with, waiting a bounded time. */
    static BrokerException failure(CompletableFuture<?> future) throws InterruptedException {
        try {
            future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(BrokerException.class);
            return (BrokerException) e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError("the future is not done within " + WAIT, e);
        }
        throw new AssertionError("the future succeeded");
    }

    Instant now() {
        return time.now();
    }

    @Override
    public void close() {
        source.close();
        simulator.close();
        time.close();
        if (!started) {
            return;
        }
        // Reservations return when the executors terminate; live counts may lag by a few instructions.
        assertThat(sourceThreads.reservedThreads()).as("source threads reserved after close").isZero();
    }

    static final class Builder {
        private final Path directory;
        private final VirtualTime time = new VirtualTime();
        private final List<SimulatedAccount> accounts = new ArrayList<>();
        private final List<Consumer<CtraderSimulator.Builder>> simulatorOptions = new ArrayList<>();
        private final TestSettings settings = new TestSettings();
        private KeyValueStore store = new InMemoryKeyValueStore();

        private Builder(Path directory) {
            this.directory = directory;
        }

        Builder account(SimulatedAccount account) {
            accounts.add(account);
            return this;
        }

        Builder simulator(Consumer<CtraderSimulator.Builder> option) {
            simulatorOptions.add(option);
            return this;
        }

        Builder settings(Consumer<TestSettings> option) {
            option.accept(settings);
            return this;
        }

        Builder store(KeyValueStore value) {
            this.store = value;
            return this;
        }

        SimulatorFixture build() {
            try {
                return new SimulatorFixture(this);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
