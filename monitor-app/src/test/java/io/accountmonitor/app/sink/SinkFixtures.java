package io.accountmonitor.app.sink;

import io.accountmonitor.core.model.AccountId;
import io.accountmonitor.core.model.AccountSnapshot;
import io.accountmonitor.core.model.Deal;
import io.accountmonitor.core.model.DealCursor;
import io.accountmonitor.core.model.Position;
import io.accountmonitor.core.model.TradeSide;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** Snapshots and deals for sink tests. */
final class SinkFixtures {
    static final Instant T = Instant.parse("2026-03-02T10:00:00Z");

    private SinkFixtures() {
    }

    static Position position(String id) {
        return new Position(id, "EURUSD", TradeSide.BUY, new BigDecimal("1000.00"), new BigDecimal("1.08450"),
                new BigDecimal("12.50"), new BigDecimal("-0.40"), new BigDecimal("-1.20"), new BigDecimal("36.15"), T);
    }

    static Deal closingDeal(String id) {
        return new Deal(id, "501", "EURUSD", TradeSide.SELL, new BigDecimal("1000.00"), new BigDecimal("1.08600"),
                T.plusSeconds(60), true, new BigDecimal("15.00"), new BigDecimal("-0.40"), new BigDecimal("-1.20"),
                new BigDecimal("13.40"), new BigDecimal("10013.40"));
    }

    static AccountSnapshot snapshot(String balance, List<Position> positions) {
        BigDecimal value = new BigDecimal(balance);
        return new AccountSnapshot(AccountId.of("1001"), "USD", value, value.add(new BigDecimal("12.50")),
                new BigDecimal("36.15"), value.subtract(new BigDecimal("23.65")), new BigDecimal("27735.82"),
                new BigDecimal("12.50"), positions, List.of(), DealCursor.startingAt(T), 3, T);
    }
}
