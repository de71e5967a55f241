package io.accountmonitor.ctrader.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.accountmonitor.core.model.TradeSide;
import io.accountmonitor.ctrader.protocol.ProtoMessage;
import io.accountmonitor.ctrader.protocol.ProtoOAAccountsTokenInvalidatedEvent;
import io.accountmonitor.ctrader.protocol.ProtoOADeal;
import io.accountmonitor.ctrader.protocol.ProtoOADealListReq;
import io.accountmonitor.ctrader.protocol.ProtoOADealListRes;
import io.accountmonitor.ctrader.protocol.ProtoOADealStatus;
import io.accountmonitor.ctrader.protocol.ProtoOAErrorRes;
import io.accountmonitor.ctrader.protocol.ProtoOAExecutionEvent;
import io.accountmonitor.ctrader.protocol.ProtoOAExecutionType;
import io.accountmonitor.ctrader.protocol.ProtoOAGetAccountListByAccessTokenReq;
import io.accountmonitor.ctrader.protocol.ProtoOAGetAccountListByAccessTokenRes;
import io.accountmonitor.ctrader.protocol.ProtoOAGetPositionUnrealizedPnLReq;
import io.accountmonitor.ctrader.protocol.ProtoOAGetPositionUnrealizedPnLRes;
import io.accountmonitor.ctrader.protocol.ProtoOAPayloadType;
import io.accountmonitor.ctrader.protocol.ProtoOARefreshTokenReq;
import io.accountmonitor.ctrader.protocol.ProtoOARefreshTokenRes;
import io.accountmonitor.ctrader.protocol.ProtoOATradeSide;
import io.accountmonitor.ctrader.protocol.ProtoOATraderReq;
import io.accountmonitor.ctrader.protocol.ProtoOATraderRes;
import io.accountmonitor.ctrader.protocol.ProtoOAVersionReq;
import io.accountmonitor.ctrader.protocol.ProtoPayloadType;
import io.accountmonitor.scheduler.ThreadBudget;
import io.accountmonitor.scheduler.virtual.VirtualTime;
import java.math.BigDecimal;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SimulatorProtocolTest {
    private static final long ACCOUNT = 1001;
    private static final long LIVE_ACCOUNT = 1002;
    private static final long DAY = 86_400_000L;

    private final VirtualTime time = new VirtualTime();
    private final ThreadBudget threads = new ThreadBudget(12);
    private CtraderSimulator simulator;

    @BeforeEach
    void startSimulator() throws Exception {
        simulator = CtraderSimulator.builder(threads, time)
                .clock(time.clock())
                .account(SimulatedAccount.builder(ACCOUNT).build())
                .account(SimulatedAccount.builder(LIVE_ACCOUNT).live(true).moneyDigits(8).build())
                .build();
        simulator.start();
    }

    @AfterEach
    void stopSimulator() {
        simulator.close();
        assertThat(threads.reservedThreads()).isZero();
    }

    @Test
    void requestBeforeApplicationAuthIsRejected() throws Exception {
        try (RawClient client = new RawClient(simulator)) {
            ProtoMessage reply = client.request(ProtoOAPayloadType.PROTO_OA_TRADER_REQ,
                    ProtoOATraderReq.newBuilder().setCtidTraderAccountId(ACCOUNT).build());

            assertThat(RawClient.errorCode(reply)).isEqualTo("CH_CLIENT_NOT_AUTHENTICATED");
        }
    }

    @Test
    void wrongApplicationCredentialsAreRejectedThenSocketCloses() throws Exception {
        try (RawClient client = new RawClient(simulator)) {
            assertThatThrownBy(() -> client.authorise(CtraderSimulator.DEFAULT_CLIENT_ID, "wrong"))
                    .hasMessageContaining("CH_CLIENT_AUTH_FAILURE");

            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void secondAccountAuthGetsAlreadyLoggedIn() throws Exception {
        try (RawClient client = authorisedClient()) {
            ProtoMessage first = client.authoriseAccount(ACCOUNT, CtraderSimulator.DEFAULT_ACCESS_TOKEN);
            ProtoMessage second = client.authoriseAccount(ACCOUNT, CtraderSimulator.DEFAULT_ACCESS_TOKEN);

            assertThat(first.getPayloadType()).isEqualTo(ProtoOAPayloadType.PROTO_OA_ACCOUNT_AUTH_RES_VALUE);
            assertThat(RawClient.errorCode(second)).isEqualTo("ALREADY_LOGGED_IN");
            assertThat(simulator.connections().get(0).accountAuthRequests()).isEqualTo(2);
        }
    }

    @Test
    void accountListReportsLiveFlags() throws Exception {
        try (RawClient client = authorisedClient()) {
            ProtoMessage reply = client.request(ProtoOAPayloadType.PROTO_OA_GET_ACCOUNTS_BY_ACCESS_TOKEN_REQ,
                    ProtoOAGetAccountListByAccessTokenReq.newBuilder()
                            .setAccessToken(CtraderSimulator.DEFAULT_ACCESS_TOKEN).build());

            ProtoOAGetAccountListByAccessTokenRes list =
                    ProtoOAGetAccountListByAccessTokenRes.parseFrom(reply.getPayload());
            assertThat(list.getCtidTraderAccountList()).hasSize(2);
            assertThat(list.getCtidTraderAccount(0).getCtidTraderAccountId()).isEqualTo(ACCOUNT);
            assertThat(list.getCtidTraderAccount(0).getIsLive()).isFalse();
            assertThat(list.getCtidTraderAccount(1).getIsLive()).isTrue();
        }
    }

    @Test
    void rateLimitsApplyPerConnectionAndSecond() throws Exception {
        try (RawClient client = authorisedClient(); RawClient other = authorisedClient()) {
            client.authoriseAccount(ACCOUNT, CtraderSimulator.DEFAULT_ACCESS_TOKEN);
            // The application auth and the account auth count too: 2 + 48 = 50 requests in this second.
            for (int i = 0; i < 48; i++) {
                assertThat(version(client).getPayloadType()).isEqualTo(ProtoOAPayloadType.PROTO_OA_VERSION_RES_VALUE);
            }
            assertThat(RawClient.errorCode(version(client))).isEqualTo("REQUEST_FREQUENCY_EXCEEDED");
            assertThat(version(other).getPayloadType()).isEqualTo(ProtoOAPayloadType.PROTO_OA_VERSION_RES_VALUE);
            for (int i = 0; i < 5; i++) {
                assertThat(deals(client, 0, DAY).getPayloadType())
                        .isEqualTo(ProtoOAPayloadType.PROTO_OA_DEAL_LIST_RES_VALUE);
            }
            ProtoMessage sixth = deals(client, 0, DAY);
            assertThat(RawClient.errorCode(sixth)).isEqualTo("REQUEST_FREQUENCY_EXCEEDED");
            assertThat(ProtoOAErrorRes.parseFrom(sixth.getPayload()).getCtidTraderAccountId()).isZero();

            time.advance(Duration.ofSeconds(1));

            assertThat(version(client).getPayloadType()).isEqualTo(ProtoOAPayloadType.PROTO_OA_VERSION_RES_VALUE);
            assertThat(deals(client, 0, DAY).getPayloadType()).isEqualTo(ProtoOAPayloadType.PROTO_OA_DEAL_LIST_RES_VALUE);
            assertThat(simulator.rateLimitRejections()).isEqualTo(2);
        }
    }

    @Test
    void dealListPagesAndLimitsWindow() throws Exception {
        Instant start = time.now().minus(Duration.ofDays(3));
        for (int i = 0; i < 7; i++) {
            simulator.addDeal(ACCOUNT, ProtoOADeal.newBuilder()
                    .setDealId(100 + i).setOrderId(1).setPositionId(1).setVolume(100).setFilledVolume(100)
                    .setSymbolId(1).setCreateTimestamp(start.toEpochMilli() + i * 1000L)
                    .setExecutionTimestamp(start.toEpochMilli() + i * 1000L)
                    .setTradeSide(ProtoOATradeSide.BUY)
                    .setDealStatus(ProtoOADealStatus.FILLED)
                    .build());
        }
        try (RawClient client = authorisedClient()) {
            client.authoriseAccount(ACCOUNT, CtraderSimulator.DEFAULT_ACCESS_TOKEN);
            long from = start.toEpochMilli();

            ProtoOADealListRes page = ProtoOADealListRes.parseFrom(client.request(
                    ProtoOAPayloadType.PROTO_OA_DEAL_LIST_REQ, ProtoOADealListReq.newBuilder()
                            .setCtidTraderAccountId(ACCOUNT).setFromTimestamp(from).setToTimestamp(from + DAY)
                            .setMaxRows(5).build()).getPayload());
            ProtoMessage tooLong = deals(client, from, from + 7 * DAY + 1);
            ProtoMessage weekExactly = deals(client, from, from + 7 * DAY);

            assertThat(page.getDealList()).extracting(ProtoOADeal::getDealId).containsExactly(100L, 101L, 102L, 103L,
                    104L);
            assertThat(page.getHasMore()).isTrue();
            assertThat(RawClient.errorCode(tooLong)).isEqualTo("INCORRECT_BOUNDARIES");
            assertThat(ProtoOADealListRes.parseFrom(weekExactly.getPayload()).getDealCount()).isEqualTo(7);
        }
    }

    @Test
    void refreshTokenIsSingleUse() throws Exception {
        try (RawClient client = authorisedClient()) {
            client.authoriseAccount(ACCOUNT, CtraderSimulator.DEFAULT_ACCESS_TOKEN);

            ProtoMessage reply = client.request(ProtoOAPayloadType.PROTO_OA_REFRESH_TOKEN_REQ,
                    ProtoOARefreshTokenReq.newBuilder().setRefreshToken(CtraderSimulator.DEFAULT_REFRESH_TOKEN).build());
            ProtoOARefreshTokenRes tokens = ProtoOARefreshTokenRes.parseFrom(reply.getPayload());
            ProtoMessage invalidated = client.nextEvent();
            ProtoMessage reused = client.request(ProtoOAPayloadType.PROTO_OA_REFRESH_TOKEN_REQ,
                    ProtoOARefreshTokenReq.newBuilder().setRefreshToken(CtraderSimulator.DEFAULT_REFRESH_TOKEN).build());
            ProtoMessage oldToken = client.authoriseAccount(ACCOUNT, CtraderSimulator.DEFAULT_ACCESS_TOKEN);
            ProtoMessage newToken = client.authoriseAccount(ACCOUNT, tokens.getAccessToken());

            assertThat(tokens.getExpiresIn()).isEqualTo(2_628_000L);
            assertThat(tokens.getRefreshToken()).isNotEqualTo(CtraderSimulator.DEFAULT_REFRESH_TOKEN);
            assertThat(invalidated.getPayloadType())
                    .isEqualTo(ProtoOAPayloadType.PROTO_OA_ACCOUNTS_TOKEN_INVALIDATED_EVENT_VALUE);
            assertThat(ProtoOAAccountsTokenInvalidatedEvent.parseFrom(invalidated.getPayload())
                    .getCtidTraderAccountIdsList()).containsExactly(ACCOUNT);
            assertThat(RawClient.errorCode(reused)).isEqualTo("CH_ACCESS_TOKEN_INVALID");
            assertThat(RawClient.errorCode(oldToken)).isEqualTo("CH_ACCESS_TOKEN_INVALID");
            assertThat(newToken.getPayloadType()).isEqualTo(ProtoOAPayloadType.PROTO_OA_ACCOUNT_AUTH_RES_VALUE);
            assertThat(simulator.accessToken(ACCOUNT)).isEqualTo(tokens.getAccessToken());
        }
    }

    @Test
    void expiredAccessTokenIsReportedWithoutAccountId() throws Exception {
        try (RawClient client = authorisedClient()) {
            client.authoriseAccount(ACCOUNT, CtraderSimulator.DEFAULT_ACCESS_TOKEN);
            simulator.expireAccessToken(CtraderSimulator.DEFAULT_ACCESS_TOKEN);

            ProtoMessage reply = client.request(ProtoOAPayloadType.PROTO_OA_TRADER_REQ,
                    ProtoOATraderReq.newBuilder().setCtidTraderAccountId(ACCOUNT).build());

            ProtoOAErrorRes error = ProtoOAErrorRes.parseFrom(reply.getPayload());
            assertThat(error.getErrorCode()).isEqualTo("CH_ACCESS_TOKEN_INVALID");
            assertThat(error.getDescription()).isEqualTo("Access token expired");
            assertThat(error.hasCtidTraderAccountId()).isFalse();
        }
    }

    @Test
    void closingPositionCreatesClosingDealAndUpdatesBalance() throws Exception {
        try (RawClient client = authorisedClient()) {
            client.authoriseAccount(LIVE_ACCOUNT, CtraderSimulator.DEFAULT_ACCESS_TOKEN);

            long position = simulator.openPosition(LIVE_ACCOUNT, 1, TradeSide.SELL, 200_000, 1.25);
            ProtoOAExecutionEvent opened = ProtoOAExecutionEvent.parseFrom(client.nextEvent().getPayload());
            simulator.setUnrealizedPnl(LIVE_ACCOUNT, position, new BigDecimal("1.5"), new BigDecimal("1.25"));
            ProtoOAGetPositionUnrealizedPnLRes pnl = ProtoOAGetPositionUnrealizedPnLRes.parseFrom(client.request(
                    ProtoOAPayloadType.PROTO_OA_GET_POSITION_UNREALIZED_PNL_REQ,
                    ProtoOAGetPositionUnrealizedPnLReq.newBuilder().setCtidTraderAccountId(LIVE_ACCOUNT).build())
                    .getPayload());
            simulator.closePosition(LIVE_ACCOUNT, position, new BigDecimal("-7.5"));
            ProtoOAExecutionEvent closed = ProtoOAExecutionEvent.parseFrom(client.nextEvent().getPayload());
            ProtoOATraderRes trader = ProtoOATraderRes.parseFrom(client.request(ProtoOAPayloadType.PROTO_OA_TRADER_REQ,
                    ProtoOATraderReq.newBuilder().setCtidTraderAccountId(LIVE_ACCOUNT).build()).getPayload());

            assertThat(opened.getExecutionType()).isEqualTo(ProtoOAExecutionType.ORDER_FILLED);
            assertThat(opened.getDeal().hasClosePositionDetail()).isFalse();
            assertThat(pnl.getMoneyDigits()).isEqualTo(8);
            assertThat(pnl.getPositionUnrealizedPnL(0).getNetUnrealizedPnL()).isEqualTo(125_000_000L);
            assertThat(closed.getDeal().getClosePositionDetail().getGrossProfit()).isEqualTo(-750_000_000L);
            assertThat(closed.getDeal().getClosePositionDetail().getMoneyDigits()).isEqualTo(8);
            assertThat(closed.getDeal().getClosePositionDetail().getBalance()).isEqualTo(trader.getTrader().getBalance());
            assertThat(trader.getTrader().getBalance()).isEqualTo(999_250_000_000L);
            assertThat(trader.getTrader().getBalanceVersion()).isEqualTo(2);
            assertThat(simulator.openPositionIds(LIVE_ACCOUNT)).isEmpty();
            assertThat(simulator.dealCount(LIVE_ACCOUNT)).isEqualTo(2);
        }
    }

    @Test
    void heartbeatsFollowInterval() throws Exception {
        try (RawClient client = authorisedClient()) {
            time.advance(Duration.ofSeconds(10));

            assertThat(client.receive().getPayloadType()).isEqualTo(ProtoPayloadType.HEARTBEAT_EVENT_VALUE);
            client.sendHeartbeat();
            version(client);
            assertThat(simulator.heartbeatsReceived()).isEqualTo(1);
        }
    }

    @Test
    void scriptedTradingOpensAndClosesPositions() throws Exception {
        try (RawClient client = authorisedClient()) {
            client.authoriseAccount(ACCOUNT, CtraderSimulator.DEFAULT_ACCESS_TOKEN);
            simulator.startScriptedTrading(Duration.ofSeconds(5));

            for (int i = 0; i < 4; i++) {
                time.advance(Duration.ofSeconds(5));
            }
            simulator.stopScriptedTrading();
            time.advance(Duration.ofSeconds(30));

            // Turns alternate between the two accounts: 1001 opened at 5 s and closed at 15 s.
            assertThat(simulator.dealCount(ACCOUNT)).isEqualTo(2);
            assertThat(simulator.dealCount(LIVE_ACCOUNT)).isEqualTo(2);
            ProtoMessage first = nextNonHeartbeat(client);
            ProtoMessage second = nextNonHeartbeat(client);
            assertThat(first.getPayloadType()).isEqualTo(ProtoOAPayloadType.PROTO_OA_EXECUTION_EVENT_VALUE);
            assertThat(ProtoOAExecutionEvent.parseFrom(second.getPayload()).getDeal().hasClosePositionDetail()).isTrue();
        }
    }

    @Test
    void silentConnectionStaysOpenWithoutReplies() throws Exception {
        try (RawClient client = authorisedClient()) {
            simulator.silenceConnections();
            client.readTimeout(Duration.ofMillis(500));
            client.send(ProtoOAPayloadType.PROTO_OA_VERSION_REQ, ProtoOAVersionReq.getDefaultInstance());

            assertThatThrownBy(client::receive).isInstanceOf(SocketTimeoutException.class);
            assertThat(simulator.openConnectionCount()).isEqualTo(1);
        }
    }

    @Test
    void clientWithoutSimulatorCertificateFailsHandshake() throws Exception {
        SSLContext jdkDefault = SSLContext.getInstance("TLS");
        jdkDefault.init(null, null, null);

        assertThatThrownBy(() -> new RawClient(jdkDefault, simulator.port()).close())
                .isInstanceOf(SSLHandshakeException.class);
    }

    private RawClient authorisedClient() throws Exception {
        RawClient client = new RawClient(simulator);
        client.authorise(CtraderSimulator.DEFAULT_CLIENT_ID, CtraderSimulator.DEFAULT_CLIENT_SECRET);
        return client;
    }

    private static ProtoMessage version(RawClient client) throws Exception {
        return client.request(ProtoOAPayloadType.PROTO_OA_VERSION_REQ, ProtoOAVersionReq.getDefaultInstance());
    }

    private static ProtoMessage deals(RawClient client, long from, long to) throws Exception {
        return client.request(ProtoOAPayloadType.PROTO_OA_DEAL_LIST_REQ, ProtoOADealListReq.newBuilder()
                .setCtidTraderAccountId(ACCOUNT).setFromTimestamp(from).setToTimestamp(to).build());
    }

    private static ProtoMessage nextNonHeartbeat(RawClient client) throws Exception {
        while (true) {
            ProtoMessage message = client.nextEvent();
            if (message.getPayloadType() != ProtoPayloadType.HEARTBEAT_EVENT_VALUE) {
                return message;
            }
        }
    }
}
