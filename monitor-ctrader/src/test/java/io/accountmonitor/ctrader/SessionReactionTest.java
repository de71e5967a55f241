package io.accountmonitor.ctrader;

import static io.accountmonitor.ctrader.SimulatorFixture.ACCOUNT;
import static io.accountmonitor.ctrader.SimulatorFixture.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.accountmonitor.core.model.AccountSnapshot;
import io.accountmonitor.core.model.LinkState;
import io.accountmonitor.core.spi.BrokerException;
import io.accountmonitor.core.spi.ErrorCategory;
import io.accountmonitor.core.spi.Secret;
import io.accountmonitor.ctrader.protocol.ProtoOAPayloadType;
import io.accountmonitor.ctrader.simulator.ErrorReply;
import io.accountmonitor.ctrader.simulator.SimulatedAccount;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the session reacts to each kind of error beyond failing one request. */
class SessionReactionTest {
    private static final int APP_AUTH = ProtoOAPayloadType.PROTO_OA_APPLICATION_AUTH_REQ_VALUE;
    private static final int ACCOUNT_AUTH = ProtoOAPayloadType.PROTO_OA_ACCOUNT_AUTH_REQ_VALUE;
    private static final int TRADER = ProtoOAPayloadType.PROTO_OA_TRADER_REQ_VALUE;
    /** About one hundred years, in seconds: a value no real server sends. */
    private static final long CENTURY_SECONDS = 3_153_600_000L;

    @TempDir
    Path directory;

    @Test
    void unknownClientIdIsFatalToo() throws Exception {
        try (SimulatorFixture fixture = SimulatorFixture.builder(directory).build()) {
            fixture.simulator.failNext(ErrorReply.of("CH_OA_CLIENT_NOT_FOUND").forPayloadType(APP_AUTH).thenClose());
            fixture.start();

            assertThat(fixture.listener.awaitConnectionCount(LinkState.FAILED, 1, WAIT)).isTrue();
            fixture.advance(Duration.ofMinutes(30), Duration.ofMinutes(1));

            assertThat(fixture.simulator.connections()).hasSize(1);
            assertThat(fixture.listener.lastAccountStatus(ACCOUNT, LinkState.FAILED)).isNull();
            assertThat(fixture.fetchFailure(ACCOUNT).category()).isEqualTo(ErrorCategory.AUTHENTICATION);
        }
    }

    @Test
    void alreadyLoggedInCountsAsAuthorised() throws Exception {
        try (SimulatorFixture fixture = SimulatorFixture.builder(directory).build()) {
            fixture.simulator.failNext(ErrorReply.of("ALREADY_LOGGED_IN").forPayloadType(ACCOUNT_AUTH)
                    .afterProcessing());
            fixture.startAndAwait(ACCOUNT);

            assertThat(fixture.listener.accountCount(ACCOUNT, LinkState.DOWN)).isZero();
            assertThat(fixture.simulator.connections().get(0).accountAuthRequests()).isEqualTo(1);
            assertThat(fixture.fetch(ACCOUNT).balance()).isEqualByComparingTo("10000.00");
        }
    }

    @Test
    void clientAlreadyAuthenticatedCountsAsAuthorised() throws Exception {
        try (SimulatorFixture fixture = SimulatorFixture.builder(directory)
                .settings(values -> values.accounts = List.of(ACCOUNT))
                .build()) {
            fixture.simulator.failNext(ErrorReply.of("CH_CLIENT_ALREADY_AUTHENTICATED").forPayloadType(APP_AUTH)
                    .afterProcessing());

            fixture.startAndAwait(ACCOUNT);

            assertThat(fixture.listener.connectionCount(LinkState.DOWN)).isZero();
            assertThat(fixture.simulator.connections()).hasSize(1);
        }
    }

    @Test
    void maintenanceInSecondsDelaysReconnectUntilItsEnd() throws Exception {
        try (SimulatorFixture fixture = SimulatorFixture.builder(directory).build().startAndAwait(ACCOUNT)) {
            Instant end = fixture.now().plus(Duration.ofMinutes(30));
            fixture.simulator.failNext(ErrorReply.of("SERVER_IS_UNDER_MAINTENANCE").forPayloadType(TRADER)
                    .maintenanceEndTimestamp(end.getEpochSecond()));

            BrokerException failure = fixture.fetchFailure(ACCOUNT);

            assertThat(failure.category()).isEqualTo(ErrorCategory.UNAVAILABLE);
            assertThat(failure.retryAfter()).isEqualTo(Duration.ofMinutes(30));
            assertMaintenanceWait(fixture, Duration.ofMinutes(30));
        }
    }

    @Test
    void maintenanceInMillisecondsIsRead() throws Exception {
        try (SimulatorFixture fixture = SimulatorFixture.builder(directory).build().startAndAwait(ACCOUNT)) {
            Instant end = fixture.now().plus(Duration.ofMinutes(20));
            fixture.simulator.failNext(ErrorReply.of("SERVER_IS_UNDER_MAINTENANCE").forPayloadType(TRADER)
                    .asCommonError().maintenanceEndTimestamp(end.toEpochMilli()));

            assertThat(fixture.fetchFailure(ACCOUNT).retryAfter()).isEqualTo(Duration.ofMinutes(20));
            assertMaintenanceWait(fixture, Duration.ofMinutes(20));
        }
    }

    @Test
    void maintenanceAnsweringEveryRequestIsWaitedOut() throws Exception {
        try (SimulatorFixture fixture = SimulatorFixture.builder(directory).build()) {
            Instant end = fixture.now().plus(Duration.ofHours(2));
            fixture.simulator.announceMaintenance(end);
            fixture.start();

            assertThat(fixture.listener.awaitConnectionCount(LinkState.DOWN, 1, WAIT)).isTrue();
            fixture.advance(Duration.ofMinutes(119), Duration.ofMinutes(1));
            assertThat(fixture.simulator.connections()).hasSize(1);

            fixture.advance(Duration.ofMinutes(2), Duration.ofSeconds(1));

            assertThat(fixture.listener.awaitAccountState(ACCOUNT, LinkState.UP, WAIT)).isTrue();
            assertThat(fixture.simulator.connections()).hasSize(2);
        }
    }

    @Test
    void connectionsLimitWaitsLongestBackoff() throws Exception {
        try (SimulatorFixture fixture = SimulatorFixture.builder(directory).build().startAndAwait(ACCOUNT)) {
            fixture.simulator.failNext(ErrorReply.of("CONNECTIONS_LIMIT_EXCEEDED").forPayloadType(TRADER));

            assertThat(fixture.fetchFailure(ACCOUNT).category()).isEqualTo(ErrorCategory.UNAVAILABLE);
            assertThat(fixture.listener.awaitConnectionCount(LinkState.DOWN, 1, WAIT)).isTrue();
            fixture.advance(Duration.ofSeconds(119), Duration.ofSeconds(1));
            assertThat(fixture.simulator.connections()).hasSize(1);

            fixture.advance(Duration.ofSeconds(2), Duration.ofMillis(500));

            assertThat(fixture.listener.awaitAccountCount(ACCOUNT, LinkState.UP, 2, WAIT)).isTrue();
        }
    }

    @Test
    void lostApplicationAuthLeadsToNewConnection() throws Exception {
        try (SimulatorFixture fixture = SimulatorFixture.builder(directory).build().startAndAwait(ACCOUNT)) {
            fixture.simulator.failNext(ErrorReply.of("CH_CLIENT_NOT_AUTHENTICATED").forPayloadType(TRADER));

            assertThat(fixture.fetchFailure(ACCOUNT).category()).isEqualTo(ErrorCategory.UNAVAILABLE);
            assertThat(fixture.listener.awaitConnectionCount(LinkState.DOWN, 1, WAIT)).isTrue();
            fixture.advance(Duration.ofSeconds(2), Duration.ofMillis(100));

            assertThat(fixture.listener.awaitAccountCount(ACCOUNT, LinkState.UP, 2, WAIT)).isTrue();
            assertThat(fixture.simulator.connections()).hasSize(2);
        }
    }

    @Test
    void accountUnknownToTokenFailsForGood() throws Exception {
        try (SimulatorFixture fixture = SimulatorFixture.builder(directory)
                .account(SimulatedAccount.builder(ACCOUNT).build())
                .account(SimulatedAccount.builder(2002).build())
                .simulator(simulator -> simulator.grant("token-for-one", "refresh-for-one", ACCOUNT))
                .settings(values -> {
                    values.accessToken = Secret.of("token-for-one");
                    values.refreshToken = Secret.of("refresh-for-one");
                    values.accounts = List.of(ACCOUNT, 2002L);
                })
                .build().startAndAwait(ACCOUNT)) {
            assertThat(fixture.listener.awaitAccountState(2002, LinkState.FAILED, WAIT)).isTrue();
            assertThat(fixture.listener.accountStatus(2002).detail()).contains("CH_CTID_TRADER_ACCOUNT_NOT_FOUND")
                    .contains("check the account id");

            BrokerException failure = fixture.fetchFailure(2002);

            assertThat(failure.category()).isEqualTo(ErrorCategory.NOT_FOUND);
            fixture.advance(Duration.ofMinutes(10), Duration.ofSeconds(10));
            assertThat(fixture.simulator.connections().get(0).accountAuthRequests()).isEqualTo(2);
        }
    }

    @Test
    void disabledAccountFailsForGood() throws Exception {
        try (SimulatorFixture fixture = SimulatorFixture.builder(directory).build()) {
            fixture.simulator.failNext(ErrorReply.of("RET_ACCOUNT_DISABLED").forPayloadType(ACCOUNT_AUTH));
            fixture.start();

            assertThat(fixture.listener.awaitAccountState(ACCOUNT, LinkState.FAILED, WAIT)).isTrue();
            assertThat(fixture.fetchFailure(ACCOUNT).category()).isEqualTo(ErrorCategory.AUTHENTICATION);
        }
    }

    @Test
    void unreachableTradingServerIsRetried() throws Exception {
        try (SimulatorFixture fixture = SimulatorFixture.builder(directory).build()) {
            fixture.simulator.failNext(ErrorReply.of("CH_SERVER_NOT_REACHABLE").forPayloadType(ACCOUNT_AUTH).times(2));
            fixture.start();

            assertThat(fixture.listener.awaitAccountState(ACCOUNT, LinkState.DOWN, WAIT)).isTrue();
            fixture.advance(Duration.ofSeconds(5), Duration.ofMillis(100));

            assertThat(fixture.listener.awaitAccountState(ACCOUNT, LinkState.UP, WAIT)).isTrue();
            assertThat(fixture.simulator.connections()).hasSize(1);
            assertThat(fixture.simulator.connections().get(0).accountAuthRequests()).isEqualTo(3);
        }
    }

    @Test
    void endedAccountSessionIsAuthorisedAgain() throws Exception {
        try (SimulatorFixture fixture = SimulatorFixture.builder(directory).build().startAndAwait(ACCOUNT)) {
            fixture.simulator.failNext(ErrorReply.of("ACCOUNT_NOT_AUTHORIZED").forPayloadType(TRADER));

            assertThat(fixture.fetchFailure(ACCOUNT).category()).isEqualTo(ErrorCategory.AUTHENTICATION);

            assertThat(fixture.listener.awaitAccountCount(ACCOUNT, LinkState.UP, 2, WAIT)).isTrue();
            assertThat(fixture.simulator.connections().get(0).accountAuthRequests()).isEqualTo(2);
        }
    }

    @Test
    void blockedPayloadTypeWaitsRetryAfter() throws Exception {
        try (SimulatorFixture fixture = SimulatorFixture.builder(directory).build().startAndAwait(ACCOUNT)) {
            fixture.simulator.failNext(ErrorReply.of("BLOCKED_PAYLOAD_TYPE").retryAfterSeconds(30)
                    .forPayloadType(ProtoOAPayloadType.PROTO_OA_DEAL_LIST_REQ_VALUE));

            BrokerException first = fixture.fetchFailure(ACCOUNT);
            long dealRequests = fixture.received(ProtoOAPayloadType.PROTO_OA_DEAL_LIST_REQ);
            fixture.advance(Duration.ofSeconds(10), Duration.ofSeconds(1));
            BrokerException second = fixture.fetchFailure(ACCOUNT);

            assertThat(first.category()).isEqualTo(ErrorCategory.RATE_LIMITED);
            assertThat(first.retryAfter()).isEqualTo(Duration.ofSeconds(30));
            assertThat(second.category()).isEqualTo(ErrorCategory.RATE_LIMITED);
            assertThat(second.retryAfter()).isEqualTo(Duration.ofSeconds(20));
            assertThat(fixture.received(ProtoOAPayloadType.PROTO_OA_DEAL_LIST_REQ)).isEqualTo(dealRequests);

            fixture.advance(Duration.ofSeconds(21), Duration.ofSeconds(1));

            assertThat(fixture.fetch(ACCOUNT).currency()).isEqualTo("USD");
        }
    }

    @Test
    void blockedPayloadTypeForACenturyIsAskedAgainAfterTenMinutes() throws Exception {
        try (SimulatorFixture fixture = SimulatorFixture.builder(directory).build().startAndAwait(ACCOUNT)) {
            fixture.simulator.failNext(ErrorReply.of("BLOCKED_PAYLOAD_TYPE").retryAfterSeconds(CENTURY_SECONDS)
                    .forPayloadType(ProtoOAPayloadType.PROTO_OA_DEAL_LIST_REQ_VALUE));

            BrokerException first = fixture.fetchFailure(ACCOUNT);
            fixture.advance(Duration.ofMinutes(10).plusSeconds(1), Duration.ofSeconds(10));

            assertThat(first.retryAfter()).isEqualTo(Duration.ofMinutes(10));
            assertThat(fixture.fetch(ACCOUNT).currency()).isEqualTo("USD");
        }
    }

    @Test
    void frequencyExceededPausesOneSecondWhateverRetryAfterSays() throws Exception {
        try (SimulatorFixture fixture = SimulatorFixture.builder(directory).build().startAndAwait(ACCOUNT)) {
            fixture.simulator.failNext(ErrorReply.of("REQUEST_FREQUENCY_EXCEEDED").retryAfterSeconds(CENTURY_SECONDS)
                    .forPayloadType(TRADER));

            BrokerException first = fixture.fetchFailure(ACCOUNT);
            fixture.advance(Duration.ofSeconds(2), Duration.ofMillis(250));

            assertThat(first.retryAfter()).isEqualTo(Duration.ofSeconds(1));
            assertThat(fixture.fetch(ACCOUNT).currency()).isEqualTo("USD");
        }
    }

    @Test
    void maintenanceEndingInACenturyIsWaitedOutForTwelveHoursAtMost() throws Exception {
        try (SimulatorFixture fixture = SimulatorFixture.builder(directory).build().startAndAwait(ACCOUNT)) {
            Instant end = fixture.now().plus(Duration.ofSeconds(CENTURY_SECONDS));
            fixture.simulator.failNext(ErrorReply.of("SERVER_IS_UNDER_MAINTENANCE").forPayloadType(TRADER)
                    .maintenanceEndTimestamp(end.getEpochSecond()));

            BrokerException failure = fixture.fetchFailure(ACCOUNT);

            assertThat(failure.retryAfter()).isEqualTo(BrokerException.MAX_RETRY_AFTER);
            assertMaintenanceWait(fixture, BrokerException.MAX_RETRY_AFTER);
        }
    }

    @Test
    void abandonedFetchDoesNotSpendRateBudget() throws Exception {
        try (SimulatorFixture fixture = SimulatorFixture.builder(directory).build().startAndAwait(ACCOUNT)) {
            fixture.fetch(ACCOUNT);
            // Use up the historical burst so that the next deal request has to wait.
            fixture.simulator.delayReplies(Duration.ofSeconds(1));
            CompletableFuture<AccountSnapshot> waiting = fixture.startFetch(ACCOUNT);
            fixture.awaitReceived(ProtoOAPayloadType.PROTO_OA_TRADER_REQ, 2);
            long dealRequests = fixture.received(ProtoOAPayloadType.PROTO_OA_DEAL_LIST_REQ);

            waiting.cancel(false);
            fixture.simulator.delayReplies(Duration.ZERO);
            fixture.time.advance(Duration.ofSeconds(5));
            fixture.settle();

            assertThat(fixture.received(ProtoOAPayloadType.PROTO_OA_DEAL_LIST_REQ)).isEqualTo(dealRequests);
        }
    }

    private static void assertMaintenanceWait(SimulatorFixture fixture, Duration wait) throws Exception {
        assertThat(fixture.listener.awaitConnectionCount(LinkState.DOWN, 1, WAIT)).isTrue();
        assertThat(fixture.listener.lastConnectionStatus(LinkState.DOWN).detail()).contains("maintenance");
        fixture.advance(wait.minusSeconds(1), Duration.ofMinutes(1));
        assertThat(fixture.simulator.connections()).hasSize(1);

        fixture.advance(Duration.ofSeconds(3), Duration.ofMillis(250));

        assertThat(fixture.listener.awaitAccountCount(ACCOUNT, LinkState.UP, 2, WAIT)).isTrue();
        assertThat(fixture.simulator.connections()).hasSize(2);
    }
}
