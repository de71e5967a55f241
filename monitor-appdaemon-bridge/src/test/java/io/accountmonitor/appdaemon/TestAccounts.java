package io.accountmonitor.appdaemon;

import io.accountmonitor.core.model.AccountId;
import io.accountmonitor.core.model.AccountSnapshot;
import io.accountmonitor.core.model.AccountUpdate;
import io.accountmonitor.core.model.Deal;
import io.accountmonitor.core.model.DealCursor;
import io.accountmonitor.core.model.LinkState;
import io.accountmonitor.core.model.LinkStatus;
import io.accountmonitor.core.model.Position;
import io.accountmonitor.core.model.TradeSide;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** Builders of accounts, positions, deals and updates for the bridge's tests. */
final class TestAccounts {
    static final String MONITOR = "main-live";
    static final Instant FETCHED_AT = Instant.parse("2026-01-05T10:00:00Z");

    private TestAccounts() {
    }

    static AccountSnapshot snapshot(String account, String balance, List<Position> positions) {
        BigDecimal balanceValue = new BigDecimal(balance);
        BigDecimal pnl = new BigDecimal("12.25");
        return new AccountSnapshot(
                AccountId.of(account),
                "USD",
                balanceValue,
                balanceValue.add(pnl),
                new BigDecimal("250.00"),
                balanceValue.add(pnl).subtract(new BigDecimal("250.00")),
                new BigDecimal("4004.90"),
                pnl,
                positions,
                List.of(),
                DealCursor.startingAt(FETCHED_AT),
                7,
                FETCHED_AT);
    }

    static AccountSnapshot snapshot(String account, String balance) {
        return snapshot(account, balance, List.of());
    }

    static AccountUpdate first(AccountSnapshot snapshot) {
        return new AccountUpdate(MONITOR, null, snapshot, List.of());
    }

    static AccountUpdate update(AccountSnapshot previous, AccountSnapshot current, List<Deal> newDeals) {
        return new AccountUpdate(MONITOR, previous, current, newDeals);
    }

    static Position position(String id, String symbol) {
        return new Position(id, symbol, TradeSide.BUY, new BigDecimal("10000"), new BigDecimal("1.08340"),
                new BigDecimal("12.25"), new BigDecimal("-0.40"), new BigDecimal("-3.00"), new BigDecimal("250.00"),
                Instant.parse("2026-01-05T09:00:00Z"));
    }

    static Deal closingDeal(String dealId, String positionId) {
        return new Deal(dealId, positionId, "EURUSD", TradeSide.SELL, new BigDecimal("10000"),
                new BigDecimal("1.08465"), Instant.parse("2026-01-05T09:59:30.125Z"), true, new BigDecimal("12.50"),
                new BigDecimal("-0.40"), new BigDecimal("-3.00"), new BigDecimal("9.10"), new BigDecimal("10009.10"));
    }

    static Deal openingDeal(String dealId, String positionId) {
        return new Deal(dealId, positionId, "EURUSD", TradeSide.BUY, new BigDecimal("10000"),
                new BigDecimal("1.08340"), Instant.parse("2026-01-05T09:00:00Z"), false, BigDecimal.ZERO,
                BigDecimal.ZERO, new BigDecimal("-3.00"), new BigDecimal("-3.00"), null);
    }

    /** Returns an update whose only news is one closing deal, for event tests. */
    static AccountUpdate withClosedDeal(String account, String dealId) {
        AccountSnapshot snapshot = snapshot(account, "10000.00");
        return new AccountUpdate(MONITOR, snapshot, snapshot, List.of(closingDeal(dealId, "P-" + dealId)));
    }

    static LinkStatus link(LinkState state, String detail) {
        return new LinkStatus(state, detail, FETCHED_AT);
    }
}
