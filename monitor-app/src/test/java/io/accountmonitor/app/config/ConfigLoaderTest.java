package io.accountmonitor.app.config;

import static io.accountmonitor.app.config.ConfigLoaderFixtureTest.ENVIRONMENT;
import static io.accountmonitor.app.config.ConfigLoaderFixtureTest.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.accountmonitor.app.config.TestPlugins.Endpoint;
import io.accountmonitor.app.config.TestPlugins.LogSettings;
import io.accountmonitor.app.config.TestPlugins.PaperSettings;
import io.accountmonitor.app.config.TestPlugins.StreamSettings;
import io.accountmonitor.core.check.Schedule;
import io.accountmonitor.core.check.ScheduleMode;
import io.accountmonitor.core.model.AccountId;
import io.accountmonitor.core.plugin.PluginRegistry;
import io.accountmonitor.core.spi.BrokerPlugin;
import io.accountmonitor.core.spi.Secret;
import io.accountmonitor.core.spi.SinkPlugin;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    private static final String PAPER_BROKER = """
                broker:
                  type: paper
                  clientId: client
                  clientSecret: secret-value
            """;

    @TempDir
    Path directory;

    private final Map<String, String> environment = new HashMap<>(ENVIRONMENT);
    private final ConfigLoader loader = new ConfigLoader(TestPlugins.brokers(), TestPlugins.sinks(), environment::get);

    private List<ConfigProblem> problemsOf(String yaml) {
        return catchThrowableOfType(ConfigException.class, () -> loader.load(yaml, directory)).problems();
    }

    private static String oneMonitor(String extra) {
        return "monitors:\n  - name: main\n" + PAPER_BROKER + extra;
    }

    @Test
    void loadsFullConfiguration() throws ConfigException {
        Path file = fixture("valid-full.yaml");

        AppConfig config = loader.load(file);

        PaperSettings live = new PaperSettings("live", "client-from-env", Secret.of("env-secret-Xy9"),
                Secret.of("token-from-file-7Q2"), List.of(AccountId.of(12345678), AccountId.of(87654321)),
                Duration.ofSeconds(45), new Endpoint("paper.example", 5035));
        Schedule liveSchedule = new Schedule(ScheduleMode.PERIODIC, Duration.ofMinutes(10), Duration.ofMinutes(2),
                Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofSeconds(20), Duration.ofSeconds(2),
                Duration.ofMinutes(10));
        PaperSettings demo = new PaperSettings(null, "demo-client", Secret.of("literal-demo-secret"), null, null, null,
                null);
        Schedule demoSchedule = Schedule.defaults().withDebounce(Duration.ofMillis(500))
                .withMinSpacing(Duration.ofSeconds(1)).withCheckTimeout(Duration.ofSeconds(45));
        StreamSettings home = new StreamSettings(URI.create("ws://127.0.0.1:5050/stream"), Secret.of("stream-pass-K4"),
                "trading", Duration.ofMillis(250), List.of("deals", "positions"));
        assertThat(config).isEqualTo(new AppConfig(file, file.resolveSibling("state"), new LoggingConfig("debug"),
                new SchedulerConfig(3, 24, Duration.ofSeconds(15)), new StatusConfig("127.0.0.1:9464"),
                List.of(new MonitorConfig("main-live", new PluginSection("paper", live), liveSchedule),
                        new MonitorConfig("demo_1", new PluginSection("paper", demo), demoSchedule)),
                List.of(new SinkConfig("home", new PluginSection("stream", home)),
                        new SinkConfig("log", new PluginSection("log", new LogSettings(true))))));
    }

    @Test
    void minimalConfigurationGetsDefaults() throws ConfigException {
        Path file = fixture("valid-minimal.yaml");

        AppConfig config = loader.load(file);

        assertThat(config.file()).isEqualTo(file);
        assertThat(config.dataDirectory()).isEqualTo(file.resolveSibling("data"));
        assertThat(config.logging()).isEqualTo(LoggingConfig.defaults());
        assertThat(config.scheduler()).isEqualTo(new SchedulerConfig(2, 16, Duration.ofSeconds(10)));
        assertThat(config.status().enabled()).isFalse();
        assertThat(config.monitors()).containsExactly(new MonitorConfig("main", new PluginSection("paper",
                new PaperSettings(null, "minimal-client", Secret.of("env-secret-Xy9"), null, null, null, null)),
                Schedule.defaults()));
        assertThat(config.sinks()).containsExactly(new SinkConfig("log", new PluginSection("log",
                new LogSettings(null))));
    }

    @Test
    void loadsYamlWithoutFile() throws ConfigException {
        AppConfig config = loader.load(oneMonitor("dataDirectory: /var/lib/monitor\n"), directory);

        assertThat(config.file()).isNull();
        assertThat(config.dataDirectory()).isEqualTo(Path.of("/var/lib/monitor"));
    }

    @Test
    void reportWithoutFileOmitsName() {
        ConfigException exception = catchThrowableOfType(ConfigException.class, () -> loader.load("a: 1\n", directory));

        assertThat(exception.file()).isNull();
        assertThat(exception.getMessage()).isEqualTo("""
                Invalid configuration (2 problems):
                  line 1, a: unknown key; known keys: dataDirectory, logging, scheduler, status, monitors, sinks
                  monitors: missing; configure at least one monitor with a name and a broker""");
    }

    @Test
    void missingFileIsOneProblem() {
        Path file = directory.resolve("absent.yaml");

        ConfigException exception = catchThrowableOfType(ConfigException.class, () -> loader.load(file));

        assertThat(exception.getMessage()).isEqualTo("Invalid configuration in " + file + " (1 problem):\n"
                + "  the file does not exist");
    }

    @Test
    void directoryIsNotAFile() {
        ConfigException exception = catchThrowableOfType(ConfigException.class, () -> loader.load(directory));

        assertThat(exception.problems()).containsExactly(new ConfigProblem("", 0,
                "the path is a directory; give the path of the YAML file"));
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void deviceIsNotReadWithoutEnd() {
        ConfigException exception = catchThrowableOfType(ConfigException.class, () -> loader.load(Path.of("/dev/zero")));

        assertThat(exception.problems()).containsExactly(new ConfigProblem("", 0,
                "the path is not a regular file; give the path of the YAML file"));
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void namedPipeIsRejectedWithoutWaitingForAWriter() throws Exception {
        Path fifo = directory.resolve("config.yaml");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(mkfifo.waitFor()).isZero();

        ConfigException exception = catchThrowableOfType(ConfigException.class, () -> loader.load(fifo));

        assertThat(exception.problems()).containsExactly(new ConfigProblem("", 0,
                "the path is not a regular file; give the path of the YAML file"));
    }

    @Test
    void fileAboveOneMebibyteIsNotRead() throws IOException {
        Path file = Files.write(directory.resolve("huge.yaml"), new byte[(int) ConfigLoader.MAX_CONFIG_BYTES + 1]);

        ConfigException exception = catchThrowableOfType(ConfigException.class, () -> loader.load(file));

        assertThat(exception.problems()).extracting(ConfigProblem::message).singleElement().asString()
                .startsWith("the file is larger than 1 MiB");
    }

    @Test
    void fileMustBeUtf8() throws IOException {
        Path file = Files.write(directory.resolve("latin1.yaml"), "name: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));

        ConfigException exception = catchThrowableOfType(ConfigException.class, () -> loader.load(file));

        assertThat(exception.problems()).containsExactly(new ConfigProblem("", 0, "the file is not UTF-8 text"));
    }

    @Test
    void byteOrderMarkIsIgnored() throws ConfigException {
        AppConfig config = loader.load("\uFEFF" + oneMonitor(""), directory);

        assertThat(config.monitors()).hasSize(1);
    }

    @Test
    void fileReferenceStartsAtConfigDirectory() throws IOException, ConfigException {
        Files.writeString(directory.resolve("secret.txt"), "from-file-3Rt\n");
        Path file = Files.writeString(directory.resolve("config.yaml"), """
                monitors:
                  - name: main
                    broker:
                      type: paper
                      clientId: client
                      clientSecret: ${file:secret.txt}
                """);

        AppConfig config = loader.load(file);

        PaperSettings settings = (PaperSettings) config.monitors().get(0).broker().settings();
        assertThat(settings.clientSecret().reveal()).isEqualTo("from-file-3Rt");
    }

    @Test
    void secretInWrongPlaceIsNotRepeated() {
        List<ConfigProblem> problems = problemsOf(oneMonitor("""
                      endpoint:
                        host: broker.example
                        port: ${PAPER_CLIENT_SECRET}
                """));

        assertThat(problems).containsExactly(new ConfigProblem("monitors[0].broker.endpoint.port", 9,
                "expected a whole number, found '${PAPER_CLIENT_SECRET}' (resolved value not shown)"));
    }

    @Test
    void pluginMessageWithSecretIsMasked() {
        environment.put("PAPER_ENVIRONMENT", "staging-3xQ");

        List<ConfigProblem> problems = problemsOf(oneMonitor("      environment: ${PAPER_ENVIRONMENT}\n"));

        assertThat(problems).containsExactly(new ConfigProblem("monitors[0].broker.environment", 7,
                "invalid environment '******'; use live or demo"));
    }

    @Test
    void referencedPluginTypeIsNotRepeated() {
        environment.put("BROKER", "ctrader");

        List<ConfigProblem> problems = problemsOf("monitors:\n  - name: main\n    broker: {type: \"${BROKER}\"}\n");

        assertThat(problems).containsExactly(new ConfigProblem("monitors[0].broker.type", 3,
                "no broker plugin has the type '${BROKER}' (resolved value not shown); known types: paper"));
    }

    @Test
    void unknownTopLevelKeyIsSuggested() {
        List<ConfigProblem> problems = problemsOf("monitor:\n  - name: main\n");

        assertThat(problems).containsExactly(
                new ConfigProblem("monitor", 1, "unknown key; did you mean 'monitors'? Known keys: dataDirectory,"
                        + " logging, scheduler, status, monitors, sinks"),
                new ConfigProblem("monitors", 0, "missing; configure at least one monitor with a name and a broker"));
    }

    @Test
    void misspelledMonitorKeyIsSuggested() {
        List<ConfigProblem> problems = problemsOf(oneMonitor("    shedule: {debounce: 1s}\n"));

        assertThat(problems).containsExactly(new ConfigProblem("monitors[0].shedule", 7,
                "unknown key; did you mean 'schedule'? Known keys: name, broker, schedule"));
    }

    @Test
    void extensionKeysAreIgnored() throws ConfigException {
        AppConfig config = loader.load("x-notes: {anything: [1, 2]}\n" + oneMonitor(""), directory);

        assertThat(config.monitors()).hasSize(1);
    }

    @Test
    void emptyMonitorListIsReported() {
        assertThat(problemsOf("monitors: []\n")).containsExactly(new ConfigProblem("monitors", 1,
                "is empty; configure at least one monitor with a name and a broker"));
    }

    @Test
    void monitorWithoutBrokerIsReported() {
        assertThat(problemsOf("monitors:\n  - name: main\n")).containsExactly(new ConfigProblem("monitors[0].broker",
                2, "missing; configure the broker, with type set to one of: paper"));
    }

    @Test
    void zeroWorkerThreadsIsReported() {
        assertThat(problemsOf(oneMonitor("scheduler: {workerThreads: 0}\n"))).containsExactly(
                new ConfigProblem("scheduler.workerThreads", 7, "is 0; use 1 to 256 (checks wait for the broker, not"
                        + " for a CPU, so a few workers serve thousands of accounts)"));
    }

    @Test
    void invalidLevelIsReported() {
        assertThat(problemsOf(oneMonitor("logging: {level: loud}\n"))).containsExactly(
                new ConfigProblem("logging.level", 7, "invalid level 'loud'; use one of: error, warn, info, debug,"
                        + " trace"));
    }

    @Test
    void levelIgnoresCase() throws ConfigException {
        assertThat(loader.load(oneMonitor("logging: {level: WARN}\n"), directory).logging().level()).isEqualTo("warn");
    }

    @Test
    void scheduleLimitsAreReported() {
        List<ConfigProblem> problems = problemsOf(oneMonitor("""
                    schedule:
                      checkTimeout: 0
                      fallbackInterval: 31d
                """));

        assertThat(problems).containsExactly(
                new ConfigProblem("monitors[0].schedule.checkTimeout", 8, "is 0s; must be longer than zero"),
                new ConfigProblem("monitors[0].schedule.fallbackInterval", 9,
                        "invalid duration '31d'; the longest accepted duration is 30d; use at most that"));
    }

    @Test
    void pluginConstructorFailureIsReported() {
        List<ConfigProblem> problems = problemsOf(oneMonitor("      endpoint: {host: 'https://broker.example'}\n"));

        assertThat(problems).containsExactly(new ConfigProblem("monitors[0].broker.endpoint", 7,
                "host must be a host name, not a URL"));
    }

    @Test
    void pluginValidationThatThrowsIsReported() {
        PluginRegistry<BrokerPlugin<?>> brokers = PluginRegistry.of("broker", List.of(new TestPlugins.FaultyBroker()));
        ConfigLoader faultyLoader = new ConfigLoader(brokers, TestPlugins.sinks(), environment::get);

        ConfigException exception = catchThrowableOfType(ConfigException.class, () -> faultyLoader.load(
                "monitors:\n  - name: main\n    broker: {type: faulty, mode: fast}\n", directory));

        assertThat(exception.problems()).containsExactly(new ConfigProblem("monitors[0].broker", 3,
                "the broker plugin 'faulty' failed to validate its settings: java.lang.IllegalStateException:"
                        + " validator broke on mode fast"));
    }

    @Test
    void repeatedSinkTypesGetNumberedNames() throws ConfigException {
        AppConfig config = loader.load(oneMonitor("""
                sinks:
                  - {type: stream, url: 'ws://a/stream'}
                  - {type: log}
                  - {type: stream, url: 'ws://b/stream'}
                """), directory);

        assertThat(config.sinks()).extracting(SinkConfig::name).containsExactly("stream-1", "log", "stream-2");
    }

    @Test
    void sinkNameFromTypeMayCollide() {
        List<ConfigProblem> problems = problemsOf(oneMonitor("""
                sinks:
                  - type: log
                  - {type: stream, name: log, url: 'ws://a/stream'}
                """));

        assertThat(problems).containsExactly(new ConfigProblem("sinks[1].name", 9, "duplicate sink name 'log';"
                + " sinks[0] on line 8 has it too; a sink without a name key is named after its type, so set a"
                + " different name on one of them"));
    }

    @Test
    void sinkNameMustBeText() {
        List<ConfigProblem> problems = problemsOf(oneMonitor("sinks:\n  - {type: log, name: [a]}\n"));

        assertThat(problems).containsExactly(new ConfigProblem("sinks[0].name", 8, "expected text, found a list"));
    }

    @Test
    void defaultSinkNeedsLogPlugin() {
        PluginRegistry<SinkPlugin<?>> sinks = PluginRegistry.of("sink", List.of(new TestPlugins.StreamSink()));
        ConfigLoader streamOnly = new ConfigLoader(TestPlugins.brokers(), sinks, environment::get);

        ConfigException exception = catchThrowableOfType(ConfigException.class,
                () -> streamOnly.load(oneMonitor(""), directory));

        assertThat(exception.problems()).containsExactly(new ConfigProblem("sinks", 0, "missing; configure at least"
                + " one sink, because the default 'log' sink plugin is not installed; known sink types: stream"));
    }
}
