package io.accountmonitor.appdaemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.accountmonitor.core.spi.SettingsProblem;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A password written in the url's user information, with a character that ends the user information early. */
class SettingsValidatorLeakTest {
    private final AppDaemonPlugin plugin = new AppDaemonPlugin();

    private List<String> messages(String url) {
        return plugin.validate(AppDaemonSettings.forUrl(url)).stream().map(SettingsProblem::message).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "ws://user:Tops3cret@pw@127.0.0.1:5050/stream",
        "ws://user:Tops3cret#pw@127.0.0.1:5050/stream",
        "ws://user:Tops3cret/pw@127.0.0.1:5050/stream",
        "ws://user:Tops3cret?pw@127.0.0.1:5050/stream"})
    void userInformationNeverQuoted(String url) {
        assertThat(messages(url)).isNotEmpty().allSatisfy(message -> assertThat(message)
                .doesNotContain("Tops3cret").doesNotContain("pw@127"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"trading\u00a0", "tra\u2007ding", "trading\u202f"})
    void nonBreakingSpaceNamespaceRejected(String namespace) {
        AppDaemonSettings settings = TestSettings.forUri(java.net.URI.create("ws://127.0.0.1:5050/stream"))
                .namespace(namespace).build();

        assertThat(plugin.validate(settings)).extracting(SettingsProblem::path).contains("namespace");
    }
}
