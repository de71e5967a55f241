package io.accountmonitor.ctrader;

import static org.assertj.core.api.Assertions.assertThat;

import io.accountmonitor.core.plugin.PluginRegistry;
import io.accountmonitor.core.spi.BrokerPlugin;
import io.accountmonitor.core.spi.Secret;
import io.accountmonitor.core.spi.SettingsProblem;
import io.accountmonitor.ctrader.simulator.SimulatorCertificate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CtraderPluginTest {
    @TempDir
    Path directory;

    private final CtraderPlugin plugin = new CtraderPlugin();

    @Test
    void serviceLoaderFindsPluginByType() {
        @SuppressWarnings({"rawtypes", "unchecked"})
        PluginRegistry<BrokerPlugin<?>> registry = (PluginRegistry) PluginRegistry.load(BrokerPlugin.class, "broker",
                getClass().getClassLoader());

        assertThat(registry.find("ctrader")).get().isInstanceOf(CtraderPlugin.class);
        assertThat(plugin.settingsType()).isEqualTo(CtraderSettings.class);
    }

    @Test
    void missingKeysGetDefaults() {
        CtraderSettings settings = CtraderSettings.of("demo", "id", Secret.of("secret"), Secret.of("access"), null);

        assertThat(settings.accounts()).isEmpty();
        assertThat(settings.tokenAccounts()).isNull();
        assertThat(settings.trustCertificate()).isNull();
        assertThat(settings.maxFrameBytes()).isEqualTo(16 * 1024 * 1024);
        assertThat(settings.heartbeatInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.readTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.requestTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(settings.requestsPerSecond()).isEqualTo(40);
        assertThat(settings.historicalRequestsPerSecond()).isEqualTo(4);
        assertThat(settings.reconnectInitialBackoff()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.reconnectMaxBackoff()).isEqualTo(Duration.ofMinutes(2));
        assertThat(settings.dealPageSize()).isEqualTo(1000);
        assertThat(settings.dealSyncInterval()).isEqualTo(Duration.ofHours(1));
        assertThat(settings.resolveSymbolNames()).isTrue();
        assertThat(plugin.validate(settings)).isEmpty();
    }

    @Test
    void emptyRefreshTokenCountsAsAbsent() {
        CtraderSettings settings = CtraderSettings.of("live", "id", Secret.of("secret"), Secret.of("access"),
                Secret.of(""));

        assertThat(settings.refreshToken()).isNull();
    }

    @Test
    void settingsPrintWithoutSecrets() {
        CtraderSettings settings = CtraderSettings.of("live", "id", Secret.of("client-secret-value"),
                Secret.of("access-token-value"), Secret.of("refresh-token-value"));

        assertThat(settings.toString())
                .doesNotContain("client-secret-value", "access-token-value", "refresh-token-value")
                .contains(Secret.MASK);
    }

    @Test
    void validationReportsEveryProblemWithItsPath() throws IOException {
        Path notCertificate = Files.writeString(directory.resolve("not-a-certificate.pem"), "hello");
        TestSettings values = new TestSettings();
        values.environment = "example.com:99999";
        values.clientId = " ";
        values.clientSecret = null;
        values.accessToken = Secret.of("");
        values.accounts = Arrays.asList(12L, null, -3L, 12L);
        values.tokenAccounts = "some";
        values.trustCertificate = notCertificate;
        values.maxFrameBytes = 1000;
        values.heartbeatInterval = Duration.ZERO;
        values.readTimeout = Duration.ofSeconds(-1);
        values.requestTimeout = Duration.ofSeconds(0);
        values.connectTimeout = Duration.ofSeconds(-5);
        values.requestsPerSecond = 50;
        values.historicalRequestsPerSecond = 5;
        values.reconnectInitialBackoff = Duration.ofMinutes(5);
        values.reconnectMaxBackoff = Duration.ofMinutes(1);
        values.dealPageSize = 0;
        values.dealSyncInterval = Duration.ZERO;

        Map<String, String> problems = byPath(plugin.validate(values.build()));

        assertThat(problems).containsOnlyKeys("environment", "clientId", "clientSecret", "accessToken", "accounts[1]",
                "accounts[2]", "accounts[3]", "tokenAccounts", "trustCertificate", "maxFrameBytes",
                "heartbeatInterval", "readTimeout", "requestTimeout", "connectTimeout", "requestsPerSecond",
                "historicalRequestsPerSecond", "reconnectMaxBackoff", "dealPageSize", "dealSyncInterval");
        assertThat(problems.get("environment")).contains("99999").contains("1 to 65535");
        assertThat(problems.get("clientId")).contains("openapi.ctrader.com");
        assertThat(problems.get("accounts[1]")).contains("empty");
        assertThat(problems.get("accounts[2]")).contains("-3");
        assertThat(problems.get("accounts[3]")).contains("repeats account 12");
        assertThat(problems.get("tokenAccounts")).contains("live, demo or all");
        assertThat(problems.get("trustCertificate")).contains("not-a-certificate.pem");
        assertThat(problems.get("requestsPerSecond")).contains("1 to 49");
        assertThat(problems.get("historicalRequestsPerSecond")).contains("1 to 4");
        assertThat(problems.get("reconnectMaxBackoff")).contains("shorter than reconnectInitialBackoff");
    }

    @Test
    void validationNamesMissingEnvironmentAndCredentials() {
        Map<String, String> problems = byPath(plugin.validate(CtraderSettings.of(null, null, null, null, null)));

        assertThat(problems).containsOnlyKeys("environment", "clientId", "clientSecret", "accessToken");
        assertThat(problems.get("environment")).contains("live, demo or host:port");
    }

    @Test
    void validationRejectsMissingCertificateFile() {
        Map<String, String> problems = byPath(validate(values -> values.trustCertificate =
                directory.resolve("absent.pem")));

        assertThat(problems.get("trustCertificate")).contains("absent.pem").contains("does not exist");
    }

    @Test
    void validationAcceptsSimulatorCertificate() throws IOException {
        Path pem = SimulatorCertificate.writePem(directory);

        assertThat(validate(values -> values.trustCertificate = pem)).isEmpty();
    }

    @Test
    void validationRejectsTokenAccountsOfOtherEnvironment() {
        Map<String, String> problems = byPath(validate(values -> {
            values.environment = "live";
            values.tokenAccounts = "demo";
        }));

        assertThat(problems.get("tokenAccounts")).contains("live connection serves only live accounts");
        assertThat(validate(values -> {
            values.environment = "127.0.0.1:5035";
            values.tokenAccounts = "demo";
        })).isEmpty();
    }

    @Test
    void validationRejectsReadTimeoutNotAboveHeartbeat() {
        Map<String, String> problems = byPath(validate(values -> {
            values.heartbeatInterval = Duration.ofSeconds(30);
            values.readTimeout = Duration.ofSeconds(30);
        }));

        assertThat(problems).containsOnlyKeys("readTimeout");
    }

    private List<SettingsProblem> validate(Consumer<TestSettings> change) {
        TestSettings values = new TestSettings();
        values.environment = "demo";
        change.accept(values);
        return plugin.validate(values.build());
    }

    private static Map<String, String> byPath(List<SettingsProblem> problems) {
        return problems.stream().collect(Collectors.toMap(SettingsProblem::path, SettingsProblem::message));
    }
}
