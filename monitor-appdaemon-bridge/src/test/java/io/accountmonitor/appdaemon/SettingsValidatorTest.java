package io.accountmonitor.appdaemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.accountmonitor.core.spi.Secret;
import io.accountmonitor.core.spi.SettingsProblem;
import io.accountmonitor.core.spi.SinkPlugin;
import java.time.Duration;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class SettingsValidatorTest {
    private final AppDaemonPlugin plugin = new AppDaemonPlugin();

    @Test
    void missingKeysTakeTheDefaults() {
        AppDaemonSettings settings = AppDaemonSettings.forUrl("ws://127.0.0.1:5050/stream");

        assertThat(settings.namespace()).isEqualTo("default");
        assertThat(settings.entityPrefix()).isEqualTo("ctrader");
        assertThat(settings.clientName()).isEqualTo("account-monitor");
        assertThat(settings.password()).isNull();
        assertThat(settings.publishInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.resendInterval()).isEqualTo(Duration.ofMinutes(10));
        assertThat(settings.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.pingInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.closeTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.eventBufferSize()).isEqualTo(1_000);
        assertThat(settings.reconnectBackoff().initial()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.reconnectBackoff().max()).isEqualTo(Duration.ofSeconds(60));
        assertThat(plugin.validate(settings)).isEmpty();
    }

    @Test
    void secureUrlAndProxyPrefixAreValid() {
        assertThat(plugin.validate(AppDaemonSettings.forUrl("wss://ad.example:5050/stream"))).isEmpty();
        assertThat(plugin.validate(AppDaemonSettings.forUrl("ws://127.0.0.1/appdaemon/stream"))).isEmpty();
    }

    @Test
    void everyProblemIsReportedWithItsKey() {
        AppDaemonSettings settings = new AppDaemonSettings("http://127.0.0.1:5050/stream", Secret.of(""), " ",
                "Bad-Prefix", "", Duration.ZERO, Duration.ZERO, Duration.ofSeconds(-1), Duration.ZERO, Duration.ZERO,
                Duration.ZERO, 0, new AppDaemonSettings.Backoff(Duration.ofSeconds(10), Duration.ofSeconds(5)));

        List<SettingsProblem> problems = plugin.validate(settings);

        assertThat(problems).extracting(SettingsProblem::path).containsExactly("url", "password", "namespace",
                "entityPrefix", "clientName", "publishInterval", "resendInterval", "requestTimeout", "pingInterval",
                "connectTimeout",
                "closeTimeout", "eventBufferSize", "reconnectBackoff.max");
        assertThat(problems.get(0).message()).contains("use ws://");
        assertThat(problems.get(3).message()).contains("'Bad-Prefix'", "lower case letters and digits");
        assertThat(problems.get(12).message()).contains("shorter than reconnectBackoff.initial");
    }

    @Test
    void urlProblemsSayWhatToDo() {
        assertThat(messages("")).singleElement().asString().contains("url is missing");
        assertThat(messages("ws://127.0.0.1:5050/api")).singleElement().asString().contains("/stream");
        assertThat(messages("ftp://127.0.0.1/stream")).singleElement().asString().contains("ws:// or wss://");
        assertThat(messages("ws://user:pw@127.0.0.1:5050/stream")).singleElement().asString()
                .contains("user information")
                .doesNotContain("pw@");
        assertThat(messages("ws://127.0.0.1:5050/stream?x=1")).singleElement().asString().contains("query");
        assertThat(messages("ws://[::1/stream")).singleElement().asString().contains("not a valid URI");
    }

    @Test
    void resendIntervalBelowPublishIntervalIsRejected() {
        AppDaemonSettings settings = new AppDaemonSettings("ws://127.0.0.1:5050/stream", null, null, null, null,
                Duration.ofSeconds(5), Duration.ofSeconds(1), null, null, null, null, null, null);

        assertThat(plugin.validate(settings)).extracting(SettingsProblem::path).containsExactly("resendInterval");
    }

    @Test
    void adminNamespaceIsRejected() {
        AppDaemonSettings settings = new AppDaemonSettings("ws://127.0.0.1:5050/stream", null, "admin", null, null,
                null, null, null, null, null, null, null, null);

        assertThat(plugin.validate(settings)).singleElement()
                .satisfies(problem -> assertThat(problem.message()).contains("admin has no state services"));
    }

    @Test
    void pluginIsFoundByServiceLoader() {
        @SuppressWarnings("rawtypes")
        List<SinkPlugin> plugins = ServiceLoader.load(SinkPlugin.class).stream()
                .map(ServiceLoader.Provider::get)
                .toList();

        assertThat(plugins).singleElement().satisfies(found -> {
            assertThat(found.type()).isEqualTo("appdaemon");
            assertThat(found.settingsType()).isEqualTo(AppDaemonSettings.class);
        });
    }

    private List<String> messages(String url) {
        return plugin.validate(AppDaemonSettings.forUrl(url)).stream().map(SettingsProblem::message).toList();
    }
}
