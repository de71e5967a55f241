package io.accountmonitor.ctrader;

import static io.accountmonitor.ctrader.SimulatorFixture.ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;

import io.accountmonitor.core.model.AccountSnapshot;
import io.accountmonitor.core.model.Deal;
import io.accountmonitor.core.model.DealCursor;
import io.accountmonitor.core.model.Position;
import io.accountmonitor.core.model.TradeSide;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotTest {
    @TempDir
    Path directory;

    @Test
    void snapshotCombinesBalancePositionsAndUnrealizedProfit() throws Exception {
        try (SimulatorFixture fixture = SimulatorFixture.builder(directory).build().startAndAwait(ACCOUNT)) {
            long first = fixture.simulator.openPosition(ACCOUNT, 1, TradeSide.BUY, 100_000, 1.0850);
            long second = fixture.simulator.openPosition(ACCOUNT, 41, TradeSide.SELL, 1_000, 2400.5);
            fixture.simulator.setUnrealizedPnl(ACCOUNT, first, new BigDecimal("12.50"), new BigDecimal("12.00"));
            fixture.simulator.setUnrealizedPnl(ACCOUNT, second, new BigDecimal("-3.00"), new BigDecimal("-3.25"));

            AccountSnapshot snapshot = fixture.fetch(ACCOUNT);

            assertThat(snapshot.currency()).isEqualTo("USD");
            assertThat(snapshot.balance()).isEqualByComparingTo("10000.00");
            assertThat(snapshot.unrealizedPnl()).isEqualByComparingTo("8.75");
            assertThat(snapshot.equity()).isEqualByComparingTo("10008.75");
            // Margin at 1:100: 1000 units at 1.0850 and 10 units at 2400.5.
            assertThat(snapshot.usedMargin()).isEqualByComparingTo(new BigDecimal("10.85").add(new BigDecimal("240.05")));
            assertThat(snapshot.freeMargin()).isEqualByComparingTo(snapshot.equity().subtract(snapshot.usedMargin()));
            assertThat(snapshot.marginLevel()).isEqualByComparingTo("3989.14");
            assertThat(snapshot.positions()).extracting(Position::positionId)
                    .containsExactly(Long.toString(first), Long.toString(second));
            Position gold = snapshot.positions().get(1);
            assertThat(gold.symbol()).isEqualTo("XAUUSD");
            assertThat(gold.side()).isEqualTo(TradeSide.SELL);
            assertThat(gold.volume()).isEqualByComparingTo("10.00");
            assertThat(gold.entryPrice()).isEqualByComparingTo("2400.5");
            assertThat(gold.unrealizedPnl()).isEqualByComparingTo("-3.25");
            assertThat(snapshot.version()).isEqualTo(1);
            assertThat(snapshot.fetchedAt()).isEqualTo(fixture.now());
        }
    }

    @Test
    void snapshotWithoutPositionsHasNoMarginLevel() throws Exception {
        try (SimulatorFixture fixture = SimulatorFixture.builder(directory).build().startAndAwait(ACCOUNT)) {
            AccountSnapshot snapshot = fixture.fetch(ACCOUNT);

            assertThat(snapshot.positions()).isEmpty();
            assertThat(snapshot.usedMargin()).isEqualByComparingTo("0");
            assertThat(snapshot.marginLevel()).isNull();
            assertThat(snapshot.equity()).isEqualByComparingTo(snapshot.balance());
            assertThat(snapshot.freeMargin()).isEqualByComparingTo(snapshot.balance());
        }
    }

    @Test
    void closedPositionAppearsAsClosingDealAfterCursor() throws Exception {
        try (SimulatorFixture fixture = SimulatorFixture.builder(directory).build().startAndAwait(ACCOUNT)) {
            DealCursor cursor = DealCursor.startingAt(fixture.now());
            fixture.time.advance(Duration.ofSeconds(1));
            long position = fixture.simulator.openPosition(ACCOUNT, 1, TradeSide.BUY, 100_000, 1.0850);
            fixture.time.advance(Duration.ofSeconds(1));
            long closingDeal = fixture.simulator.closePosition(ACCOUNT, position, new BigDecimal("25.40"));

            AccountSnapshot snapshot = fixture.fetch(ACCOUNT, cursor);

            assertThat(snapshot.deals()).hasSize(2);
            Deal opening = snapshot.deals().get(0);
            Deal closing = snapshot.deals().get(1);
            assertThat(opening.closing()).isFalse();
            assertThat(opening.side()).isEqualTo(TradeSide.BUY);
            assertThat(closing.dealId()).isEqualTo(Long.toString(closingDeal));
            assertThat(closing.closing()).isTrue();
            assertThat(closing.side()).isEqualTo(TradeSide.SELL);
            assertThat(closing.symbol()).isEqualTo("EURUSD");
            assertThat(closing.grossProfit()).isEqualByComparingTo("25.40");
            assertThat(closing.netProfit()).isEqualByComparingTo("25.40");
            assertThat(closing.balanceAfter()).isEqualByComparingTo("10025.40");
            assertThat(snapshot.balance()).isEqualByComparingTo("10025.40");
            assertThat(snapshot.dealCursor()).isEqualTo(cursor.advance(snapshot.deals()));

            AccountSnapshot again = fixture.fetch(ACCOUNT, snapshot.dealCursor());

            assertThat(again.deals()).isEmpty();
            assertThat(again.dealCursor()).isEqualTo(snapshot.dealCursor());
        }
    }
}
