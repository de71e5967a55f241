package io.accountmonitor.ctrader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EndpointTest {
    @Test
    void namedEnvironmentsUseSpotwareHosts() {
        assertThat(Endpoint.parse("live")).isEqualTo(new Endpoint("live.ctraderapi.com", 5035,
                Endpoint.TokenAccounts.LIVE));
        assertThat(Endpoint.parse(" Demo ")).isEqualTo(new Endpoint("demo.ctraderapi.com", 5035,
                Endpoint.TokenAccounts.DEMO));
    }

    @Test
    void hostAndPortWatchAllAccountsOfToken() {
        assertThat(Endpoint.parse("live-eu-1.ctraderapi.com:5035"))
                .isEqualTo(new Endpoint("live-eu-1.ctraderapi.com", 5035, Endpoint.TokenAccounts.ALL));
        assertThat(Endpoint.parse("[::1]:6000")).isEqualTo(new Endpoint("::1", 6000, Endpoint.TokenAccounts.ALL));
        assertThat(Endpoint.parse("[::1]:6000").toString()).isEqualTo("[::1]:6000");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "staging", "host:", ":5035", "host:port", "host:0", "host:70000", "::1:5035",
            "my host:5035"})
    void malformedEnvironmentIsRejected(String environment) {
        assertThatThrownBy(() -> Endpoint.parse(environment)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tokenAccountsFilterByLiveFlag() {
        assertThat(Endpoint.TokenAccounts.LIVE.accepts(true)).isTrue();
        assertThat(Endpoint.TokenAccounts.LIVE.accepts(false)).isFalse();
        assertThat(Endpoint.TokenAccounts.DEMO.accepts(false)).isTrue();
        assertThat(Endpoint.TokenAccounts.DEMO.accepts(true)).isFalse();
        assertThat(Endpoint.TokenAccounts.ALL.accepts(true)).isTrue();
        assertThat(Endpoint.TokenAccounts.ALL.accepts(false)).isTrue();
    }
}
