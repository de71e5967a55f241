package io.accountmonitor.ctrader;

import static io.accountmonitor.ctrader.SimulatorFixture.ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;

import io.accountmonitor.core.model.AccountSnapshot;
import io.accountmonitor.core.model.Deal;
import io.accountmonitor.core.model.DealCursor;
import io.accountmonitor.core.model.TradeSide;
import io.accountmonitor.ctrader.protocol.ProtoOADeal;
import io.accountmonitor.ctrader.protocol.ProtoOADealStatus;
import io.accountmonitor.ctrader.protocol.ProtoOAPayloadType;
import io.accountmonitor.ctrader.protocol.ProtoOAPosition;
import io.accountmonitor.ctrader.protocol.ProtoOAPositionStatus;
import io.accountmonitor.ctrader.protocol.ProtoOATradeData;
import io.accountmonitor.ctrader.protocol.ProtoOATradeSide;
import io.accountmonitor.ctrader.simulator.SimulatedAccount;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When a check reads the deal list, the one historical request of a check. */
class DealSyncTest {
    @TempDir
    Path directory;

    private static long dealListRequests(SimulatorFixture fixture) {
        return fixture.simulator.receivedRequests().stream()
                .filter(request -> request.is(ProtoOAPayloadType.PROTO_OA_DEAL_LIST_REQ))
                .count();
    }

    private static DealCursor dayAgo(SimulatorFixture fixture) {
        return DealCursor.startingAt(fixture.time.now().minus(Duration.ofDays(1)));
    }

    @Test
    void unchangedAccountSkipsDealList() throws Exception {
        try (SimulatorFixture fixture = SimulatorFixture.builder(directory).build().startAndAwait(ACCOUNT)) {
            AccountSnapshot first = fixture.fetch(ACCOUNT, dayAgo(fixture));
            DealCursor cursor = first.dealCursor();
            for (int i = 0; i < 5; i++) {
                cursor = fixture.fetch(ACCOUNT, cursor).dealCursor();
            }

            assertThat(dealListRequests(fixture)).isEqualTo(1);
            assertThat(fixture.host.recordedMetrics().count("ctrader.deal.reads.skipped")).isEqualTo(5);
        }
    }

    @Test
    void yearsOldCursorIsCaughtUpOverChecksOfAFewRequestsEach() throws Exception {
        Instant registered = Instant.parse("2025-01-01T00:00:00Z");
        try (SimulatorFixture fixture = SimulatorFixture.builder(directory)
                .account(SimulatedAccount.builder(ACCOUNT).registeredAt(registered).build())
                .build().startAndAwait(ACCOUNT)) {
            // Older than the account's registration, which is where the reads start.
            DealCursor cursor = DealCursor.startingAt(registered.minus(Duration.ofDays(365)));
            long windows = (Duration.between(registered, fixture.time.now()).toMillis() + DealHistory.MAX_WINDOW_MILLIS - 1)
                    / DealHistory.MAX_WINDOW_MILLIS;

            AccountSnapshot first = fixture.fetch(ACCOUNT, cursor);

            assertThat(dealListRequests(fixture)).isEqualTo(AccountCheck.MAX_DEAL_REQUESTS);
            assertThat(first.dealCursor().since()).isEqualTo(
                    registered.plusMillis(AccountCheck.MAX_DEAL_REQUESTS * DealHistory.MAX_WINDOW_MILLIS));
            cursor = first.dealCursor();
            int checks = 1;
            while (cursor.since().isBefore(fixture.time.now().minus(Duration.ofHours(2))) && checks < 100) {
                cursor = fixture.fetch(ACCOUNT, cursor).dealCursor();
                checks++;
            }

            long expectedChecks = (windows + AccountCheck.MAX_DEAL_REQUESTS - 1) / AccountCheck.MAX_DEAL_REQUESTS;
            assertThat(checks).isEqualTo(expectedChecks);
            assertThat(dealListRequests(fixture)).isEqualTo(windows);
            assertThat(fixture.host.recordedMetrics().count("ctrader.deal.reads", "reason", "catch-up"))
                    .isEqualTo(expectedChecks - 1);
            assertThat(fixture.simulator.rateLimitRejections()).isZero();
        }
    }

    @Test
    void pushedExecutionReadsDealsInSameRound() throws Exception {
        try (SimulatorFixture fixture = SimulatorFixture.builder(directory).build().startAndAwait(ACCOUNT)) {
            DealCursor cursor = fixture.fetch(ACCOUNT, dayAgo(fixture)).dealCursor();

            long position = fixture.simulator.openPosition(ACCOUNT, 1, TradeSide.BUY, 100_000, 1.0850);
            assertThat(fixture.listener.awaitAccountEvents(1, SimulatorFixture.WAIT)).isTrue();
            fixture.settle();
            AccountSnapshot snapshot = fixture.fetch(ACCOUNT, cursor);

            assertThat(dealListRequests(fixture)).isEqualTo(2);
            assertThat(fixture.host.recordedMetrics().count("ctrader.deal.reads", "reason", "execution")).isEqualTo(1);
            assertThat(snapshot.deals()).extracting(Deal::positionId).containsExactly(Long.toString(position));
        }
    }

    @Test
    void silentDealIsFoundThroughChangedPositions() throws Exception {
        try (SimulatorFixture fixture = SimulatorFixture.builder(directory).build().startAndAwait(ACCOUNT)) {
            DealCursor cursor = fixture.fetch(ACCOUNT, dayAgo(fixture)).dealCursor();
            long now = fixture.time.now().toEpochMilli();
            ProtoOATradeData trade = ProtoOATradeData.newBuilder().setSymbolId(1).setVolume(100_000)
                    .setTradeSide(ProtoOATradeSide.BUY).setOpenTimestamp(now).build();
            // No execution event reaches the adapter: as if it was lost while the connection was down.
            fixture.simulator.addPosition(ACCOUNT, ProtoOAPosition.newBuilder().setPositionId(777).setTradeData(trade)
                    .setPositionStatus(ProtoOAPositionStatus.POSITION_STATUS_OPEN).setSwap(0).setPrice(1.085).build(),
                    0, 0);
            fixture.simulator.addDeal(ACCOUNT, ProtoOADeal.newBuilder().setDealId(888).setOrderId(999).setPositionId(777)
                    .setVolume(100_000).setFilledVolume(100_000).setSymbolId(1).setCreateTimestamp(now)
                    .setExecutionTimestamp(now).setExecutionPrice(1.085).setTradeSide(ProtoOATradeSide.BUY)
                    .setDealStatus(ProtoOADealStatus.FILLED).build());

            AccountSnapshot snapshot = fixture.fetch(ACCOUNT, cursor);

            assertThat(dealListRequests(fixture)).isEqualTo(2);
            assertThat(fixture.host.recordedMetrics().count("ctrader.deal.reads", "reason", "changed")).isEqualTo(1);
            assertThat(snapshot.deals()).extracting(Deal::dealId).containsExactly("888");
        }
    }

    @Test
    void balanceChangeReadsDeals() throws Exception {
        try (SimulatorFixture fixture = SimulatorFixture.builder(directory).build().startAndAwait(ACCOUNT)) {
            DealCursor cursor = fixture.fetch(ACCOUNT, dayAgo(fixture)).dealCursor();

            fixture.simulator.depositOrWithdraw(ACCOUNT, new BigDecimal("100.00"));
            assertThat(fixture.listener.awaitAccountEvents(1, SimulatorFixture.WAIT)).isTrue();
            fixture.settle();
            fixture.fetch(ACCOUNT, cursor);

            assertThat(dealListRequests(fixture)).isEqualTo(2);
        }
    }

    @Test
    void syncIntervalForcesDealRead() throws Exception {
        try (SimulatorFixture fixture = SimulatorFixture.builder(directory)
                .settings(values -> values.dealSyncInterval = Duration.ofMinutes(1)).build().startAndAwait(ACCOUNT)) {
            DealCursor cursor = fixture.fetch(ACCOUNT, dayAgo(fixture)).dealCursor();
            fixture.advance(Duration.ofSeconds(30), Duration.ofSeconds(5));
            cursor = fixture.fetch(ACCOUNT, cursor).dealCursor();
            assertThat(dealListRequests(fixture)).isEqualTo(1);

            fixture.advance(Duration.ofSeconds(35), Duration.ofSeconds(5));
            fixture.fetch(ACCOUNT, cursor);

            assertThat(dealListRequests(fixture)).isEqualTo(2);
            assertThat(fixture.host.recordedMetrics().count("ctrader.deal.reads", "reason", "interval")).isEqualTo(1);
        }
    }

    @Test
    void otherCursorReadsDeals() throws Exception {
        try (SimulatorFixture fixture = SimulatorFixture.builder(directory).build().startAndAwait(ACCOUNT)) {
            fixture.fetch(ACCOUNT, dayAgo(fixture));

            fixture.fetch(ACCOUNT, DealCursor.startingAt(fixture.time.now().minus(Duration.ofDays(2))));

            assertThat(dealListRequests(fixture)).isEqualTo(2);
            assertThat(fixture.host.recordedMetrics().count("ctrader.deal.reads", "reason", "cursor")).isEqualTo(1);
        }
    }
}
