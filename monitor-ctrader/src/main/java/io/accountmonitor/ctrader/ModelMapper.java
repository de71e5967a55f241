package io.accountmonitor.ctrader;

import io.accountmonitor.core.model.Deal;
import io.accountmonitor.core.model.Position;
import io.accountmonitor.core.model.TradeSide;
import io.accountmonitor.ctrader.protocol.ProtoOAClosePositionDetail;
import io.accountmonitor.ctrader.protocol.ProtoOADeal;
import io.accountmonitor.ctrader.protocol.ProtoOAPosition;
import io.accountmonitor.ctrader.protocol.ProtoOATradeData;
import io.accountmonitor.ctrader.protocol.ProtoOATradeSide;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/**
 * Converts Open API entities to the core model. Money fields are integers scaled by the
 * {@code moneyDigits} of the entity that carries them, 2 when it is absent; volumes are in
 * hundredths of a unit; times are epoch milliseconds; prices are real numbers.
 */
final class ModelMapper {
    /** The scale assumed when an entity omits {@code moneyDigits}, as Spotware's own SDK does. */
    static final int DEFAULT_MONEY_DIGITS = 2;
    /** Volumes are in hundredths of a unit: 1000 means 10.00 units. */
    static final int VOLUME_SCALE = 2;

    private ModelMapper() {
    }

    static BigDecimal money(long value, boolean hasDigits, int digits) {
        return BigDecimal.valueOf(value, hasDigits ? digits : DEFAULT_MONEY_DIGITS);
    }

    static BigDecimal volume(long hundredths) {
        return BigDecimal.valueOf(hundredths, VOLUME_SCALE);
    }

    static BigDecimal price(boolean present, double value) {
        return present ? BigDecimal.valueOf(value) : BigDecimal.ZERO;
    }

    static TradeSide side(ProtoOATradeSide side) {
        return side == ProtoOATradeSide.SELL ? TradeSide.SELL : TradeSide.BUY;
    }

    static String symbol(long symbolId, Map<Long, String> names) {
        String name = names.get(symbolId);
        return name == null || name.isBlank() ? Long.toString(symbolId) : name;
    }

    /** Maps an open position; {@code unrealizedPnl} comes from the separate unrealized P&L reply. */
    static Position position(ProtoOAPosition position, BigDecimal unrealizedPnl, Map<Long, String> symbols) {
        ProtoOATradeData trade = position.getTradeData();
        boolean digits = position.hasMoneyDigits();
        int moneyDigits = position.getMoneyDigits();
        return new Position(
                Long.toString(position.getPositionId()),
                symbol(trade.getSymbolId(), symbols),
                side(trade.getTradeSide()),
                volume(trade.getVolume()),
                price(position.hasPrice(), position.getPrice()),
                unrealizedPnl,
                money(position.getSwap(), digits, moneyDigits),
                money(position.getCommission(), digits, moneyDigits),
                money(position.getUsedMargin(), digits, moneyDigits),
                trade.hasOpenTimestamp() ? Instant.ofEpochMilli(trade.getOpenTimestamp()) : Instant.EPOCH);
    }

    /**
     * Maps a deal. A closing deal takes its realized figures from {@code closePositionDetail}, with
     * that entity's own {@code moneyDigits}; an opening deal has zero profit and swap, and its
     * commission, which is also its net result.
     */
    static Deal deal(ProtoOADeal deal, Map<Long, String> symbols) {
        BigDecimal gross;
        BigDecimal swap;
        BigDecimal commission;
        BigDecimal net;
        BigDecimal balanceAfter;
        if (deal.hasClosePositionDetail()) {
            ProtoOAClosePositionDetail detail = deal.getClosePositionDetail();
            boolean digits = detail.hasMoneyDigits();
            int moneyDigits = detail.getMoneyDigits();
            gross = money(detail.getGrossProfit(), digits, moneyDigits);
            swap = money(detail.getSwap(), digits, moneyDigits);
            commission = money(detail.getCommission(), digits, moneyDigits);
            BigDecimal conversionFee = money(detail.getPnlConversionFee(), digits, moneyDigits);
            net = gross.add(swap).add(commission).add(conversionFee);
            balanceAfter = money(detail.getBalance(), digits, moneyDigits);
        } else {
            commission = money(deal.getCommission(), deal.hasMoneyDigits(), deal.getMoneyDigits());
            gross = BigDecimal.ZERO.setScale(commission.scale());
            swap = gross;
            net = commission;
            balanceAfter = null;
        }
        return new Deal(
                Long.toString(deal.getDealId()),
                Long.toString(deal.getPositionId()),
                symbol(deal.getSymbolId(), symbols),
                side(deal.getTradeSide()),
                volume(deal.getFilledVolume()),
                price(deal.hasExecutionPrice(), deal.getExecutionPrice()),
                Instant.ofEpochMilli(deal.getExecutionTimestamp()),
                deal.hasClosePositionDetail(),
                gross,
                swap,
                commission,
                net,
                balanceAfter);
    }
}
