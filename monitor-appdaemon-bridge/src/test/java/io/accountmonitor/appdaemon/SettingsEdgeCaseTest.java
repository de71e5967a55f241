package io.accountmonitor.appdaemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.accountmonitor.core.spi.SettingsProblem;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Odd values for the appdaemon sink: each must stop start-up with a message that names the value. */
class SettingsEdgeCaseTest {
    private final AppDaemonPlugin plugin = new AppDaemonPlugin();

    /** Ports no server can listen on are rejected before start-up instead of failing every attempt. */
    @ParameterizedTest
    @ValueSource(strings = {"ws://127.0.0.1:99999/stream", "ws://127.0.0.1:0/stream", "ws://127.0.0.1:65536/stream"})
    void impossiblePortIsRejected(String url) {
        List<SettingsProblem> problems = plugin.validate(AppDaemonSettings.forUrl(url));

        assertThat(problems).extracting(SettingsProblem::path).containsExactly("url");
        assertThat(problems.get(0).message()).contains("port");
    }

    /** Checks that a port that is not a number is reported as a bad host:port, not as a missing host. */
    @ParameterizedTest
    @ValueSource(strings = {"ws://127.0.0.1:abc/stream", "ws://127.0.0.1:-1/stream"})
    void nonNumericPortIsNamedAsSuch(String url) {
        List<SettingsProblem> problems = plugin.validate(AppDaemonSettings.forUrl(url));

        assertThat(problems).extracting(SettingsProblem::path).containsExactly("url");
        assertThat(problems.get(0).message()).contains(url).doesNotContain("has no host");
    }

    /** Namespaces with control or invisible characters, quotes or slashes cannot exist in appdaemon.yaml. */
    @ParameterizedTest
    @ValueSource(strings = {"tr\u0000x", "trading\u200b", "a/b", "say\"hi", "tab\u0007bell"})
    void namespaceWithOddCharactersIsRejected(String namespace) {
        AppDaemonSettings settings = settingsWithNamespace(namespace);

        assertThat(plugin.validate(settings)).extracting(SettingsProblem::path).containsExactly("namespace");
    }

    @Test
    void invisibleCharacterIsShownInMessage() {
        List<SettingsProblem> problems = plugin.validate(settingsWithNamespace("trading\u200b"));

        assertThat(problems).singleElement().extracting(SettingsProblem::message).asString()
                .startsWith("namespace 'trading<U+200B>' contains a control or invisible character");
    }

    @Test
    void outOfRangePortIsNamed() {
        List<SettingsProblem> problems = plugin.validate(AppDaemonSettings.forUrl("ws://127.0.0.1:99999/stream"));

        assertThat(problems).singleElement().extracting(SettingsProblem::message).asString()
                .isEqualTo("url 'ws://127.0.0.1:99999/stream' has port 99999; use the port of http.url in"
                        + " appdaemon.yaml, from 1 to 65535");
    }

    @Test
    void userInformationIsNeverQuoted() {
        List<SettingsProblem> problems = plugin.validate(
                AppDaemonSettings.forUrl("http://me:pw-XYZ-secret@127.0.0.1:5050/stream"));

        assertThat(problems).singleElement().extracting(SettingsProblem::message).asString()
                .isEqualTo("url contains user information (not shown); remove it and put the AppDaemon password"
                        + " under password");
    }

    /** Zero and negative durations are refused with the key in the message. */
    @ParameterizedTest
    @ValueSource(strings = {"PT0S", "PT-1S", "PT-0.001S"})
    void zeroOrNegativeDurationsAreRejected(String text) {
        Duration value = Duration.parse(text);
        for (String key : List.of("publishInterval", "resendInterval", "requestTimeout", "pingInterval",
                "connectTimeout", "closeTimeout")) {
            AppDaemonSettings settings = withDuration(key, value);
            assertThat(plugin.validate(settings)).as(key).extracting(SettingsProblem::path).contains(key);
            assertThat(plugin.validate(settings)).as(key).allMatch(problem -> problem.message().contains(key));
        }
    }

    /** The url is quoted in messages; user information in it must not be. */
    @ParameterizedTest
    @ValueSource(strings = {"ws://me:pw-XYZ-secret@127.0.0.1:5050/stream with space",
            "ws://me:pw-XYZ-secret@127.0.0.1:5050/stream?x=1", "http://me:pw-XYZ-secret@127.0.0.1:5050/stream"})
    void userInformationIsNotEchoed(String url) {
        List<SettingsProblem> problems = plugin.validate(AppDaemonSettings.forUrl(url));

        assertThat(problems).isNotEmpty();
        assertThat(problems).noneMatch(problem -> problem.message().contains("pw-XYZ-secret"));
    }

    private static AppDaemonSettings settingsWithNamespace(String namespace) {
        return new AppDaemonSettings("ws://127.0.0.1:5050/stream", null, namespace, null, null, null, null, null, null,
                null, null, null, null);
    }

    private static AppDaemonSettings withDuration(String key, Duration value) {
        return new AppDaemonSettings("ws://127.0.0.1:5050/stream", null, null, null, null,
                key.equals("publishInterval") ? value : null,
                key.equals("resendInterval") ? value : null,
                key.equals("requestTimeout") ? value : null,
                key.equals("pingInterval") ? value : null,
                key.equals("connectTimeout") ? value : null,
                key.equals("closeTimeout") ? value : null,
                null, null);
    }
}
