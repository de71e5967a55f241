package io.accountmonitor.core.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * One executed deal. Closing deals carry the realized result of the part of the position they
 * closed; opening deals carry zero in the profit fields and {@code closing == false}.
 *
 * @param dealId broker id of the deal, unique within the account; sinks use it to de-duplicate
 * @param positionId the position this deal opened, changed or closed
 * @param symbol symbol name when the broker resolved it, else the broker's symbol id
 * @param side direction of the deal itself (a deal that closes a BUY position is a SELL)
 * @param volume filled volume in units of the base asset
 * @param price execution price, a real price; zero when the broker omits it
 * @param executedAt execution time
 * @param closing whether the deal closed (part of) a position
 * @param grossProfit realized gross profit in the deposit currency
 * @param swap realized swap, negative when charged
 * @param commission commission, negative when charged
 * @param netProfit gross profit plus swap plus commission (plus any conversion fee)
 * @param balanceAfter account balance after the deal, or {@code null} when the broker omits it
 */
public record Deal(
        String dealId,
        String positionId,
        String symbol,
        TradeSide side,
        BigDecimal volume,
        BigDecimal price,
        Instant executedAt,
        boolean closing,
        BigDecimal grossProfit,
        BigDecimal swap,
        BigDecimal commission,
        BigDecimal netProfit,
        BigDecimal balanceAfter) {

    public Deal {
        Objects.requireNonNull(dealId, "dealId");
        Objects.requireNonNull(positionId, "positionId");
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(volume, "volume");
        Objects.requireNonNull(price, "price");
        Objects.requireNonNull(executedAt, "executedAt");
        Objects.requireNonNull(grossProfit, "grossProfit");
        Objects.requireNonNull(swap, "swap");
        Objects.requireNonNull(commission, "commission");
        Objects.requireNonNull(netProfit, "netProfit");
    }
}
