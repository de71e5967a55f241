package io.accountmonitor.ctrader;

import static org.assertj.core.api.Assertions.assertThat;

import io.accountmonitor.core.spi.Secret;
import io.accountmonitor.scheduler.virtual.InMemoryKeyValueStore;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TokenStoreTest {
    private final InMemoryKeyValueStore store = new InMemoryKeyValueStore();

    @Test
    void configuredPairIsUsedWhenNothingIsStored() {
        TokenStore tokens = TokenStore.load(store, Secret.of("access-1"), Secret.of("refresh-1"));

        assertThat(tokens.current().accessToken().reveal()).isEqualTo("access-1");
        assertThat(tokens.current().refreshToken().reveal()).isEqualTo("refresh-1");
        assertThat(tokens.canRefresh()).isTrue();
    }

    @Test
    void storedPairWinsWhileConfigurationIsUnchanged() {
        TokenStore first = TokenStore.load(store, Secret.of("access-1"), Secret.of("refresh-1"));
        TokenStore.TokenPair refreshed = new TokenStore.TokenPair(Secret.of("access-2"), Secret.of("refresh-2"),
                Instant.parse("2026-02-01T00:00:00Z"));
        first.save(refreshed);

        TokenStore restarted = TokenStore.load(store, Secret.of("access-1"), Secret.of("refresh-1"));

        assertThat(restarted.current().accessToken().reveal()).isEqualTo("access-2");
        assertThat(restarted.current().refreshToken().reveal()).isEqualTo("refresh-2");
        assertThat(restarted.current().expiresAt()).isEqualTo(Instant.parse("2026-02-01T00:00:00Z"));
    }

    @Test
    void newConfiguredPairWinsOverStoredPair() {
        TokenStore first = TokenStore.load(store, Secret.of("access-1"), Secret.of("refresh-1"));
        first.save(new TokenStore.TokenPair(Secret.of("access-2"), Secret.of("refresh-2"), null));

        TokenStore regranted = TokenStore.load(store, Secret.of("access-9"), Secret.of("refresh-9"));

        assertThat(regranted.current().accessToken().reveal()).isEqualTo("access-9");
        assertThat(regranted.current().refreshToken().reveal()).isEqualTo("refresh-9");
    }

    @Test
    void savedValueContainsNoTokenInClearText() {
        TokenStore tokens = TokenStore.load(store, Secret.of("access-1"), Secret.of("refresh-1"));
        tokens.save(new TokenStore.TokenPair(Secret.of("access-token-2"), Secret.of("refresh-token-2"), null));

        assertThat(store.contents().get(TokenStore.STORE_KEY)).doesNotContain("access-token-2", "refresh-token-2");
    }

    @Test
    void saveDoesNotSwitchUntilUse() {
        TokenStore tokens = TokenStore.load(store, Secret.of("access-1"), Secret.of("refresh-1"));
        TokenStore.TokenPair next = new TokenStore.TokenPair(Secret.of("access-2"), Secret.of("refresh-2"), null);
        tokens.save(next);

        assertThat(tokens.current().accessToken().reveal()).isEqualTo("access-1");

        tokens.use(next);

        assertThat(tokens.current()).isEqualTo(next);
    }

    @Test
    void unreadableStoredValueFallsBackToConfiguration() {
        store.put(TokenStore.STORE_KEY, "garbage");

        TokenStore tokens = TokenStore.load(store, Secret.of("access-1"), null);

        assertThat(tokens.current().accessToken().reveal()).isEqualTo("access-1");
        assertThat(tokens.canRefresh()).isFalse();
    }
}
