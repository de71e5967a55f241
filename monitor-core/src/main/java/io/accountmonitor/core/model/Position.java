package io.accountmonitor.core.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * One open position.
 *
 * @param positionId broker id of the position, unique within the account
 * @param symbol symbol name when the broker resolved it, else the broker's symbol id
 * @param side direction
 * @param volume volume in units of the base asset (cTrader sends hundredths; the adapter scales)
 * @param entryPrice volume-weighted entry price, a real price; zero when the broker omits it
 * @param unrealizedPnl net unrealized profit in the deposit currency, zero when unknown
 * @param swap accumulated swap in the deposit currency, negative when charged
 * @param commission commission charged so far, negative when charged
 * @param usedMargin margin this position uses, in the deposit currency
 * @param openedAt when the position was opened; {@link Instant#EPOCH} when the broker omits it
 */
public record Position(
        String positionId,
        String symbol,
        TradeSide side,
        BigDecimal volume,
        BigDecimal entryPrice,
        BigDecimal unrealizedPnl,
        BigDecimal swap,
        BigDecimal commission,
        BigDecimal usedMargin,
        Instant openedAt) {

    public Position {
        Objects.requireNonNull(positionId, "positionId");
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(volume, "volume");
        Objects.requireNonNull(entryPrice, "entryPrice");
        Objects.requireNonNull(unrealizedPnl, "unrealizedPnl");
        Objects.requireNonNull(swap, "swap");
        Objects.requireNonNull(commission, "commission");
        Objects.requireNonNull(usedMargin, "usedMargin");
        Objects.requireNonNull(openedAt, "openedAt");
    }
}
