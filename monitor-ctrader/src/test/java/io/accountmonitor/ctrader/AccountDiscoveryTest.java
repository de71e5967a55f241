package io.accountmonitor.ctrader;

import static io.accountmonitor.ctrader.SimulatorFixture.ACCOUNT;
import static io.accountmonitor.ctrader.SimulatorFixture.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.accountmonitor.core.model.AccountId;
import io.accountmonitor.core.model.LinkState;
import io.accountmonitor.core.spi.BrokerException;
import io.accountmonitor.core.spi.ErrorCategory;
import io.accountmonitor.ctrader.protocol.ProtoOAPayloadType;
import io.accountmonitor.ctrader.simulator.SimulatedAccount;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccountDiscoveryTest {
    private static final long LIVE = 5001;
    private static final long DEMO = 5002;

    @TempDir
    Path directory;

    @Test
    void configuredAccountsAreReportedBeforeConnecting() throws Exception {
        try (SimulatorFixture fixture = SimulatorFixture.builder(directory)
                .settings(values -> values.accounts = List.of(ACCOUNT))
                .build()) {
            fixture.start();

            assertThat(fixture.listener.accountSets()).containsExactly(Set.of(AccountId.of(ACCOUNT)));
            assertThat(fixture.listener.awaitAccountState(ACCOUNT, LinkState.UP, WAIT)).isTrue();
            fixture.settle();
            assertThat(fixture.received(ProtoOAPayloadType.PROTO_OA_GET_ACCOUNTS_BY_ACCESS_TOKEN_REQ)).isZero();
        }
    }

    @Test
    void tokenAccountsAreFilteredByEnvironment() throws Exception {
        try (SimulatorFixture fixture = twoEnvironments("demo").startAndAwait(DEMO)) {
            assertThat(fixture.listener.accountSets()).containsExactly(Set.of(AccountId.of(DEMO)));
            BrokerException failure = fixture.fetchFailure(LIVE);

            assertThat(failure.category()).isEqualTo(ErrorCategory.NOT_FOUND);
            assertThat(failure.getMessage()).contains("not a demo account");
            assertThat(fixture.listener.accountStatus(LIVE)).isNull();
        }
    }

    @Test
    void allTokenAccountsAreServedForExplicitHost() throws Exception {
        try (SimulatorFixture fixture = twoEnvironments(null).startAndAwait(LIVE, DEMO)) {
            assertThat(fixture.listener.accountSets()).containsExactly(Set.of(AccountId.of(LIVE), AccountId.of(DEMO)));
            assertThat(fixture.fetch(LIVE).currency()).isEqualTo("USD");
            assertThat(fixture.fetch(DEMO).currency()).isEqualTo("USD");
        }
    }

    @Test
    void accountListIsReadAgainAfterReconnect() throws Exception {
        try (SimulatorFixture fixture = twoEnvironments("live").startAndAwait(LIVE)) {
            fixture.simulator.dropConnections();
            assertThat(fixture.listener.awaitConnectionCount(LinkState.DOWN, 1, WAIT)).isTrue();
            fixture.advance(Duration.ofSeconds(2), Duration.ofMillis(100));

            assertThat(fixture.listener.awaitAccountCount(LIVE, LinkState.UP, 2, WAIT)).isTrue();
            assertThat(fixture.received(ProtoOAPayloadType.PROTO_OA_GET_ACCOUNTS_BY_ACCESS_TOKEN_REQ)).isEqualTo(2);
            assertThat(fixture.listener.accountSets()).hasSize(1);
        }
    }

    @Test
    void fetchBeforeAccountListArrivesWaitsForIt() throws Exception {
        try (SimulatorFixture fixture = twoEnvironments("demo")) {
            fixture.start();

            assertThat(fixture.fetch(DEMO).balance()).isEqualByComparingTo("10000.00");
        }
    }

    private SimulatorFixture twoEnvironments(String tokenAccounts) {
        return SimulatorFixture.builder(directory)
                .account(SimulatedAccount.builder(LIVE).live(true).build())
                .account(SimulatedAccount.builder(DEMO).live(false).build())
                .settings(values -> values.tokenAccounts = tokenAccounts)
                .build();
    }
}
