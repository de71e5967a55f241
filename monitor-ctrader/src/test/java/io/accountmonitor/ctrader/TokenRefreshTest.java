package io.accountmonitor.ctrader;

import static io.accountmonitor.ctrader.SimulatorFixture.ACCOUNT;
import static io.accountmonitor.ctrader.SimulatorFixture.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.accountmonitor.core.model.LinkState;
import io.accountmonitor.core.spi.AccountSource;
import io.accountmonitor.core.spi.BrokerException;
import io.accountmonitor.core.spi.ErrorCategory;
import io.accountmonitor.core.spi.Secret;
import io.accountmonitor.ctrader.protocol.ProtoOAPayloadType;
import io.accountmonitor.ctrader.simulator.CtraderSimulator;
import io.accountmonitor.scheduler.virtual.InMemoryKeyValueStore;
import io.accountmonitor.scheduler.virtual.VirtualHostContext;
import io.accountmonitor.scheduler.virtual.VirtualTime;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenRefreshTest {
    @TempDir
    Path directory;

    @Test
    void expiredTokenWithoutRefreshTokenStopsAccounts() throws Exception {
        try (SimulatorFixture fixture = SimulatorFixture.builder(directory)
                .settings(values -> values.refreshToken = null)
                .build().startAndAwait(ACCOUNT)) {
            fixture.simulator.expireAccessToken(CtraderSimulator.DEFAULT_ACCESS_TOKEN);

            fixture.fetchFailure(ACCOUNT);

            assertThat(fixture.listener.awaitAccountState(ACCOUNT, LinkState.FAILED, WAIT)).isTrue();
            assertThat(fixture.listener.accountStatus(ACCOUNT).detail()).contains("no refreshToken is configured")
                    .contains("grant access again");
            BrokerException later = fixture.fetchFailure(ACCOUNT);
            assertThat(later.category()).isEqualTo(ErrorCategory.AUTHENTICATION);
            fixture.advance(Duration.ofMinutes(10), Duration.ofSeconds(10));
            assertThat(fixture.received(ProtoOAPayloadType.PROTO_OA_REFRESH_TOKEN_REQ)).isZero();
            assertThat(fixture.simulator.connections()).hasSize(1);
        }
    }

    @Test
    void rejectedRefreshTokenStopsAccounts() throws Exception {
        try (SimulatorFixture fixture = SimulatorFixture.builder(directory)
                .settings(values -> values.refreshToken = Secret.of("refresh-token-used-up-long-ago"))
                .build().startAndAwait(ACCOUNT)) {
            fixture.simulator.expireAccessToken(CtraderSimulator.DEFAULT_ACCESS_TOKEN);

            fixture.fetchFailure(ACCOUNT);

            assertThat(fixture.listener.awaitAccountState(ACCOUNT, LinkState.FAILED, WAIT)).isTrue();
            assertThat(fixture.listener.accountStatus(ACCOUNT).detail()).contains("rejected the refresh token")
                    .doesNotContain("refresh-token-used-up-long-ago");
            fixture.advance(Duration.ofMinutes(10), Duration.ofSeconds(10));
            assertThat(fixture.received(ProtoOAPayloadType.PROTO_OA_REFRESH_TOKEN_REQ)).isEqualTo(1);
        }
    }

    @Test
    void refreshedPairIsNotUsedUntilSaved() throws Exception {
        List<String> timeline = Collections.synchronizedList(new ArrayList<>());
        RecordingStore store = new RecordingStore(timeline);
        try (SimulatorFixture fixture = SimulatorFixture.builder(directory).store(store).build()
                .startAndAwait(ACCOUNT)) {
            store.failWrites(true);
            fixture.simulator.expireAccessToken(CtraderSimulator.DEFAULT_ACCESS_TOKEN);

            fixture.fetchFailure(ACCOUNT);
            fixture.advance(Duration.ofMillis(500), Duration.ofMillis(50));

            assertThat(fixture.listener.awaitAccountState(ACCOUNT, LinkState.DOWN, WAIT))
                    .as("states %s", fixture.listener.accountLinks()).isTrue();
            assertThat(fixture.listener.accountStatus(ACCOUNT).detail()).contains("cannot save the refreshed");
            String newToken = fixture.simulator.accessToken(ACCOUNT);
            assertThat(fixture.simulator.receivedRequests())
                    .noneMatch(request -> newToken.equals(request.accessToken()));

            store.failWrites(false);
            fixture.advance(Duration.ofSeconds(3), Duration.ofMillis(100));

            assertThat(fixture.listener.awaitAccountState(ACCOUNT, LinkState.UP, WAIT)).isTrue();
            assertThat(timeline).containsExactly("saved " + TokenStore.STORE_KEY);
            assertThat(fixture.simulator.receivedRequests())
                    .anyMatch(request -> newToken.equals(request.accessToken()));
        }
    }

    @Test
    void restartPrefersSavedTokenPair() throws Exception {
        InMemoryKeyValueStore store = new InMemoryKeyValueStore();
        try (SimulatorFixture fixture = SimulatorFixture.builder(directory).store(store).build()
                .startAndAwait(ACCOUNT)) {
            fixture.simulator.expireAccessToken(CtraderSimulator.DEFAULT_ACCESS_TOKEN);
            fixture.fetchFailure(ACCOUNT);
            fixture.advance(Duration.ofSeconds(1), Duration.ofMillis(50));
            assertThat(fixture.listener.awaitAccountCount(ACCOUNT, LinkState.UP, 2, WAIT)).isTrue();
            fixture.source.close();

            VirtualHostContext host = VirtualHostContext.builder(fixture.time).store(store).build();
            AccountSource restarted = new CtraderPlugin().create("test", fixture.settings, host);
            RecordingListener listener = new RecordingListener();
            try {
                restarted.start(listener);

                assertThat(listener.awaitAccountState(ACCOUNT, LinkState.UP, WAIT)).isTrue();
                assertThat(fixture.received(ProtoOAPayloadType.PROTO_OA_REFRESH_TOKEN_REQ)).isEqualTo(1);
                assertThat(fixture.simulator.receivedRequests().get(fixture.simulator.requestCount() - 1)
                        .accessToken()).isEqualTo(fixture.simulator.accessToken(ACCOUNT));
            } finally {
                restarted.close();
            }
        }
    }

    @Test
    void expiringTokenRefreshedBeforeAccountAuth() throws Exception {
        InMemoryKeyValueStore store = new InMemoryKeyValueStore();
        Secret access = Secret.of(CtraderSimulator.DEFAULT_ACCESS_TOKEN);
        Secret refresh = Secret.of(CtraderSimulator.DEFAULT_REFRESH_TOKEN);
        // The fixture's virtual time starts at this instant; the saved pair must exist before the source loads it.
        Instant start = new VirtualTime().now();
        TokenStore.load(store, access, refresh).save(new TokenStore.TokenPair(access, refresh,
                start.plus(Duration.ofHours(12))));
        try (SimulatorFixture fixture = SimulatorFixture.builder(directory).store(store).build()) {
            fixture.start();

            assertThat(fixture.listener.awaitAccountState(ACCOUNT, LinkState.UP, WAIT)).isTrue();
            List<ProtoOAPayloadType> order = fixture.simulator.receivedRequests().stream()
                    .map(request -> ProtoOAPayloadType.forNumber(request.payloadType()))
                    .toList();
            assertThat(order).containsSubsequence(ProtoOAPayloadType.PROTO_OA_REFRESH_TOKEN_REQ,
                    ProtoOAPayloadType.PROTO_OA_ACCOUNT_AUTH_REQ);
            assertThat(order.indexOf(ProtoOAPayloadType.PROTO_OA_REFRESH_TOKEN_REQ))
                    .isLessThan(order.indexOf(ProtoOAPayloadType.PROTO_OA_ACCOUNT_AUTH_REQ));
        }
    }
}
