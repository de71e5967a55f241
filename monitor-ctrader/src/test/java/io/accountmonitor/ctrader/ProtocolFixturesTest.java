package io.accountmonitor.ctrader;

import static io.accountmonitor.ctrader.SimulatorFixture.ACCOUNT;
import static io.accountmonitor.ctrader.SimulatorFixture.SECOND_ACCOUNT;
import static io.accountmonitor.ctrader.SimulatorFixture.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.accountmonitor.core.model.AccountId;
import io.accountmonitor.core.model.AccountSnapshot;
import io.accountmonitor.core.model.Deal;
import io.accountmonitor.core.model.DealCursor;
import io.accountmonitor.core.model.LinkState;
import io.accountmonitor.core.model.TradeSide;
import io.accountmonitor.core.spi.BrokerException;
import io.accountmonitor.core.spi.ErrorCategory;
import io.accountmonitor.core.spi.Secret;
import io.accountmonitor.ctrader.protocol.ProtoOADeal;
import io.accountmonitor.ctrader.protocol.ProtoOADealStatus;
import io.accountmonitor.ctrader.protocol.ProtoOAPayloadType;
import io.accountmonitor.ctrader.protocol.ProtoOATradeSide;
import io.accountmonitor.ctrader.simulator.CtraderSimulator;
import io.accountmonitor.ctrader.simulator.ErrorReply;
import io.accountmonitor.ctrader.simulator.ReceivedRequest;
import io.accountmonitor.ctrader.simulator.SimulatedAccount;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The failures that clients of the Open API met in practice, replayed against the simulator: each
 * test names the server's behaviour and checks the adapter's reaction.
 */
class ProtocolFixturesTest {
    private static final int TRADER = ProtoOAPayloadType.PROTO_OA_TRADER_REQ_VALUE;

    @TempDir
    Path directory;

    @Test
    void rateLimitErrorWithAccountZero() throws Exception {
        try (SimulatorFixture fixture = SimulatorFixture.builder(directory).build().startAndAwait(ACCOUNT)) {
            fixture.simulator.failNext(ErrorReply.of("REQUEST_FREQUENCY_EXCEEDED").accountId(0)
                    .description("You have reached the rate limit of requests").forPayloadType(TRADER));

            BrokerException failure = fixture.fetchFailure(ACCOUNT);

            assertThat(failure.category()).isEqualTo(ErrorCategory.RATE_LIMITED);
            assertThat(failure.retryAfter()).isEqualTo(Duration.ofSeconds(1));
            long rejectedAt = lastReceived(fixture, ProtoOAPayloadType.PROTO_OA_TRADER_REQ).receivedAtNanos();
            assertThat(fixture.fetch(ACCOUNT).balance()).isEqualByComparingTo("10000.00");
            long retriedAt = lastReceived(fixture, ProtoOAPayloadType.PROTO_OA_TRADER_REQ).receivedAtNanos();
            assertThat(retriedAt - rejectedAt).isGreaterThanOrEqualTo(Duration.ofSeconds(1).toNanos());
            assertThat(fixture.listener.accountLinks()).allSatisfy(link ->
                    assertThat(link.account()).isEqualTo(AccountId.of(ACCOUNT)));
            assertThat(fixture.listener.accountCount(ACCOUNT, LinkState.DOWN)).isZero();
        }
    }

    @Test
    void expiredTokenSavedBeforeUse() throws Exception {
        List<String> timeline = Collections.synchronizedList(new ArrayList<>());
        RecordingStore store = new RecordingStore(timeline);
        try (SimulatorFixture fixture = SimulatorFixture.builder(directory).store(store).build()
                .startAndAwait(ACCOUNT)) {
            fixture.simulator.onRequest(request -> {
                if (request.is(ProtoOAPayloadType.PROTO_OA_ACCOUNT_AUTH_REQ)) {
                    timeline.add("account auth with " + request.accessToken());
                }
            });
            fixture.simulator.expireAccessToken(CtraderSimulator.DEFAULT_ACCESS_TOKEN);

            BrokerException failure = fixture.fetchFailure(ACCOUNT);

            assertThat(failure.category()).isEqualTo(ErrorCategory.AUTHENTICATION);
            assertThat(failure.brokerCode()).isEqualTo("CH_ACCESS_TOKEN_INVALID");
            assertThat(failure.getMessage()).contains("Access token expired");
            assertThat(fixture.listener.awaitAccountCount(ACCOUNT, LinkState.UP, 2, WAIT)).isTrue();
            fixture.settle();
            String newToken = fixture.simulator.accessToken(ACCOUNT);
            assertThat(newToken).isNotEqualTo(CtraderSimulator.DEFAULT_ACCESS_TOKEN);
            assertThat(timeline).containsSubsequence("saved " + TokenStore.STORE_KEY, "account auth with " + newToken);
            assertThat(timeline.indexOf("saved " + TokenStore.STORE_KEY))
                    .isLessThan(timeline.indexOf("account auth with " + newToken));
            TokenStore reloaded = TokenStore.load(store, Secret.of(CtraderSimulator.DEFAULT_ACCESS_TOKEN),
                    Secret.of(CtraderSimulator.DEFAULT_REFRESH_TOKEN));
            assertThat(reloaded.current().accessToken().reveal()).isEqualTo(newToken);
            assertThat(reloaded.current().refreshToken().reveal()).isEqualTo(fixture.simulator.refreshToken(ACCOUNT));
            assertThat(fixture.fetch(ACCOUNT).balance()).isEqualByComparingTo("10000.00");
        }
    }

    @Test
    void clientAuthFailureIsFatalOnce() throws Exception {
        try (LogCapture logs = new LogCapture();
                SimulatorFixture fixture = SimulatorFixture.builder(directory)
                        .settings(values -> values.clientSecret = Secret.of("a-wrong-client-secret"))
                        .build()) {
            fixture.start();

            assertThat(fixture.listener.awaitConnectionCount(LinkState.FAILED, 1, WAIT)).isTrue();
            assertThat(fixture.simulator.awaitOpenConnections(0, WAIT)).isTrue();
            fixture.advance(Duration.ofHours(1), Duration.ofMinutes(1));

            assertThat(fixture.simulator.connections()).hasSize(1);
            assertThat(fixture.listener.connectionCount(LinkState.FAILED)).isEqualTo(1);
            assertThat(fixture.listener.connectionCount(LinkState.DOWN)).isZero();
            String detail = fixture.listener.lastConnectionStatus(LinkState.FAILED).detail();
            assertThat(detail).contains("CH_CLIENT_AUTH_FAILURE").contains("clientId or clientSecret is incorrect")
                    .contains("openapi.ctrader.com").doesNotContain("a-wrong-client-secret");
            BrokerException failure = fixture.fetchFailure(ACCOUNT);
            assertThat(failure.category()).isEqualTo(ErrorCategory.AUTHENTICATION);
            assertThat(failure.brokerCode()).isEqualTo("CH_CLIENT_AUTH_FAILURE");
            assertThat(logs.linesContaining("ERROR", "CH_CLIENT_AUTH_FAILURE")).hasSize(1);
        }
    }

    @Test
    void unroutableAccountAuthIsRetriedWithHint() throws Exception {
        try (SimulatorFixture fixture = SimulatorFixture.builder(directory).build()) {
            fixture.simulator.failNext(ErrorReply.of("CANT_ROUTE_REQUEST")
                    .forPayloadType(ProtoOAPayloadType.PROTO_OA_ACCOUNT_AUTH_REQ_VALUE));
            fixture.start();

            assertThat(fixture.listener.awaitAccountState(ACCOUNT, LinkState.DOWN, WAIT)).isTrue();
            assertThat(fixture.listener.lastAccountStatus(ACCOUNT, LinkState.DOWN).detail())
                    .contains("CANT_ROUTE_REQUEST").contains("configured environment (live or demo)");
            fixture.advance(Duration.ofSeconds(2), Duration.ofMillis(100));

            assertThat(fixture.listener.awaitAccountState(ACCOUNT, LinkState.UP, WAIT)).isTrue();
            assertThat(fixture.simulator.connections()).hasSize(1);
        }
    }

    @Test
    void orderErrorEventWithZeroIdsChangesNothing() throws Exception {
        try (LogCapture logs = new LogCapture();
                SimulatorFixture fixture = SimulatorFixture.builder(directory).build().startAndAwait(ACCOUNT)) {
            fixture.simulator.pushOrderError(ACCOUNT, "POSITION_NOT_FOUND", "Position not found with id 123");

            // A round trip after the event proves that the event was read and handled.
            assertThat(fixture.fetch(ACCOUNT).balance()).isEqualByComparingTo("10000.00");

            assertThat(fixture.listener.accountEvents()).isEmpty();
            assertThat(fixture.listener.connectionCount(LinkState.DOWN)).isZero();
            assertThat(logs.linesContaining("POSITION_NOT_FOUND")).singleElement().asString()
                    .doesNotContain("position 0").doesNotContain("order 0");
        }
    }

    @Test
    void accountAuthWithoutReplyIsRetried() throws Exception {
        try (SimulatorFixture fixture = SimulatorFixture.builder(directory).build()) {
            fixture.simulator.dropReplies(ProtoOAPayloadType.PROTO_OA_ACCOUNT_AUTH_REQ_VALUE, 1);
            fixture.start();
            fixture.awaitReceived(ProtoOAPayloadType.PROTO_OA_ACCOUNT_AUTH_REQ, 1);
            var waiting = fixture.startFetch(ACCOUNT);

            fixture.time.advance(Duration.ofSeconds(15));

            assertThat(SimulatorFixture.failure(waiting).category()).isEqualTo(ErrorCategory.TIMEOUT);
            assertThat(fixture.listener.awaitAccountState(ACCOUNT, LinkState.DOWN, WAIT)).isTrue();
            assertThat(fixture.listener.lastAccountStatus(ACCOUNT, LinkState.DOWN).detail())
                    .contains("did not reply");
            fixture.advance(Duration.ofSeconds(2), Duration.ofMillis(100));
            assertThat(fixture.listener.awaitAccountState(ACCOUNT, LinkState.UP, WAIT)).isTrue();
            assertThat(fixture.simulator.connections()).hasSize(1);
            assertThat(fixture.simulator.connections().get(0).accountAuthRequests()).isEqualTo(2);
        }
    }

    @Test
    void tlsFailureMidStreamReconnects() throws Exception {
        try (LogCapture logs = new LogCapture();
                SimulatorFixture fixture = SimulatorFixture.builder(directory).build().startAndAwait(ACCOUNT)) {
            fixture.simulator.corruptTlsStream();

            assertThat(fixture.listener.awaitConnectionCount(LinkState.DOWN, 1, WAIT)).isTrue();
            assertThat(logs.linesContaining("WARN", "connection 1", "SSLException", "reconnecting in")).hasSize(1);
            fixture.advance(Duration.ofSeconds(2), Duration.ofMillis(100));

            assertThat(fixture.listener.awaitAccountCount(ACCOUNT, LinkState.UP, 2, WAIT)).isTrue();
            assertThat(fixture.fetch(ACCOUNT).balance()).isEqualByComparingTo("10000.00");
        }
    }

    @Test
    void silentOpenSocketIsReplaced() throws Exception {
        try (SimulatorFixture fixture = SimulatorFixture.builder(directory).build().startAndAwait(ACCOUNT)) {
            fixture.simulator.silenceConnections();

            // The socket stays open: nothing fails until the read timeout of 60 s passes.
            for (int second = 0; second < 59; second++) {
                fixture.time.advance(Duration.ofSeconds(1));
            }
            assertThat(fixture.listener.connectionCount(LinkState.DOWN)).isZero();
            assertThat(fixture.simulator.connections()).hasSize(1);

            fixture.time.advance(Duration.ofSeconds(2));

            assertThat(fixture.listener.awaitConnectionCount(LinkState.DOWN, 1, WAIT)).isTrue();
            assertThat(fixture.listener.lastConnectionStatus(LinkState.DOWN).detail()).contains("read timeout");
            fixture.advance(Duration.ofSeconds(2), Duration.ofMillis(100));
            assertThat(fixture.listener.awaitAccountCount(ACCOUNT, LinkState.UP, 2, WAIT)).isTrue();
            assertThat(fixture.simulator.connections()).hasSize(2);
        }
    }

    @Test
    void invalidatedTokenReauthorisesBothAccounts() throws Exception {
        try (SimulatorFixture fixture = SimulatorFixture.builder(directory)
                .account(SimulatedAccount.builder(ACCOUNT).build())
                .account(SimulatedAccount.builder(SECOND_ACCOUNT).build())
                .build().startAndAwait(ACCOUNT, SECOND_ACCOUNT)) {
            fixture.simulator.expireAccessToken(CtraderSimulator.DEFAULT_ACCESS_TOKEN);

            fixture.fetchFailure(ACCOUNT);
            // The refresh and the account auths may have to wait for the rate limit.
            fixture.advance(Duration.ofSeconds(1), Duration.ofMillis(50));

            assertThat(fixture.listener.awaitAccountCount(ACCOUNT, LinkState.UP, 2, WAIT))
                    .as("states %s", fixture.listener.accountLinks()).isTrue();
            assertThat(fixture.listener.awaitAccountCount(SECOND_ACCOUNT, LinkState.UP, 2, WAIT))
                    .as("states %s", fixture.listener.accountLinks()).isTrue();
            fixture.settle();
            String newToken = fixture.simulator.accessToken(ACCOUNT);
            for (long account : List.of(ACCOUNT, SECOND_ACCOUNT)) {
                assertThat(fixture.simulator.receivedRequests()).anySatisfy(request -> {
                    assertThat(request.is(ProtoOAPayloadType.PROTO_OA_ACCOUNT_AUTH_REQ)).isTrue();
                    assertThat(request.accountId()).isEqualTo(account);
                    assertThat(request.accessToken()).isEqualTo(newToken);
                });
                assertThat(fixture.simulator.connections().get(0).authorisedAccounts()).contains(account);
            }
            assertThat(fixture.received(ProtoOAPayloadType.PROTO_OA_REFRESH_TOKEN_REQ)).isEqualTo(1);
            assertThat(fixture.fetch(SECOND_ACCOUNT).balance()).isEqualByComparingTo("10000.00");
        }
    }

    @Test
    void dealsBeyondSevenDaysArePagedOverSeveralChecks() throws Exception {
        try (SimulatorFixture fixture = SimulatorFixture.builder(directory)
                .settings(values -> values.dealPageSize = 5)
                .build().startAndAwait(ACCOUNT)) {
            Instant start = fixture.now().minus(Duration.ofDays(20));
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                long id = 70_000 + i;
                ids.add(id);
                fixture.simulator.addDeal(ACCOUNT, deal(id, start.plus(Duration.ofHours(8L * i))));
            }

            AccountSnapshot first = fixture.fetch(ACCOUNT, DealCursor.startingAt(start.minusSeconds(1)));
            List<Deal> deals = new ArrayList<>(first.deals());
            DealCursor cursor = first.dealCursor();
            int checks = 1;
            while (deals.size() < ids.size() && checks < 10) {
                AccountSnapshot next = fixture.fetch(ACCOUNT, cursor);
                deals.addAll(next.deals());
                cursor = next.dealCursor();
                checks++;
            }

            // Full pages split each window, so 20 days take more requests than one check sends.
            assertThat(first.deals()).hasSizeLessThan(ids.size());
            assertThat(fixture.listener.accountEvents())
                    .contains(new RecordingListener.AccountEvent(AccountId.of(ACCOUNT), "older deals still to read"));
            assertThat(deals).extracting(Deal::dealId)
                    .containsExactlyElementsOf(ids.stream().map(String::valueOf).toList());
            assertThat(checks).isBetween(2, 9);
            assertThat(fixture.simulator.rateLimitRejections()).isZero();
            // Every deal up to an hour before the last check was read, so the cursor stops there.
            assertThat(cursor.since()).isAfter(start.plus(Duration.ofHours(8L * 59)))
                    .isBeforeOrEqualTo(fixture.now().minus(Duration.ofHours(1)));
        }
    }

    @Test
    void moneyScaledByEntityDigits() throws Exception {
        try (SimulatorFixture fixture = SimulatorFixture.builder(directory)
                .account(SimulatedAccount.builder(3002).moneyDigits(2).balance("1234.56").build())
                .account(SimulatedAccount.builder(3008).moneyDigits(8).depositAsset(2, "BTC")
                        .balance("0.12345678").build())
                .account(SimulatedAccount.builder(3000).moneyDigits(null).balance("987.65").build())
                .build().startAndAwait(3002, 3008, 3000)) {
            for (long account : List.of(3002L, 3008L, 3000L)) {
                long position = fixture.simulator.openPosition(account, 1, TradeSide.BUY, 1_000, 1.0);
                fixture.simulator.setUnrealizedPnl(account, position, new BigDecimal("0.05"), new BigDecimal("0.04"));
            }

            AccountSnapshot two = fixture.fetch(3002);
            AccountSnapshot eight = fixture.fetch(3008);
            AccountSnapshot absent = fixture.fetch(3000);

            assertThat(two.balance()).isEqualTo(new BigDecimal("1234.56"));
            assertThat(two.equity()).isEqualTo(new BigDecimal("1234.60"));
            assertThat(two.usedMargin()).isEqualTo(new BigDecimal("0.10"));
            assertThat(eight.currency()).isEqualTo("BTC");
            assertThat(eight.balance()).isEqualTo(new BigDecimal("0.12345678"));
            assertThat(eight.equity()).isEqualTo(new BigDecimal("0.16345678"));
            assertThat(eight.usedMargin()).isEqualTo(new BigDecimal("0.10000000"));
            assertThat(absent.balance()).isEqualTo(new BigDecimal("987.65"));
            assertThat(absent.equity()).isEqualTo(new BigDecimal("987.69"));
            assertThat(absent.positions().get(0).usedMargin()).isEqualTo(new BigDecimal("0.10"));
        }
    }

    private static ReceivedRequest lastReceived(SimulatorFixture fixture, ProtoOAPayloadType type) {
        List<ReceivedRequest> matching = fixture.simulator.receivedRequests().stream()
                .filter(request -> request.is(type)).toList();
        return matching.get(matching.size() - 1);
    }

    private static ProtoOADeal deal(long id, Instant executedAt) {
        return ProtoOADeal.newBuilder()
                .setDealId(id).setOrderId(id).setPositionId(id).setVolume(1000).setFilledVolume(1000)
                .setSymbolId(1).setCreateTimestamp(executedAt.toEpochMilli())
                .setExecutionTimestamp(executedAt.toEpochMilli()).setExecutionPrice(1.1)
                .setTradeSide(ProtoOATradeSide.BUY).setDealStatus(ProtoOADealStatus.FILLED)
                .build();
    }
}
