package io.accountmonitor.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.accountmonitor.core.check.ScheduleMode;
import io.accountmonitor.core.model.AccountId;
import io.accountmonitor.core.spi.Secret;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

class SectionBinderTest {
    record Limits(Integer count, int port, String label, Boolean enabled) {
    }

    record Server(String host, int port) {
        Server {
            Objects.requireNonNull(host, "host");
            if (host.contains("/")) {
                throw new IllegalArgumentException("host must be a host name, not a URL");
            }
        }
    }

    record Settings(Limits limits, List<Server> servers, Duration timeout, Secret password, ScheduleMode mode,
            Path file, List<AccountId> accounts, Map<String, Integer> weights) {
    }

    private static final Path BASE_DIRECTORY = Path.of("/etc/account-monitor");

    private final Map<ConfigPath, Integer> lines = new HashMap<>();
    private final ProblemCollector problems = new ProblemCollector(lines);
    private final SensitiveValues sensitive = new SensitiveValues();
    private final SectionBinder binder = new SectionBinder(SectionBinder.createMapper(), sensitive, BASE_DIRECTORY);

    private Settings bind(String yaml) {
        ObjectNode root = new YamlReader(lines, problems).read(yaml);
        return binder.bind(root, ConfigPath.ROOT, Settings.class, List.of(), problems);
    }

    @Test
    void bindsValidSettings() {
        Settings settings = bind("""
                limits: {count: 3, port: 8080, label: no, enabled: TRUE}
                servers:
                  - {host: a.example, port: 1}
                timeout: 1.5s
                password: hunter22
                mode: event-driven
                file: logs/out.json
                accounts: [123, abc_1]
                weights: {a: 1}
                """);

        assertThat(problems.sortedProblems()).isEmpty();
        assertThat(settings).isEqualTo(new Settings(new Limits(3, 8080, "no", true),
                List.of(new Server("a.example", 1)), Duration.ofMillis(1500), Secret.of("hunter22"),
                ScheduleMode.EVENT_DRIVEN, BASE_DIRECTORY.resolve("logs/out.json"),
                List.of(AccountId.of("123"), AccountId.of("abc_1")), Map.of("a", 1)));
    }

    @Test
    void unknownKeysHaveTheirPathsAtEveryLevel() {
        bind("""
                limits:
                  extra: 2
                  count: 1
                bogus: 1
                timeout: 1s
                """);

        assertThat(problems.sortedProblems()).containsExactly(
                new ConfigProblem("limits.extra", 2, "unknown key; known keys: count, port, label, enabled"),
                new ConfigProblem("bogus", 4, "unknown key; known keys: limits, servers, timeout, password, mode,"
                        + " file, accounts, weights"));
    }

    @Test
    void wrongTypesAreAllReported() {
        bind("""
                limits:
                  count: {a: 1}
                  port: [1, 2]
                  label: {b: 2}
                  enabled: maybe
                servers: host
                weights: [1]
                """);

        assertThat(problems.sortedProblems()).containsExactly(
                new ConfigProblem("limits.count", 2, "expected a whole number, found a mapping"),
                new ConfigProblem("limits.port", 3, "expected a whole number, found a list"),
                new ConfigProblem("limits.label", 4, "expected text, found a mapping"),
                new ConfigProblem("limits.enabled", 5, "expected true or false, found 'maybe'"),
                new ConfigProblem("servers", 6, "expected a list, found 'host'"),
                new ConfigProblem("weights", 7, "expected a mapping, found a list"));
    }

    @Test
    void invalidNumbersAreReportedWithValue() {
        bind("""
                limits:
                  count: twelve
                  port: 99999999999
                  enabled: ''
                weights: {a: 1.5}
                """);

        assertThat(problems.sortedProblems()).containsExactly(
                new ConfigProblem("limits.count", 2, "expected a whole number, found 'twelve'"),
                new ConfigProblem("limits.port", 3,
                        "expected a whole number from -2147483648 to 2147483647, found '99999999999'"),
                new ConfigProblem("limits.enabled", 4, "expected true or false, found empty text"),
                new ConfigProblem("weights.a", 5, "expected a whole number, found '1.5'"));
    }

    @Test
    void scalarTypesReportInvalidText() {
        bind("""
                timeout: 2x
                mode: sometimes
                file: ''
                accounts: [ok, "not ok"]
                password: {a: 1}
                """);

        assertThat(problems.sortedProblems()).containsExactly(
                new ConfigProblem("timeout", 1,
                        "invalid duration '2x'; use a number and a unit (ms, s, m, h, d), such as 2s"),
                new ConfigProblem("mode", 2, "invalid value 'sometimes'; use one of: event-driven, periodic"),
                new ConfigProblem("file", 3, "expected a path, found empty text"),
                new ConfigProblem("accounts[1]", 4, "invalid account id 'not ok': use 1 to 64 letters, digits, '_' or '-'"),
                new ConfigProblem("password", 5, "expected text, found a mapping"));
    }

    @Test
    void enumAcceptsAnyCaseAndSeparator() {
        assertThat(bind("mode: Event_Driven\n").mode()).isEqualTo(ScheduleMode.EVENT_DRIVEN);
        assertThat(bind("mode: PERIODIC\n").mode()).isEqualTo(ScheduleMode.PERIODIC);
        assertThat(problems.isEmpty()).isTrue();
    }

    @Test
    void constructorFailureIsReportedAtRecord() {
        Settings settings = bind("""
                servers:
                  - {host: a.example, port: 1}
                  - {host: "http://b.example", port: 2}
                timeout: 2x
                """);

        assertThat(problems.sortedProblems()).containsExactly(
                new ConfigProblem("servers[1]", 3, "host must be a host name, not a URL"),
                new ConfigProblem("timeout", 4,
                        "invalid duration '2x'; use a number and a unit (ms, s, m, h, d), such as 2s"));
        assertThat(settings.servers()).containsExactly(new Server("a.example", 1), null);
    }

    @Test
    void requireNonNullNamesMissingKey() {
        bind("""
                servers:
                  - port: 1
                """);

        assertThat(problems.sortedProblems()).containsExactly(
                new ConfigProblem("servers[0].host", 2, "missing; this key is required"));
    }

    @Test
    void failedRecordStillReportsUnknownKeys() {
        bind("""
                servers:
                  - host: http://b.example
                    prot: 2
                """);

        assertThat(problems.sortedProblems()).containsExactly(
                new ConfigProblem("servers[0]", 2, "host must be a host name, not a URL"),
                new ConfigProblem("servers[0].prot", 3, "unknown key; did you mean 'port'? Known keys: host, port"));
    }

    @Test
    void consequenceOfInvalidValueIsNotRepeated() {
        bind("""
                servers:
                  - host: {name: a}
                    port: x
                """);

        assertThat(problems.sortedProblems()).containsExactly(
                new ConfigProblem("servers[0].host", 2, "expected text, found a mapping"),
                new ConfigProblem("servers[0].port", 3, "expected a whole number, found 'x'"));
    }

    @Test
    void referencedValueIsQuotedAsWritten() {
        sensitive.addOriginal(ConfigPath.ROOT.key("limits").key("port"), "${PORT}");

        bind("""
                limits: {port: not-a-port-7Hq}
                """);

        assertThat(problems.sortedProblems()).containsExactly(new ConfigProblem("limits.port", 1,
                "expected a whole number, found '${PORT}' (resolved value not shown)"));
    }

    @Test
    void boundSecretsAreRedacted() {
        bind("password: hunter22\n");

        assertThat(sensitive.redact("rejected hunter22")).isEqualTo("rejected ******");
    }

    @Test
    void hostKeysAreListedAsKnown() {
        ObjectNode root = new YamlReader(lines, problems).read("coutn: 1\n");

        binder.bind(root, ConfigPath.ROOT.key("sinks").index(0), Limits.class, List.of("type", "name"), problems);

        assertThat(problems.sortedProblems()).containsExactly(new ConfigProblem("sinks[0].coutn", 0,
                "unknown key; did you mean 'count'? Known keys: type, name, count, port, label, enabled"));
    }
}
