package io.accountmonitor.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.accountmonitor.appdaemon.testing.FakeAppDaemon;
import io.accountmonitor.appdaemon.testing.FiredEvent;
import io.accountmonitor.appdaemon.testing.StoredEntity;
import io.accountmonitor.core.model.TradeSide;
import io.accountmonitor.ctrader.simulator.CtraderSimulator;
import io.accountmonitor.ctrader.simulator.SimulatorCertificate;
import io.accountmonitor.scheduler.SchedulerRuntime;
import io.accountmonitor.scheduler.SchedulerSettings;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon from its main entry point, in one JVM, with real sockets: the cTrader simulator over
 * loopback TLS on one side and a fake AppDaemon stream server on the other.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class EndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final long ACCOUNT = 1001;
    private static final String NAMESPACE = "trading";
    private static final String BALANCE = "sensor.ctrader_1001_balance";
    private static final String OPEN_POSITIONS = "sensor.ctrader_1001_open_positions";
    private static final String DEAL_CLOSED = "ctrader_deal_closed";

    @TempDir
    Path directory;

    private SchedulerRuntime simulatorRuntime;
    private CtraderSimulator simulator;
    private FakeAppDaemon appDaemon;
    private Path config;
    private int statusPort;
    private final ExecutorService daemonThreads = Executors.newCachedThreadPool();
    private final Map<String, String> variables = Map.of(
            "CTRADER_CLIENT_SECRET", CtraderSimulator.DEFAULT_CLIENT_SECRET,
            "CTRADER_ACCESS_TOKEN", CtraderSimulator.DEFAULT_ACCESS_TOKEN);

    @BeforeEach
    void startPeers() throws Exception {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            statusPort = probe.getLocalPort();
        }
        simulatorRuntime = SchedulerRuntime.start(new SchedulerSettings(1, 10, Duration.ofSeconds(5)));
        simulator = CtraderSimulator.demoBuilder(simulatorRuntime.ioThreads(), simulatorRuntime.timer())
                .clock(simulatorRuntime.clock())
                .build();
        simulator.start();
        appDaemon = FakeAppDaemon.create().addNamespace(NAMESPACE).start();
        Path certificate = SimulatorCertificate.writePem(directory);
        config = Files.writeString(directory.resolve("config.yaml"), """
                dataDirectory: data
                # Exactly what check-config counts: the timer, 2 workers, 2 for the status
                # endpoint, 2 for the cTrader connection and 1 for the AppDaemon sink.
                scheduler: {workerThreads: 2, threadBudget: 8}
                status:
                  listen: 127.0.0.1:%d
                monitors:
                  - name: e2e
                    broker:
                      type: ctrader
                      environment: '%s'
                      clientId: %s
                      clientSecret: ${CTRADER_CLIENT_SECRET}
                      accessToken: ${CTRADER_ACCESS_TOKEN}
                      accounts: [1001]
                      trustCertificate: '%s'
                      reconnectInitialBackoff: 100ms
                      reconnectMaxBackoff: 1s
                    schedule:
                      fallbackInterval: 30s
                      debounce: 100ms
                      minSpacing: 100ms
                sinks:
                  - type: appdaemon
                    url: '%s'
                    namespace: %s
                    publishInterval: 100ms
                    reconnectBackoff: {initial: 100ms, max: 1s}
                """.formatted(statusPort, simulator.endpoint(), CtraderSimulator.DEFAULT_CLIENT_ID, certificate,
                appDaemon.streamUri(), NAMESPACE));
    }

    @AfterEach
    void stopPeers() {
        daemonThreads.shutdownNow();
        appDaemon.close();
        simulator.close();
        simulatorRuntime.close();
    }

    private RunningDaemon startDaemon() {
        return RunningDaemon.start(config, variables, daemonThreads);
    }

    private StoredEntity awaitBalance(BigDecimal expected) {
        return appDaemon.awaitEntity(NAMESPACE, BALANCE,
                entity -> entity.state().isNumber() && entity.state().decimalValue().compareTo(expected) == 0, WAIT);
    }

    private void awaitOpenPositions(int count) {
        appDaemon.awaitEntity(NAMESPACE, OPEN_POSITIONS,
                entity -> entity.state().isNumber() && entity.state().intValue() == count, WAIT);
    }

    private List<String> publishedDealIds() {
        return appDaemon.firedEvents(DEAL_CLOSED).stream()
                .map(FiredEvent::data)
                .map(data -> data.get("deal_id"))
                .map(JsonNode::asText)
                .toList();
    }

    /** Makes the daemon run one more check and waits until its result reached AppDaemon. */
    private void awaitOneMoreCheck() {
        simulator.depositOrWithdraw(ACCOUNT, new BigDecimal("1.00"));
        awaitBalance(simulator.balance(ACCOUNT));
    }

    @Test
    void closedPositionArrivesAsDealEventAndEntities() throws Exception {
        RunningDaemon daemon = startDaemon();
        StoredEntity balance = awaitBalance(new BigDecimal("10000.00"));
        assertThat(balance.attribute("unit_of_measurement")).isEqualTo("USD");

        long position = simulator.openPosition(ACCOUNT, 1, TradeSide.BUY, 100_000, 1.08450);
        awaitOpenPositions(1);
        long deal = simulator.closePosition(ACCOUNT, position, new BigDecimal("12.50"));
        List<FiredEvent> events = appDaemon.awaitEvents(DEAL_CLOSED, 1, WAIT);
        awaitBalance(simulator.balance(ACCOUNT));
        awaitOpenPositions(0);
        daemon.stop();

        assertThat(events).hasSize(1);
        assertThat(events.get(0).data().get("deal_id").asText()).isEqualTo(Long.toString(deal));
        assertThat(events.get(0).data().get("position_id").asText()).isEqualTo(Long.toString(position));
        assertThat(simulator.balance(ACCOUNT)).isEqualByComparingTo("10012.50");
        assertThat(daemon.console()).doesNotContain(CtraderSimulator.DEFAULT_CLIENT_SECRET)
                .doesNotContain(CtraderSimulator.DEFAULT_ACCESS_TOKEN);
    }

    @Test
    void statusEndpointReportsHealthAndMetrics() throws Exception {
        RunningDaemon daemon = startDaemon();
        awaitBalance(new BigDecimal("10000.00"));
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + statusPort;

        HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                URI.create(base + "/health")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(
                URI.create(base + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(
                URI.create(base + "/health")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(
                URI.create(base + "/admin")).build(), HttpResponse.BodyHandlers.ofString());
        daemon.stop();

        assertThat(health.statusCode()).isEqualTo(200);
        JsonNode document = new ObjectMapper().readTree(health.body());
        JsonNode monitor = document.get("monitors").get(0);
        JsonNode account = monitor.get("accounts").get(0);
        assertThat(document.get("threads").get("live").asInt()).isPositive()
                .isLessThanOrEqualTo(document.get("threads").get("budget").asInt());
        assertThat(monitor.get("name").asText()).isEqualTo("e2e");
        assertThat(monitor.get("connection").get("state").asText()).isEqualTo("UP");
        assertThat(account.get("account").asText()).isEqualTo("1001");
        assertThat(account.get("link").get("state").asText()).isEqualTo("UP");
        assertThat(account.get("loop").get("state").asText()).isIn("SCHEDULED", "RUNNING");
        assertThat(account.get("loop").get("lastSuccess").isNull()).isFalse();
        assertThat(account.get("snapshot").get("balance").decimalValue()).isEqualByComparingTo("10000.00");
        JsonNode sink = document.get("sinks").get(0);
        assertThat(sink.get("type").asText()).isEqualTo("appdaemon");
        assertThat(sink.get("link").get("state").asText()).isEqualTo("UP");
        assertThat(sink.get("link").get("detail").asText()).startsWith("connected to ws://127.0.0.1:");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("monitor_threads_live", "monitor_triggers_total",
                "monitor_triggers_coalesced_total", "monitor_checks_started_total", "monitor_checks_succeeded_total",
                "monitor_checks_failed_total", "monitor_checks_timed_out_total", "ctrader_requests_total",
                "monitor_sink_failures_total{sink=\"appdaemon\"} 0.0",
                "# HELP ctrader_requests_total Requests sent, by payload type",
                "# HELP appdaemon_states_delivered_total state/set requests acknowledged");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(unknown.statusCode()).isEqualTo(404);
    }

    @Test
    void reconnectConvergesWithoutRepeatingDeals() throws Exception {
        RunningDaemon daemon = startDaemon();
        awaitBalance(new BigDecimal("10000.00"));
        long first = simulator.openPosition(ACCOUNT, 1, TradeSide.BUY, 100_000, 1.08450);
        awaitOpenPositions(1);
        simulator.closePosition(ACCOUNT, first, new BigDecimal("5.00"));
        appDaemon.awaitEvents(DEAL_CLOSED, 1, WAIT);

        simulator.dropConnections();
        assertThat(simulator.awaitConnectionsAccepted(2, WAIT)).as("the adapter reconnected").isTrue();
        long second = simulator.openPosition(ACCOUNT, 2, TradeSide.SELL, 50_000, 1.26000);
        awaitOpenPositions(1);
        simulator.dropConnections();
        simulator.closePosition(ACCOUNT, second, new BigDecimal("-3.25"));
        assertThat(simulator.awaitConnectionsAccepted(3, WAIT)).as("the adapter reconnected again").isTrue();
        appDaemon.awaitEvents(DEAL_CLOSED, 2, WAIT);
        awaitOneMoreCheck();
        awaitOneMoreCheck();
        daemon.stop();

        List<String> dealIds = publishedDealIds();
        assertThat(dealIds).hasSize(2).doesNotHaveDuplicates();
        assertThat(appDaemon.entity(NAMESPACE, BALANCE).orElseThrow().state().decimalValue())
                .isEqualByComparingTo(simulator.balance(ACCOUNT));
    }

    @Test
    void dealsClosedWhileStoppedPublishedOnce() throws Exception {
        RunningDaemon first = startDaemon();
        awaitBalance(new BigDecimal("10000.00"));
        long one = simulator.openPosition(ACCOUNT, 1, TradeSide.BUY, 100_000, 1.08450);
        long two = simulator.openPosition(ACCOUNT, 41, TradeSide.SELL, 1_000, 2350.10);
        awaitOpenPositions(2);
        first.stop();

        long dealOne = simulator.closePosition(ACCOUNT, one, new BigDecimal("7.00"));
        long dealTwo = simulator.closePosition(ACCOUNT, two, new BigDecimal("-2.00"));
        assertThat(publishedDealIds()).isEmpty();

        RunningDaemon second = startDaemon();
        appDaemon.awaitEvents(DEAL_CLOSED, 2, WAIT);
        awaitOneMoreCheck();
        second.stop();
        RunningDaemon third = startDaemon();
        awaitOneMoreCheck();
        third.stop();

        assertThat(publishedDealIds()).containsExactlyInAnyOrder(Long.toString(dealOne), Long.toString(dealTwo));
    }

    @Test
    void twentyStartsAndStopsLeaveNoThreadBehind() throws Exception {
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        for (int run = 1; run <= 20; run++) {
            RunningDaemon daemon = startDaemon();
            assertThat(simulator.awaitConnectionsAccepted(run, WAIT)).as("run %d connected", run).isTrue();
            appDaemon.awaitConnections(run, WAIT);
            daemon.stop();
        }
        daemonThreads.shutdown();
        assertThat(daemonThreads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        List<String> survivors = threadsStillAliveSince(before);

        assertThat(survivors).as("threads started by the daemon and still alive after its stops").isEmpty();
    }

    /**
     * Names of threads that belong to this test's peers, which start their pools lazily: the
     * simulator's connection threads, and the Jetty server of the fake AppDaemon.
     */
    private static final List<String> PEER_THREADS = List.of("monitor-io-ctrader-sim-", "fake-appdaemon-", "Scheduler-");

    private static boolean ignored(Thread thread) {
        String name = thread.getName();
        // The JDK's websocket handshake runs on the common pool, which on 2 cores starts a thread per task.
        return name.startsWith("ForkJoinPool.commonPool") || PEER_THREADS.stream().anyMatch(name::startsWith);
    }

    /**
     * Returns the threads started since {@code before} that are still alive after a bounded wait.
     * The JDK's HttpClient ends its selector thread only once the client is garbage collected, so
     * the wait requests a collection first.
     */
    private static List<String> threadsStillAliveSince(Set<Thread> before) throws InterruptedException {
        System.gc();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (before.contains(thread) || ignored(thread)) {
                continue;
            }
            long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (remaining > 0) {
                if (thread.getName().startsWith("HttpClient")) {
                    System.gc();
                }
                thread.join(remaining);
            }
        }
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> !before.contains(thread) && thread.isAlive())
                .filter(thread -> !ignored(thread))
                .map(Thread::getName)
                .sorted()
                .collect(Collectors.toList());
    }
}
