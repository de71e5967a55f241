package io.accountmonitor.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.accountmonitor.app.Main;
import io.accountmonitor.appdaemon.testing.FakeAppDaemon;
import io.accountmonitor.ctrader.simulator.CtraderSimulator;
import io.accountmonitor.ctrader.simulator.RoundTripProbe;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The commands through the real entry point, with their output and exit codes. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CommandLineTest {
    private static final String CLIENT_SECRET = "client-secret-that-must-not-leak";
    private static final String ACCESS_TOKEN = "access-token-that-must-not-leak";
    private static final String FILE_SECRET = "refresh-token-from-a-file";

    @TempDir
    Path directory;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private MainEnvironment environment(Map<String, String> variables) {
        return MainEnvironment.forTest(new ConsoleOutput(new PrintWriter(out, true), new PrintWriter(err, true)),
                variables::get);
    }

    private int run(Map<String, String> variables, String... args) {
        return Main.run(args, environment(variables));
    }

    private Path validConfig(String status) throws Exception {
        Files.writeString(directory.resolve("refresh-token"), FILE_SECRET + "\n");
        Files.writeString(directory.resolve("ca.pem"), io.accountmonitor.ctrader.simulator.SimulatorCertificate.pem());
        return Files.writeString(directory.resolve("config.yaml"), """
                dataDirectory: data
                status:
                  listen: %s
                monitors:
                  - name: main
                    broker:
                      type: ctrader
                      environment: 127.0.0.1:9
                      clientId: app
                      clientSecret: ${CLIENT_SECRET}
                      accessToken: ${ACCESS_TOKEN}
                      refreshToken: ${file:refresh-token}
                      trustCertificate: ca.pem
                sinks:
                  - type: log
                """.formatted(status));
    }

    @Test
    void checkConfigPrintsEffectiveConfigWithoutSecrets() throws Exception {
        Path config = validConfig("127.0.0.1:9464");

        int code = run(Map.of("CLIENT_SECRET", CLIENT_SECRET, "ACCESS_TOKEN", ACCESS_TOKEN), "check-config", "--config",
                config.toString());

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString())
                .contains("clientSecret: '******'")
                .contains("fallbackInterval: 5m")
                .contains("is valid.")
                .doesNotContain(CLIENT_SECRET)
                .doesNotContain(ACCESS_TOKEN)
                .doesNotContain(FILE_SECRET);
        assertThat(err.toString()).doesNotContain(CLIENT_SECRET).doesNotContain(ACCESS_TOKEN).doesNotContain(FILE_SECRET);
    }

    @Test
    void invalidConfigExitsWithTwoListingEveryProblem() throws Exception {
        Path config = Files.writeString(directory.resolve("bad.yaml"), """
                monitors:
                  - name: main
                    broker:
                      type: ctrader
                      environment: live
                      clientId: app
                      clientSecret: ${UNSET_SECRET}
                      accessToken: token
                    schedule:
                      debounce: soon
                """);

        int code = run(Map.of(), "check-config", "--config", config.toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString())
                .contains("Invalid configuration in " + config.toAbsolutePath() + " (2 problems):")
                .contains("line 7, monitors[0].broker.clientSecret: environment variable UNSET_SECRET is not set")
                .contains("line 10, monitors[0].schedule.debounce: invalid duration 'soon'");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void durationBeyondThirtyDaysIsRejectedInPluginSettingsToo() throws Exception {
        Path config = Files.writeString(directory.resolve("long.yaml"), """
                monitors:
                  - name: main
                    broker:
                      type: ctrader
                      environment: live
                      clientId: app
                      clientSecret: secret
                      accessToken: token
                      requestTimeout: 200000d
                sinks:
                  - type: appdaemon
                    url: ws://127.0.0.1:5050
                    pingInterval: 31d
                """);

        int code = run(Map.of(), "check-config", "--config", config.toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString())
                .contains("line 9, monitors[0].broker.requestTimeout: invalid duration '200000d'; the longest accepted "
                        + "duration is 30d; use at most that")
                .contains("line 13, sinks[0].pingInterval: invalid duration '31d'");
    }

    @Test
    void threadBudgetCountsEveryPluginThread() throws Exception {
        Path config = Files.writeString(directory.resolve("budget.yaml"), """
                scheduler: {workerThreads: 2, threadBudget: 7}
                status: {listen: 127.0.0.1:9464}
                monitors:
                  - name: main
                    broker:
                      type: ctrader
                      environment: 127.0.0.1:9
                      clientId: app
                      clientSecret: secret
                      accessToken: token
                sinks:
                  - type: appdaemon
                    url: ws://127.0.0.1:5050/stream
                """);

        int code = run(Map.of(), "check-config", "--config", config.toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("line 1, scheduler.threadBudget: is 7, but this configuration needs 8"
                + " threads (1 timer, 2 worker(s), 2 for the status endpoint, 2 for monitor 'main', 1 for sink"
                + " 'appdaemon'); raise it to at least 8");
    }

    @Test
    void manyWorkersGrowUnsetBudget() throws Exception {
        int code = run(Map.of(), "check-config", "--config", minimalConfig("scheduler:\n  workerThreads: 20\n", "")
                .toString());

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("threadBudget: 23");
    }

    @Test
    void hugeWorkerCountIsRejected() throws Exception {
        Path config = minimalConfig("scheduler:\n  workerThreads: 1000000\n  threadBudget: 2000000\n", "");

        int code = run(Map.of(), "check-config", "--config", config.toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("line 2, scheduler.workerThreads: is 1000000; use 1 to 256");
        assertThat(err.toString()).contains("line 3, scheduler.threadBudget: is 2000000; use at most 4096");
    }

    @Test
    void urlFromVariableNeverQuotedInPart() throws Exception {
        Path config = minimalConfig("", """
                sinks:
                  - type: appdaemon
                    url: ${AD_URL}
                """);

        int hash = run(Map.of("AD_URL", "ws://user:Tops3cret#pw@127.0.0.1:5050/stream"), "check-config", "--config",
                config.toString());
        int at = run(Map.of("AD_URL", "ws://user:Tops3cret@pw@127.0.0.1:5050/stream"), "check-config", "--config",
                config.toString());

        assertThat(hash).isEqualTo(2);
        assertThat(at).isEqualTo(2);
        assertThat(err.toString()).doesNotContain("Tops3");
        assertThat(err.toString()).doesNotContain("pw@127");
        assertThat(err.toString()).doesNotContain("user:");
    }

    /** Writes a configuration with one cTrader monitor between {@code head} and {@code sinks}. */
    private Path minimalConfig(String head, String sinks) throws IOException {
        return Files.writeString(directory.resolve("minimal.yaml"), head + """
                monitors:
                  - name: main
                    broker:
                      type: ctrader
                      environment: 127.0.0.1:9
                      clientId: app
                      clientSecret: secret
                      accessToken: token
                """ + sinks);
    }

    @Test
    void pathFromAReferenceIsMaskedInTheReport() throws Exception {
        Path config = Files.writeString(directory.resolve("masked.yaml"), """
                monitors:
                  - name: main
                    broker:
                      type: ctrader
                      environment: live
                      clientId: app
                      clientSecret: secret
                      accessToken: token
                sinks:
                  - type: json-file
                    path: ${JSON_PATH}
                """);

        int code = run(Map.of("JSON_PATH", "/private-volume-name/state.json"), "check-config", "--config",
                config.toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("sinks[0].path: the directory of").doesNotContain("private-volume-name");
    }

    @Test
    void runWithInvalidConfigStartsNoThread() throws Exception {
        Path config = Files.writeString(directory.resolve("bad.yaml"), "monitors: []\nsinks: [{type: nowhere}]\n");
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());

        int code = run(Map.of(), "run", "--config", config.toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("no sink plugin has the type 'nowhere'; known types: appdaemon, json-file, log");
        assertThat(Thread.getAllStackTraces().keySet())
                .filteredOn(thread -> !before.contains(thread) && thread.getName().startsWith("monitor-"))
                .isEmpty();
    }

    @Test
    void statusPortInUseExitsWithOne() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Path config = validConfig("127.0.0.1:" + taken.getLocalPort());

            int code = run(Map.of("CLIENT_SECRET", CLIENT_SECRET, "ACCESS_TOKEN", ACCESS_TOKEN), "run", "--config",
                    config.toString());

            assertThat(code).isEqualTo(1);
            assertThat(err.toString()).contains("Start-up failed: cannot listen on 127.0.0.1:" + taken.getLocalPort())
                    .contains("change status.listen");
        }
    }

    @Test
    void missingConfigFileIsAConfigurationError() {
        int code = run(Map.of(), "run", "--config", directory.resolve("absent.yaml").toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("the file does not exist");
    }

    @Test
    void versionAndHelpExitWithZero() {
        assertThat(run(Map.of(), "--version")).isZero();
        assertThat(out.toString()).startsWith("account-monitor ");
        assertThat(run(Map.of(), "--help")).isZero();
        assertThat(out.toString()).contains("check-config").contains("demo").contains("Exit codes:");
    }

    @Test
    void unknownCommandAndMissingOptionExitWithTwo() {
        assertThat(run(Map.of(), "launch")).isEqualTo(2);
        assertThat(err.toString()).contains("Unmatched argument");
        assertThat(run(Map.of(), "run")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required option: '--config=FILE'");
        assertThat(run(Map.of())).isEqualTo(2);
    }

    @Test
    void invalidLogLevelIsRejected() throws Exception {
        Path config = validConfig("127.0.0.1:0");

        int code = run(Map.of("CLIENT_SECRET", CLIENT_SECRET, "ACCESS_TOKEN", ACCESS_TOKEN), "--log-level", "loud",
                "check-config", "--config", config.toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("invalid log level 'loud'; use error, warn, info, debug or trace");
    }

    @Test
    void demoPublishesScriptedTradesToAppDaemon() throws Exception {
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try (FakeAppDaemon appDaemon = FakeAppDaemon.create().start()) {
            MainEnvironment environment = environment(Map.of());
            Future<Integer> exit = thread.submit(() -> Main.run(new String[] {"demo", "--trade-every", "1",
                "--appdaemon", appDaemon.streamUri().toString(), "--data-dir", directory.resolve("demo").toString()},
                    environment));

            appDaemon.awaitEntity("default", "sensor.ctrader_1002_balance", entity -> true, Duration.ofSeconds(60));
            appDaemon.awaitEvents("ctrader_deal_closed", 1, Duration.ofSeconds(60));
            environment.requestStop();

            assertThat(exit.get(60, TimeUnit.SECONDS)).as(err.toString()).isZero();
            assertThat(appDaemon.entity("default", "binary_sensor.ctrader_1001_connected").orElseThrow().state().asText())
                    .isEqualTo("on");
            assertThat(directory.resolve("demo").resolve("ctrader-simulator.pem")).as("a given data directory stays")
                    .isRegularFile();
        } finally {
            thread.shutdownNow();
        }
    }

    @Test
    void demoSimulatorListensOnTheGivenPort() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Set<Path> before = demoDirectories();
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            MainEnvironment environment = environment(Map.of());
            Future<Integer> exit = thread.submit(() -> Main.run(new String[] {"demo", "--simulator-port",
                Integer.toString(port)}, environment));

            long[] roundTrips = awaitRoundTrips(port, exit);
            environment.requestStop();

            assertThat(roundTrips).hasSize(1);
            assertThat(exit.get(60, TimeUnit.SECONDS)).as(err.toString()).isZero();
            assertThat(demoDirectories()).as("temporary data directories left behind").isSubsetOf(before);
        } finally {
            thread.shutdownNow();
        }
    }

    @Test
    void demoRejectsAnImpossibleSimulatorPort() {
        int code = run(Map.of(), "demo", "--simulator-port", "70000");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--simulator-port is 70000; use 1 to 65535, or 0 for a free port");
    }

    /** Returns one round trip to the demo's simulator once it listens, failing if the demo exits first. */
    private static long[] awaitRoundTrips(int port, Future<Integer> exit) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                return RoundTripProbe.measure(port, CtraderSimulator.DEFAULT_CLIENT_ID,
                        CtraderSimulator.DEFAULT_CLIENT_SECRET, 1, System::nanoTime);
            } catch (IOException e) {
                if (exit.isDone() || System.nanoTime() > deadline) {
                    throw new AssertionError("the demo's simulator did not listen on port " + port, e);
                }
            }
            try {
                exit.get(100, TimeUnit.MILLISECONDS);
            } catch (TimeoutException stillStarting) {
                // The demo runs on; the next attempt may find the simulator listening.
            }
        }
    }

    private static Set<Path> demoDirectories() throws IOException {
        try (Stream<Path> entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return entries.filter(path -> path.getFileName().toString().startsWith("account-monitor-demo-"))
                    .collect(Collectors.toSet());
        }
    }
}
