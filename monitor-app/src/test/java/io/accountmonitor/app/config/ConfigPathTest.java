package io.accountmonitor.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ConfigPathTest {
    @Test
    void displaysKeysAndIndexes() {
        ConfigPath path = ConfigPath.ROOT.key("monitors").index(0).key("broker").key("clientSecret");

        assertThat(path).hasToString("monitors[0].broker.clientSecret");
    }

    @Test
    void quotesKeysThatAreNotPlain() {
        ConfigPath path = ConfigPath.ROOT.key("sinks").index(1).key("a.b");

        assertThat(path).hasToString("sinks[1][\"a.b\"]");
    }

    @Test
    void rootDisplaysEmpty() {
        assertThat(ConfigPath.ROOT).hasToString("");
    }

    @Test
    void parsesPluginPaths() {
        assertThat(ConfigPath.parse("accounts[2]").segments()).containsExactly("accounts", 2);
        assertThat(ConfigPath.parse("backoff.max").segments()).containsExactly("backoff", "max");
        assertThat(ConfigPath.parse("endpoints[1][0].port").segments()).containsExactly("endpoints", 1, 0, "port");
        assertThat(ConfigPath.parse("")).isEqualTo(ConfigPath.ROOT);
    }

    @ParameterizedTest
    @ValueSource(strings = {".a", "a.", "a..b", "a[x]", "a[1", "a]"})
    void rejectsMalformedPaths(String text) {
        assertThatThrownBy(() -> ConfigPath.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void startsWithItselfAndAncestors() {
        ConfigPath path = new ConfigPath(List.of("monitors", 0, "name"));

        assertThat(path.startsWith(path)).isTrue();
        assertThat(path.startsWith(ConfigPath.ROOT.key("monitors"))).isTrue();
        assertThat(path.startsWith(ConfigPath.ROOT.key("monitors").index(1))).isFalse();
        assertThat(path.parent().startsWith(path)).isFalse();
    }
}
