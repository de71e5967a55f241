package io.accountmonitor.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Loads each fixture under {@code config/errors} and checks the exact problems it reports. */
class ConfigLoaderFixtureTest {
    static final Map<String, String> ENVIRONMENT = Map.of(
            "PAPER_CLIENT_ID", "client-from-env",
            "PAPER_CLIENT_SECRET", "env-secret-Xy9",
            "STREAM_PASSWORD", "stream-pass-K4");

    private final ConfigLoader loader = new ConfigLoader(TestPlugins.brokers(), TestPlugins.sinks(), ENVIRONMENT::get);

    static Path fixture(String name) {
        try {
            return Path.of(ConfigLoaderFixtureTest.class.getResource("/config/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private ConfigException loadFailing(String name) {
        return catchThrowableOfType(ConfigException.class, () -> loader.load(fixture("errors/" + name)));
    }

    static Stream<Arguments> singleProblemFixtures() {
        Path errors = fixture("errors/empty.yaml").getParent();
        return Stream.of(
                arguments("unknown-key.yaml", "sinks[0].nmespace", 10, "unknown key; did you mean 'namespace'?"
                        + " Known keys: type, name, url, password, namespace, flushInterval, topics"),
                arguments("wrong-type-mapping.yaml", "scheduler.workerThreads", 2,
                        "expected a whole number, found a mapping"),
                arguments("wrong-type-text.yaml", "scheduler.threadBudget", 2,
                        "expected a whole number, found 'sixteen'"),
                arguments("missing-value.yaml", "monitors[0].name", 2, "missing; give the monitor a unique name of"
                        + " 1 to 64 lower case letters, digits, '-' and '_', such as main-live"),
                arguments("bad-duration.yaml", "monitors[0].schedule.debounce", 8,
                        "invalid duration '2x'; use a number and a unit (ms, s, m, h, d), such as 2s"),
                arguments("unset-variable.yaml", "monitors[0].broker.clientSecret", 6,
                        "environment variable PAPER_CLIENT_SECRET_UNSET is not set; set it in the environment of"
                                + " the daemon"),
                arguments("missing-file.yaml", "monitors[0].broker.accessToken", 7,
                        "cannot read ${file:secrets/missing-token}: file " + errors.resolve("secrets/missing-token")
                                + " does not exist"),
                arguments("unknown-plugin-type.yaml", "monitors[0].broker.type", 4,
                        "no broker plugin has the type 'ctrader'; known types: paper"),
                arguments("missing-type.yaml", "monitors[0].broker.type", 3,
                        "missing; set it to one of the broker plugin types: paper"),
                arguments("duplicate-monitor-name.yaml", "monitors[1].name", 7,
                        "duplicate monitor name 'main'; monitors[0] on line 2 has it too, and each monitor needs its"
                                + " own name"),
                arguments("duplicate-key.yaml", "monitors[0].broker.clientId", 7,
                        "duplicate key; it is already set on line 5, and a mapping may set each key only once"),
                arguments("malformed.yaml", "", 5, "invalid YAML at column 6: expected <block end>, but found"
                        + " '<block mapping start>' (while parsing a block mapping that starts on line 2); check the"
                        + " indentation and quoting on this line and the lines before it"),
                arguments("empty.yaml", "", 0, "the file is empty; configure at least one monitor"),
                arguments("non-loopback-status.yaml", "status.listen", 2, "listen address '0.0.0.0:9464' is not on a"
                        + " loopback host; the status endpoint has no authentication, so use 127.0.0.1, [::1] or"
                        + " localhost"),
                arguments("plugin-validation.yaml", "monitors[0].broker.accounts[2]", 10,
                        "duplicate account id 111; list each account once"),
                arguments("invalid-schedule.yaml", "monitors[0].schedule.backoff.max", 10,
                        "is 5s, shorter than backoff.initial 10s; make it at least as long"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void singleProblemFixtures(String file, String path, int line, String message) {
        ConfigException exception = loadFailing(file);

        assertThat(exception.problems()).containsExactly(new ConfigProblem(path, line, message));
        assertThat(exception.file()).isEqualTo(fixture("errors/" + file));
    }

    @Test
    void manyProblemsAreReportedAtOnceInFileOrder() {
        Path file = fixture("errors/many-problems.yaml");

        ConfigException exception = loadFailing("many-problems.yaml");

        assertThat(exception.getMessage()).isEqualTo("Invalid configuration in " + file + " (18 problems):\n"
                + "  line 3, logging.level: invalid level 'verbose'; use one of: error, warn, info, debug, trace\n"
                + "  line 6, scheduler.threadBudget: is 4, less than workerThreads + 1 = 5 (the worker threads and"
                + " the timer thread); use at least 5\n"
                + "  line 7, scheduler.closeTimeout: invalid duration 'soon'; use a number and a unit (ms, s, m, h, d),"
                + " such as 2s\n"
                + "  line 9, status.listen: listen address '192.168.1.10:9464' is not on a loopback host; the status"
                + " endpoint has no authentication, so use 127.0.0.1, [::1] or localhost\n"
                + "  line 11, monitors[0].name: invalid name 'Main Live'; use 1 to 64 lower case letters, digits, '-'"
                + " and '_', such as main-live\n"
                + "  line 14, monitors[0].broker.clientID: unknown key; did you mean 'clientId'? Known keys: type,"
                + " environment, clientId, clientSecret, accessToken, accounts, readTimeout, endpoint\n"
                + "  line 15, monitors[0].broker.clientSecret: environment variable PAPER_CLIENT_SECRET_UNSET is not"
                + " set; set it in the environment of the daemon\n"
                + "  line 16, monitors[0].broker.accessToken: cannot read ${file:secrets/missing-token}: file "
                + file.resolveSibling("secrets/missing-token") + " does not exist\n"
                + "  line 17, monitors[0].broker.accounts[1]: invalid account id 'not an id': use 1 to 64 letters,"
                + " digits, '_' or '-'\n"
                + "  line 19, monitors[0].schedule.mode: invalid value 'sometimes'; use one of: event-driven,"
                + " periodic\n"
                + "  line 20, monitors[0].schedule.debounse: unknown key; did you mean 'debounce'? Known keys: mode,"
                + " fallbackInterval, periodicInterval, debounce, minSpacing, checkTimeout, backoff\n"
                + "  line 23, monitors[1].broker.type: no broker plugin has the type 'ctrder'; known types: paper\n"
                + "  line 24, monitors[2].name: duplicate monitor name 'backup'; monitors[1] on line 21 has it too,"
                + " and each monitor needs its own name\n"
                + "  line 30, monitors[2].schedule.backoff.max: is 5m, shorter than backoff.initial 10m; make it at"
                + " least as long; backoff.max is not set, so this is its default\n"
                + "  line 33, sinks[0].url: invalid scheme 'http'; use ws or wss\n"
                + "  line 35, sinks[0].nmespace: unknown key; did you mean 'namespace'? Known keys: type, name, url,"
                + " password, namespace, flushInterval, topics\n"
                + "  line 38, sinks[1].positions: expected true or false, found 'maybe'\n"
                + "  line 39, sinks[2].type: missing; set it to one of the sink plugin types: log, stream");
    }

    @Test
    void manyProblemsKeepNoSecret() {
        ConfigException exception = loadFailing("many-problems.yaml");

        assertThat(exception.getMessage()).doesNotContain(ENVIRONMENT.values());
    }
}
