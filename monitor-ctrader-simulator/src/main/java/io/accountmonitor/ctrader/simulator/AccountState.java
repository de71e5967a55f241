package io.accountmonitor.ctrader.simulator;

import io.accountmonitor.ctrader.protocol.ProtoOADeal;
import io.accountmonitor.ctrader.protocol.ProtoOAPosition;
import io.accountmonitor.ctrader.protocol.ProtoOAPositionStatus;
import io.accountmonitor.ctrader.protocol.ProtoOATrader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The current state of one simulated account. Money is kept as the integers the wire carries,
 * scaled by {@link #digits()}. Not thread-safe: the simulator's lock guards every instance.
 */
final class AccountState {
    private static final Comparator<ProtoOADeal> DEAL_ORDER =
            Comparator.comparingLong(ProtoOADeal::getExecutionTimestamp).thenComparingLong(ProtoOADeal::getDealId);

    final SimulatedAccount spec;
    final Map<Long, String> symbols;
    final Map<Long, ProtoOAPosition> positions = new TreeMap<>();
    /** Unrealized profit per open position: index 0 is gross, 1 is net, both scaled. */
    final Map<Long, long[]> unrealized = new HashMap<>();
    private final List<ProtoOADeal> deals = new ArrayList<>();
    long balance;
    long balanceVersion = 1;

    AccountState(SimulatedAccount spec) {
        this.spec = spec;
        this.symbols = new LinkedHashMap<>(spec.symbols());
        this.balance = scale(spec.balance());
    }

    long id() {
        return spec.accountId();
    }

    int digits() {
        return spec.effectiveMoneyDigits();
    }

    /** Returns the money digits to put on the wire, or {@code null} to omit the field. */
    Integer sentDigits() {
        return spec.moneyDigits();
    }

    long scale(BigDecimal amount) {
        return amount.setScale(digits(), RoundingMode.HALF_EVEN).unscaledValue().longValueExact();
    }

    BigDecimal unscale(long value) {
        return BigDecimal.valueOf(value, digits());
    }

    ProtoOATrader trader() {
        ProtoOATrader.Builder trader = ProtoOATrader.newBuilder()
                .setCtidTraderAccountId(id())
                .setBalance(balance)
                .setBalanceVersion(balanceVersion)
                .setDepositAssetId(spec.depositAssetId())
                .setLeverageInCents(10_000)
                .setTraderLogin(spec.traderLogin())
                .setBrokerName(spec.brokerName())
                .setRegistrationTimestamp(spec.registeredAt().toEpochMilli());
        if (sentDigits() != null) {
            trader.setMoneyDigits(sentDigits());
        }
        return trader.build();
    }

    List<ProtoOAPosition> openPositions() {
        List<ProtoOAPosition> open = new ArrayList<>();
        for (ProtoOAPosition position : positions.values()) {
            if (position.getPositionStatus() == ProtoOAPositionStatus.POSITION_STATUS_OPEN) {
                open.add(position);
            }
        }
        return open;
    }

    void addDeal(ProtoOADeal deal) {
        int index = 0;
        while (index < deals.size() && DEAL_ORDER.compare(deals.get(index), deal) <= 0) {
            index++;
        }
        deals.add(index, deal);
    }

    int dealCount() {
        return deals.size();
    }

    /** Returns the deals executed from {@code fromMillis} to {@code toMillis}, both inclusive, oldest first. */
    List<ProtoOADeal> dealsBetween(long fromMillis, long toMillis) {
        List<ProtoOADeal> matched = new ArrayList<>();
        for (ProtoOADeal deal : deals) {
            long executed = deal.getExecutionTimestamp();
            if (executed >= fromMillis && executed <= toMillis) {
                matched.add(deal);
            }
        }
        return matched;
    }
}
