package io.accountmonitor.app.config;

import static io.accountmonitor.app.config.ConfigLoaderFixtureTest.ENVIRONMENT;
import static io.accountmonitor.app.config.ConfigLoaderFixtureTest.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import io.accountmonitor.core.check.Schedule;
import io.accountmonitor.core.check.ScheduleMode;
import io.accountmonitor.core.spi.Secret;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigPrinterTest {
    /** Every secret value that the full fixture resolves or contains. */
    private static final List<String> SECRETS = List.of("env-secret-Xy9", "token-from-file-7Q2", "literal-demo-secret",
            "stream-pass-K4");

    @TempDir
    Path directory;

    private final ConfigLoader loader = new ConfigLoader(TestPlugins.brokers(), TestPlugins.sinks(), ENVIRONMENT::get);

    @Test
    void printsMinimalConfigurationWithDefaults() throws ConfigException {
        Path file = fixture("valid-minimal.yaml");

        String printed = ConfigPrinter.print(loader.load(file));

        assertThat(printed).isEqualTo("dataDirectory: " + file.resolveSibling("data") + "\n" + """
                logging:
                  level: info
                scheduler:
                  workerThreads: 2
                  threadBudget: 16
                  closeTimeout: 10s
                status:
                  listen: null
                monitors:
                  - name: main
                    broker:
                      type: paper
                      environment: demo
                      clientId: minimal-client
                      clientSecret: '******'
                      accessToken: null
                      accounts: []
                      readTimeout: 30s
                      endpoint: null
                    schedule:
                      mode: event-driven
                      fallbackInterval: 5m
                      periodicInterval: 1m
                      debounce: 2s
                      minSpacing: 1s
                      checkTimeout: 30s
                      backoff:
                        initial: 1s
                        max: 5m
                sinks:
                  - type: log
                    name: log
                    positions: false
                """);
    }

    @Test
    void printedConfigurationContainsNoSecret() throws ConfigException {
        String printed = ConfigPrinter.print(loader.load(fixture("valid-full.yaml")));

        assertThat(printed).doesNotContain(SECRETS);
        assertThat(printed).contains("clientSecret: '******'", "accessToken: '******'", "password: '******'");
    }

    @Test
    void printedDurationsUseUnits() throws ConfigException {
        String printed = ConfigPrinter.print(loader.load(fixture("valid-full.yaml")));

        assertThat(printed).contains("closeTimeout: 15s", "readTimeout: 45s", "fallbackInterval: 10m",
                "periodicInterval: 2m", "debounce: 500ms", "checkTimeout: 45s", "flushInterval: 250ms");
    }

    @Test
    void printedConfigurationLoadsToSameValues() throws ConfigException {
        AppConfig original = loader.load(fixture("valid-full.yaml"));
        String printed = ConfigPrinter.print(original);

        AppConfig reloaded = loader.load(printed, directory);

        assertThat(ConfigPrinter.print(reloaded)).isEqualTo(printed);
        assertThat(reloaded.dataDirectory()).isEqualTo(original.dataDirectory());
        assertThat(reloaded.scheduler()).isEqualTo(original.scheduler());
        assertThat(reloaded.status()).isEqualTo(original.status());
        assertThat(reloaded.monitors()).extracting(MonitorConfig::schedule)
                .isEqualTo(original.monitors().stream().map(MonitorConfig::schedule).toList());
        assertThat(reloaded.sinks()).extracting(SinkConfig::name).containsExactly("home", "log");
        assertThat(((TestPlugins.StreamSettings) reloaded.sinks().get(0).plugin().settings()).flushInterval())
                .isEqualTo(Duration.ofMillis(250));
    }

    /** A value of a type the printer does not know, whose {@code toString()} would reveal a secret. */
    static final class Credentials {
        @Override
        public String toString() {
            return "credentials-secret";
        }
    }

    /** Settings with secrets inside containers, and a value of a type the printer does not know. */
    record NestedSettings(Optional<Secret> optional, List<Secret> list, Map<String, Secret> map, Secret[] array,
            Object unknown, ScheduleMode mode, Double ratio) {
    }

    @Test
    void masksSecretsInsideContainers() {
        NestedSettings settings = new NestedSettings(Optional.of(Secret.of("optional-secret")),
                List.of(Secret.of("list-secret")), Map.of("key", Secret.of("map-secret")),
                new Secret[] {Secret.of("array-secret")}, new Credentials(), ScheduleMode.PERIODIC,
                0.5);
        AppConfig config = new AppConfig(null, Path.of("/data"), LoggingConfig.defaults(), SchedulerConfig.defaults(),
                StatusConfig.disabled(), List.of(new MonitorConfig("m", new PluginSection("nested", settings),
                        Schedule.defaults())), List.of());

        String printed = ConfigPrinter.print(config);

        assertThat(printed).doesNotContain("optional-secret", "list-secret", "map-secret", "array-secret",
                "credentials-secret");
        assertThat(printed).contains("""
                      type: nested
                      optional: '******'
                      list:
                        - '******'
                      map:
                        key: '******'
                      array:
                        - '******'
                      unknown: "(a Credentials, not printed)"
                      mode: periodic
                      ratio: 0.5
                """);
    }
}
