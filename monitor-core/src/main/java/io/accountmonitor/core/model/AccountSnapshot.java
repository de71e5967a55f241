package io.accountmonitor.core.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * State of one account as one check fetched it. Money is in the deposit currency, with the scale
 * the broker used.
 *
 * @param account the account
 * @param currency deposit currency name, for example {@code USD}
 * @param balance balance
 * @param equity balance plus the net unrealized profit of the open positions
 * @param usedMargin margin used by the open positions
 * @param freeMargin equity minus used margin
 * @param marginLevel equity divided by used margin, in percent; {@code null} when no margin is used
 * @param unrealizedPnl net unrealized profit of the open positions
 * @param positions open positions, ordered by position id
 * @param deals deals executed after the cursor the check started from, oldest first
 * @param dealCursor the cursor after {@code deals}; the host persists it once the deals are published
 * @param version broker stamp that grows with every balance change (cTrader's balanceVersion), or 0
 * @param fetchedAt when the check completed, from the host clock
 */
public record AccountSnapshot(
        AccountId account,
        String currency,
        BigDecimal balance,
        BigDecimal equity,
        BigDecimal usedMargin,
        BigDecimal freeMargin,
        BigDecimal marginLevel,
        BigDecimal unrealizedPnl,
        List<Position> positions,
        List<Deal> deals,
        DealCursor dealCursor,
        long version,
        Instant fetchedAt) {

    public AccountSnapshot {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(currency, "currency");
        if (currency.isBlank()) {
            throw new IllegalArgumentException("currency of account " + account + " is blank");
        }
        Objects.requireNonNull(balance, "balance");
        Objects.requireNonNull(equity, "equity");
        Objects.requireNonNull(usedMargin, "usedMargin");
        Objects.requireNonNull(freeMargin, "freeMargin");
        Objects.requireNonNull(unrealizedPnl, "unrealizedPnl");
        positions = List.copyOf(positions);
        deals = List.copyOf(deals);
        Objects.requireNonNull(dealCursor, "dealCursor");
        Objects.requireNonNull(fetchedAt, "fetchedAt");
    }
}
