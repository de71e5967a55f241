package io.accountmonitor.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SettingsChecksTest {
    private static final ConfigPath LISTEN = ConfigPath.ROOT.key("status").key("listen");

    private final ProblemCollector problems = new ProblemCollector(new HashMap<>());
    private final SensitiveValues sensitive = new SensitiveValues();

    private List<String> listenProblems(String listen) {
        SettingsChecks.checkListen(new StatusConfig(listen), LISTEN, sensitive, problems);
        return problems.sortedProblems().stream().map(ConfigProblem::message).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1:9464", "127.1.2.3:0", "localhost:65535", "LocalHost:80", "[::1]:9464",
        "[0:0:0:0:0:0:0:1]:1", "[::0001]:1", "[0::1]:1"})
    void acceptsLoopbackAddresses(String listen) {
        assertThat(listenProblems(listen)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0:9464", "192.168.1.10:80", "127.0.0.256:1", "128.0.0.1:1", "[::]:80", "[::2]:1",
        "[1::1]:1", "[::1:1]:1", "example.com:80", "localhost.example.com:80"})
    void rejectsOtherHosts(String listen) {
        assertThat(listenProblems(listen)).containsExactly("listen address '" + listen + "' is not on a loopback"
                + " host; the status endpoint has no authentication, so use 127.0.0.1, [::1] or localhost");
    }

    @ParameterizedTest
    @ValueSource(strings = {"9464", "::1:9464", "[::1]", "127.0.0.1", ":9464", "a:b:c"})
    void rejectsMalformedAddresses(String listen) {
        assertThat(listenProblems(listen)).containsExactly("invalid listen address '" + listen + "'; use host:port"
                + " with a loopback host, such as 127.0.0.1:9464, and write an IPv6 host in brackets, such as"
                + " [::1]:9464");
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1:", "127.0.0.1:65536", "127.0.0.1:http", "[::1]:-1", "localhost:123456"})
    void rejectsInvalidPorts(String listen) {
        assertThat(listenProblems(listen)).containsExactly("invalid port in listen address '" + listen
                + "'; use a port from 0 to 65535, where 0 picks a free port");
    }

    @Test
    void emptyAddressExplainsHowToTurnOff() {
        assertThat(listenProblems("")).containsExactly("is empty; write host:port with a loopback host, such as"
                + " 127.0.0.1:9464, or remove the key to turn the status endpoint off");
    }

    @Test
    void disabledEndpointNeedsNoAddress() {
        SettingsChecks.checkListen(StatusConfig.disabled(), LISTEN, sensitive, problems);

        assertThat(problems.isEmpty()).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"1, 2", "2, 3", "8, 64"})
    void acceptsBudgetWithRoomForTimer(int workers, int budget) {
        SettingsChecks.checkThreads(new SchedulerConfig(workers, budget, Duration.ZERO), ConfigPath.ROOT, problems);

        assertThat(problems.isEmpty()).isTrue();
    }

    @Test
    void leavesUnsetBudgetToGrow() {
        SettingsChecks.checkThreads(new SchedulerConfig(20, null, null), ConfigPath.ROOT.key("scheduler"), problems);

        assertThat(problems.isEmpty()).isTrue();
    }

    @Test
    void rejectsNegativeWorkers() {
        SettingsChecks.checkThreads(new SchedulerConfig(-1, 16, null), ConfigPath.ROOT.key("scheduler"), problems);

        assertThat(problems.sortedProblems()).containsExactly(new ConfigProblem("scheduler.workerThreads", 0,
                "is -1; use 1 to 256 (checks wait for the broker, not for a CPU, so a few workers serve thousands of"
                        + " accounts)"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"main", "main-live", "demo_1", "a", "0123456789012345678901234567890123456789012345678901234567890123"})
    void acceptsValidNames(String name) {
        assertThat(SettingsChecks.checkName(name, LISTEN, "monitor", "main-live", sensitive, problems)).isTrue();
        assertThat(problems.isEmpty()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Main", "main live", "main.live", "mäin",
        "01234567890123456789012345678901234567890123456789012345678901234"})
    void rejectsInvalidNames(String name) {
        ConfigPath path = ConfigPath.ROOT.key("monitors").index(0).key("name");

        assertThat(SettingsChecks.checkName(name, path, "monitor", "main-live", sensitive, problems)).isFalse();
        assertThat(problems.sortedProblems()).containsExactly(new ConfigProblem("monitors[0].name", 0, "invalid name '"
                + name + "'; use 1 to 64 lower case letters, digits, '-' and '_', such as main-live"));
    }
}
