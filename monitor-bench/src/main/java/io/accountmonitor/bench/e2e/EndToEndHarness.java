package io.accountmonitor.bench.e2e;

import io.accountmonitor.bench.report.ReportOutput;
import io.accountmonitor.app.config.AppConfig;
import io.accountmonitor.app.config.ConfigException;
import io.accountmonitor.app.config.ConfigLoader;
import io.accountmonitor.app.inject.Injection;
import io.accountmonitor.app.inject.Plugins;
import io.accountmonitor.app.runtime.AccountMonitorApp;
import io.accountmonitor.core.model.AccountId;
import io.accountmonitor.core.model.AccountSnapshot;
import io.accountmonitor.core.model.AccountUpdate;
import io.accountmonitor.core.model.Deal;
import io.accountmonitor.core.model.DealCursor;
import io.accountmonitor.core.model.LinkState;
import io.accountmonitor.core.model.LinkStatus;
import io.accountmonitor.core.model.TradeSide;
import io.accountmonitor.core.plugin.PluginRegistry;
import io.accountmonitor.core.spi.AccountSource;
import io.accountmonitor.core.spi.BrokerPlugin;
import io.accountmonitor.core.spi.SinkPlugin;
import io.accountmonitor.core.spi.SourceListener;
import io.accountmonitor.ctrader.simulator.CtraderSimulator;
import io.accountmonitor.ctrader.simulator.ReceivedRequest;
import io.accountmonitor.ctrader.simulator.RoundTripProbe;
import io.accountmonitor.ctrader.simulator.SimulatedAccount;
import io.accountmonitor.ctrader.simulator.SimulatorCertificate;
import io.accountmonitor.scheduler.SchedulerRuntime;
import io.accountmonitor.scheduler.SchedulerSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * End-to-end latency of the app's real pipeline: the cTrader simulator pushes an execution, the
 * real adapter checks the account over loopback TLS, and the update reaches an in-process sink.
 * Beside it, the floor: one bare request round trip over the same TLS loopback, and one check.
 */
public final class EndToEndHarness {
    private static final Set<String> HISTORICAL = Set.of("PROTO_OA_DEAL_LIST_REQ", "PROTO_OA_DEAL_LIST_BY_POSITION_ID_REQ",
            "PROTO_OA_ORDER_LIST_REQ", "PROTO_OA_ORDER_LIST_BY_POSITION_ID_REQ", "PROTO_OA_CASH_FLOW_HISTORY_LIST_REQ",
            "PROTO_OA_GET_TRENDBARS_REQ", "PROTO_OA_GET_TICKDATA_REQ");
    private static final long FIRST_ACCOUNT = 2_000_000;
    private static final long CHECK_PACE_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    /**
     * Pause between the last first snapshot and the measurement: the first checks read every
     * account's deals, and the historical budget (one request per 333 ms once its burst is spent)
     * needs a moment to refill.
     */
    private static final long SETTLE_NANOS = TimeUnit.SECONDS.toNanos(2);

    private EndToEndHarness() {
    }

    /**
     * Latency floor and the cost of one check.
     *
     * @param roundTrip one bare version request over TLS on loopback
     * @param checkRequests the three requests of a check written together, on the probe's thread
     * @param check one check of an account whose state did not change, through the real adapter
     */
    public record Floor(Percentiles roundTrip, Percentiles checkRequests, Percentiles check) {
    }

    /**
     * Figures of one end-to-end run.
     *
     * @param accounts accounts on the one connection
     * @param startupSeconds from start until every account published its first snapshot
     * @param latency from the simulator pushing an execution to the sink receiving the snapshot that shows it
     * @param executionsPerSecond executions the simulator pushed per second
     * @param checksPerSecond checks that reached the sink per second during the measurement
     * @param requestsPerCheck requests the simulator received per check during the measurement
     * @param maxNormalPerSecond most non-historical requests in any one second of the run
     * @param maxHistoricalPerSecond most historical requests in any one second of the run
     * @param rejections requests the simulator rejected for exceeding its 50/s or 5/s limit
     */
    public record Result(int accounts, double startupSeconds, Percentiles latency, double executionsPerSecond,
            double checksPerSecond, double requestsPerCheck, int maxNormalPerSecond, int maxHistoricalPerSecond,
            long rejections) {
    }

    /** Measures the floor with {@code samples} round trips and checks. */
    public static Floor floor(int samples) throws Exception {
        try (Peers peers = Peers.start(1)) {
            long[] roundTrips = RoundTripProbe.measure(peers.simulator.port(), CtraderSimulator.DEFAULT_CLIENT_ID,
                    CtraderSimulator.DEFAULT_CLIENT_SECRET, samples, System::nanoTime);
            long[] checkRequests = RoundTripProbe.measureCheckRequests(peers.simulator.port(),
                    CtraderSimulator.DEFAULT_CLIENT_ID, CtraderSimulator.DEFAULT_CLIENT_SECRET,
                    CtraderSimulator.DEFAULT_ACCESS_TOKEN, FIRST_ACCOUNT, samples, System::nanoTime);
            return new Floor(Percentiles.of(roundTrips), Percentiles.of(checkRequests),
                    Percentiles.of(peers.checkLatencies(samples)));
        }
    }

    /**
     * Runs the app's pipeline against {@code accounts} simulated accounts, pushes executions at
     * {@code executionsPerSecond} for {@code measure}, and reports the latency of each.
     */
    public static Result run(int accounts, double executionsPerSecond, Duration measure) throws Exception {
        try (Peers peers = Peers.start(accounts)) {
            Recorder recorder = new Recorder(accounts);
            AppConfig config = peers.config();
            PluginRegistry<SinkPlugin<?>> sinks = PluginRegistry.of("sink", List.of(new LatencySinkPlugin(recorder)));
            Plugins plugins = new Plugins(Plugins.load(EndToEndHarness.class.getClassLoader()).brokers(), sinks);
            AccountMonitorApp app = Injection.createApp(config, plugins);
            long started = System.nanoTime();
            app.start();
            try {
                if (!recorder.allAccountsSeen.await(20, TimeUnit.MINUTES)) {
                    throw new IllegalStateException("not every account published a snapshot within 20 minutes");
                }
                double startupSeconds = (System.nanoTime() - started) / 1e9;
                parkUntil(System.nanoTime() + SETTLE_NANOS);
                return measure(peers, recorder, accounts, executionsPerSecond, measure, startupSeconds);
            } finally {
                app.stop();
            }
        }
    }

    private static Result measure(Peers peers, Recorder recorder, int accounts, double executionsPerSecond,
            Duration measure, double startupSeconds) {
        SplittableRandom random = new SplittableRandom(accounts);
        long interval = (long) (1e9 / executionsPerSecond);
        long start = System.nanoTime();
        long checksBefore = recorder.updates.get();
        int requestsBefore = peers.simulator.requestCount();
        int executions = 0;
        long next = start;
        while (System.nanoTime() - start < measure.toNanos()) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
                continue;
            }
            next += interval;
            long account = FIRST_ACCOUNT + random.nextInt(accounts);
            if (recorder.pending.containsKey(account)) {
                continue;
            }
            executions++;
            Long open = recorder.openPositions.get(account);
            long sentAt = System.nanoTime();
            if (open == null) {
                recorder.pending.put(account, new Pending(sentAt, -1));
                long position = peers.simulator.openPosition(account, 1, TradeSide.BUY, 100_000, 1.085);
                recorder.pending.computeIfPresent(account, (id, pending) -> new Pending(pending.sentAtNanos(), position));
                recorder.openPositions.put(account, position);
            } else {
                recorder.pending.put(account, new Pending(sentAt, -open));
                recorder.openPositions.remove(account);
                peers.simulator.closePosition(account, open, new BigDecimal("1.00"));
            }
        }
        // Let the last executions arrive before counting.
        long drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!recorder.pending.isEmpty() && System.nanoTime() < drainUntil) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long checks = recorder.updates.get() - checksBefore;
        int requests = peers.simulator.requestCount() - requestsBefore;
        List<Long> normal = new ArrayList<>();
        List<Long> historical = new ArrayList<>();
        for (ReceivedRequest request : peers.simulator.receivedRequests()) {
            String name = request.payloadTypeName();
            if (name.equals("HEARTBEAT_EVENT")) {
                continue;
            }
            (HISTORICAL.contains(name) ? historical : normal).add(request.receivedAtNanos());
        }
        return new Result(accounts, startupSeconds, recorder.latencies(), executions / seconds, checks / seconds,
                checks == 0 ? Double.NaN : requests / (double) checks, maxInAnyWindow(normal), maxInAnyWindow(historical),
                peers.simulator.rateLimitRejections());
    }

    private static void parkUntil(long deadlineNanos) {
        long remaining;
        while ((remaining = deadlineNanos - System.nanoTime()) > 0) {
            LockSupport.parkNanos(remaining);
        }
    }

    private static int maxInAnyWindow(List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        sorted.sort(null);
        int max = 0;
        int first = 0;
        for (int last = 0; last < sorted.size(); last++) {
            while (sorted.get(last) - sorted.get(first) >= 1_000_000_000L) {
                first++;
            }
            max = Math.max(max, last - first + 1);
        }
        return max;
    }

    /** An execution waiting for its snapshot: a positive position id was opened, a negative one closed. */
    private record Pending(long sentAtNanos, long position) {
    }

    /** Receives the sink's updates and matches them to pushed executions. */
    private static final class Recorder implements java.util.function.Consumer<AccountUpdate> {
        final Map<Long, Pending> pending = new ConcurrentHashMap<>();
        final Map<Long, Long> openPositions = new ConcurrentHashMap<>();
        final Set<Long> seen = ConcurrentHashMap.newKeySet();
        final CountDownLatch allAccountsSeen;
        final java.util.concurrent.atomic.AtomicLong updates = new java.util.concurrent.atomic.AtomicLong();
        private final List<Long> latencies = new ArrayList<>();

        Recorder(int accounts) {
            allAccountsSeen = new CountDownLatch(accounts);
        }

        @Override
        public void accept(AccountUpdate update) {
            long now = System.nanoTime();
            updates.incrementAndGet();
            long account = Long.parseLong(update.account().value());
            if (seen.add(account)) {
                allAccountsSeen.countDown();
            }
            Pending waiting = pending.get(account);
            if (waiting == null || waiting.position() == -1) {
                return;
            }
            if (shows(update.current(), update.newDeals(), waiting.position()) && pending.remove(account, waiting)) {
                synchronized (latencies) {
                    latencies.add(now - waiting.sentAtNanos());
                }
            }
        }

        private static boolean shows(AccountSnapshot snapshot, List<Deal> deals, long position) {
            if (position > 0) {
                String id = Long.toString(position);
                return snapshot.positions().stream().anyMatch(open -> open.positionId().equals(id));
            }
            String closed = Long.toString(-position);
            return deals.stream().anyMatch(deal -> deal.closing() && deal.positionId().equals(closed));
        }

        Percentiles latencies() {
            synchronized (latencies) {
                return Percentiles.of(latencies.stream().mapToLong(Long::longValue).toArray());
            }
        }
    }

    /** The simulator with its own threads, and what the app and the floor need to reach it. */
    private static final class Peers implements AutoCloseable {
        final SchedulerRuntime runtime;
        final CtraderSimulator simulator;
        final Path directory;
        final Path certificate;

        private Peers(SchedulerRuntime runtime, CtraderSimulator simulator, Path directory, Path certificate) {
            this.runtime = runtime;
            this.simulator = simulator;
            this.directory = directory;
            this.certificate = certificate;
        }

        static Peers start(int accounts) throws IOException {
            SchedulerRuntime runtime = SchedulerRuntime.start(new SchedulerSettings(1, 10, Duration.ofSeconds(5)));
            CtraderSimulator.Builder builder = CtraderSimulator.builder(runtime.ioThreads(), runtime.timer())
                    .clock(runtime.clock());
            for (int i = 0; i < accounts; i++) {
                builder.account(SimulatedAccount.builder(FIRST_ACCOUNT + i).balance("10000.00").build());
            }
            CtraderSimulator simulator = builder.build();
            simulator.start();
            Path directory = Files.createTempDirectory("account-monitor-bench-");
            return new Peers(runtime, simulator, directory, SimulatorCertificate.writePem(directory));
        }

        AppConfig config() throws ConfigException {
            String yaml = """
                    dataDirectory: data
                    logging: {level: warn}
                    scheduler: {workerThreads: 2, threadBudget: 16}
                    monitors:
                      - name: bench
                        broker:
                          type: ctrader
                          environment: '%s'
                          clientId: %s
                          clientSecret: %s
                          accessToken: %s
                          trustCertificate: '%s'
                        schedule:
                          fallbackInterval: 5m
                          debounce: 0s
                          minSpacing: 0s
                    sinks:
                      - type: bench-latency
                    """.formatted(simulator.endpoint(), CtraderSimulator.DEFAULT_CLIENT_ID,
                    CtraderSimulator.DEFAULT_CLIENT_SECRET, CtraderSimulator.DEFAULT_ACCESS_TOKEN, certificate);
            PluginRegistry<SinkPlugin<?>> sinks = PluginRegistry.of("sink", List.of(new LatencySinkPlugin(update -> { })));
            PluginRegistry<BrokerPlugin<?>> brokers = Plugins.load(EndToEndHarness.class.getClassLoader()).brokers();
            return new ConfigLoader(brokers, sinks, name -> null).load(yaml, directory);
        }

        /** Returns the durations of {@code samples} checks, one after another, of an unchanged account. */
        long[] checkLatencies(int samples) throws Exception {
            AppConfig config = config();
            Plugins plugins = Plugins.load(EndToEndHarness.class.getClassLoader());
            BrokerPlugin<Object> plugin = castPlugin(plugins.brokers().require("ctrader"));
            try (SchedulerRuntime host = SchedulerRuntime.start(new SchedulerSettings(2, 8, Duration.ofSeconds(5)))) {
                AccountSource source = plugin.create("floor", config.monitors().get(0).broker().settings(),
                        new BenchHostContext(host));
                CountDownLatch up = new CountDownLatch(1);
                source.start(new SourceListener() {
                    @Override
                    public void accountsChanged(Set<AccountId> accounts) {
                    }

                    @Override
                    public void accountChanged(AccountId account, String reason) {
                    }

                    @Override
                    public void connectionChanged(LinkStatus status) {
                    }

                    @Override
                    public void accountLinkChanged(AccountId account, LinkStatus status) {
                        if (status.state() == LinkState.UP) {
                            up.countDown();
                        }
                    }
                });
                try {
                    if (!up.await(60, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("the account did not come up within 60 s");
                    }
                    AccountId account = AccountId.of(FIRST_ACCOUNT);
                    DealCursor cursor = DealCursor.startingAt(host.clock().instant());
                    // One check every 200 ms costs 15 requests per second, half the sustained budget, so the
                    // figure is the check's own latency and not the rate limiter's queue. The warm-up keeps
                    // that pace too: back to back, its requests would leave the first measured check
                    // waiting about 100 ms for the limiter.
                    long next = System.nanoTime();
                    // The first checks load the asset and symbol lists and read deals; measure the steady state after them.
                    for (int i = 0; i < 20; i++) {
                        next += CHECK_PACE_NANOS;
                        cursor = source.fetch(account, cursor).toCompletableFuture().get(30, TimeUnit.SECONDS).dealCursor();
                        parkUntil(next);
                    }
                    long[] nanos = new long[samples];
                    for (int i = 0; i < samples; i++) {
                        next += CHECK_PACE_NANOS;
                        long start = System.nanoTime();
                        cursor = source.fetch(account, cursor).toCompletableFuture().get(30, TimeUnit.SECONDS).dealCursor();
                        nanos[i] = System.nanoTime() - start;
                        parkUntil(next);
                    }
                    return nanos;
                } finally {
                    source.close();
                }
            }
        }

        @SuppressWarnings("unchecked")
        private static BrokerPlugin<Object> castPlugin(BrokerPlugin<?> plugin) {
            return (BrokerPlugin<Object>) plugin;
        }

        @Override
        public void close() {
            simulator.close();
            runtime.close();
            deleteTree(directory);
        }

        /** Deletes the run's temporary directory: the certificate, tokens and cursors of one run. */
        private static void deleteTree(Path root) {
            try (Stream<Path> paths = Files.walk(root)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            } catch (IOException | UncheckedIOException e) {
                new ReportOutput().line("Could not delete the benchmark directory " + root + " (" + e
                        + "); delete it by hand");
            }
        }
    }
}
