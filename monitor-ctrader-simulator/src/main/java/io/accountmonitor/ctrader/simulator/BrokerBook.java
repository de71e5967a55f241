package io.accountmonitor.ctrader.simulator;

import io.accountmonitor.core.model.TradeSide;
import io.accountmonitor.ctrader.protocol.ProtoOAChangeBalanceType;
import io.accountmonitor.ctrader.protocol.ProtoOAClosePositionDetail;
import io.accountmonitor.ctrader.protocol.ProtoOADeal;
import io.accountmonitor.ctrader.protocol.ProtoOADealStatus;
import io.accountmonitor.ctrader.protocol.ProtoOADepositWithdraw;
import io.accountmonitor.ctrader.protocol.ProtoOAExecutionEvent;
import io.accountmonitor.ctrader.protocol.ProtoOAExecutionType;
import io.accountmonitor.ctrader.protocol.ProtoOAOrder;
import io.accountmonitor.ctrader.protocol.ProtoOAOrderStatus;
import io.accountmonitor.ctrader.protocol.ProtoOAOrderType;
import io.accountmonitor.ctrader.protocol.ProtoOAPosition;
import io.accountmonitor.ctrader.protocol.ProtoOAPositionStatus;
import io.accountmonitor.ctrader.protocol.ProtoOATradeData;
import io.accountmonitor.ctrader.protocol.ProtoOATradeSide;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Accounts, token grants and trading of the simulated broker. Trading methods change the account
 * and return the execution event to push. Not thread-safe: the simulator's lock guards it.
 */
final class BrokerBook {
    /** An OAuth grant: one access and refresh token pair and the accounts it opens. */
    static final class Grant {
        String accessToken;
        String refreshToken;
        final Set<Long> accounts;
        boolean accessTokenExpired;

        Grant(String accessToken, String refreshToken, Set<Long> accounts) {
            this.accessToken = accessToken;
            this.refreshToken = refreshToken;
            this.accounts = new LinkedHashSet<>(accounts);
        }
    }

    private final Clock clock;
    private final Map<Long, AccountState> accounts = new LinkedHashMap<>();
    private final Map<String, Grant> grantsByAccessToken = new HashMap<>();
    private final Map<String, Grant> grantsByRefreshToken = new HashMap<>();
    private long nextPositionId = 5_000_001;
    private long nextOrderId = 7_000_001;
    private long nextDealId = 9_000_001;
    private long nextBalanceHistoryId = 11_000_001;
    private long tokenSequence;

    BrokerBook(Clock clock) {
        this.clock = clock;
    }

    long nowMillis() {
        return clock.millis();
    }

    void addAccount(SimulatedAccount spec) {
        if (accounts.putIfAbsent(spec.accountId(), new AccountState(spec)) != null) {
            throw new IllegalArgumentException("account " + spec.accountId() + " is already simulated");
        }
    }

    void addGrant(String accessToken, String refreshToken, Set<Long> accountIds) {
        for (long id : accountIds) {
            account(id);
        }
        Grant grant = new Grant(accessToken, refreshToken, accountIds);
        grantsByAccessToken.put(accessToken, grant);
        if (refreshToken != null) {
            grantsByRefreshToken.put(refreshToken, grant);
        }
    }

    AccountState account(long accountId) {
        AccountState account = accounts.get(accountId);
        if (account == null) {
            throw new IllegalArgumentException("account " + accountId + " is not simulated; add it to the builder");
        }
        return account;
    }

    AccountState findAccount(long accountId) {
        return accounts.get(accountId);
    }

    Iterable<AccountState> accounts() {
        return accounts.values();
    }

    Grant grantOfAccessToken(String accessToken) {
        return accessToken == null ? null : grantsByAccessToken.get(accessToken);
    }

    /** Returns the grant that currently opens {@code accountId}, or {@code null}. */
    Grant grantOfAccount(long accountId) {
        for (Grant grant : grantsByAccessToken.values()) {
            if (grant.accounts.contains(accountId)) {
                return grant;
            }
        }
        return null;
    }

    /** The outcome of a refresh: the access token that stopped working and the renewed grant. */
    record Refreshed(String oldAccessToken, Grant grant) {
    }

    /**
     * Exchanges a refresh token for a new pair. Both old tokens stop working, as refresh tokens are
     * single-use. Returns {@code null} when the refresh token is unknown or was used already.
     */
    Refreshed refresh(String refreshToken) {
        Grant grant = grantsByRefreshToken.remove(refreshToken);
        if (grant == null) {
            return null;
        }
        String oldAccessToken = grant.accessToken;
        grantsByAccessToken.remove(oldAccessToken);
        tokenSequence++;
        grant.accessToken = "sim-access-" + tokenSequence;
        grant.refreshToken = "sim-refresh-" + tokenSequence;
        grant.accessTokenExpired = false;
        grantsByAccessToken.put(grant.accessToken, grant);
        grantsByRefreshToken.put(grant.refreshToken, grant);
        return new Refreshed(oldAccessToken, grant);
    }

    /** Makes {@code accessToken} unknown, as a revoked grant; returns whether it was known. */
    boolean revoke(String accessToken) {
        Grant grant = grantsByAccessToken.remove(accessToken);
        if (grant == null) {
            return false;
        }
        if (grant.refreshToken != null) {
            grantsByRefreshToken.remove(grant.refreshToken);
        }
        return true;
    }

    ProtoOAExecutionEvent openPosition(long accountId, long symbolId, TradeSide side, long volume, double price) {
        AccountState account = account(accountId);
        long now = nowMillis();
        long positionId = nextPositionId++;
        ProtoOATradeSide protoSide = side == TradeSide.BUY ? ProtoOATradeSide.BUY : ProtoOATradeSide.SELL;
        ProtoOATradeData tradeData = ProtoOATradeData.newBuilder()
                .setSymbolId(symbolId)
                .setVolume(volume)
                .setTradeSide(protoSide)
                .setOpenTimestamp(now)
                .build();
        // Margin at 1:100 leverage, in the deposit currency: volume is in hundredths of a unit.
        long usedMargin = account.scale(BigDecimal.valueOf(volume).movePointLeft(2)
                .multiply(BigDecimal.valueOf(price)).movePointLeft(2));
        ProtoOAPosition.Builder position = ProtoOAPosition.newBuilder()
                .setPositionId(positionId)
                .setTradeData(tradeData)
                .setPositionStatus(ProtoOAPositionStatus.POSITION_STATUS_OPEN)
                .setSwap(0)
                .setPrice(price)
                .setCommission(0)
                .setUsedMargin(usedMargin)
                .setUtcLastUpdateTimestamp(now);
        if (account.sentDigits() != null) {
            position.setMoneyDigits(account.sentDigits());
        }
        ProtoOAPosition opened = position.build();
        account.positions.put(positionId, opened);
        account.unrealized.put(positionId, new long[] {0, 0});

        long orderId = nextOrderId++;
        ProtoOADeal deal = deal(account, orderId, positionId, tradeData, protoSide, price, now).build();
        account.addDeal(deal);
        return ProtoOAExecutionEvent.newBuilder()
                .setCtidTraderAccountId(accountId)
                .setExecutionType(ProtoOAExecutionType.ORDER_FILLED)
                .setPosition(opened)
                .setOrder(order(orderId, tradeData, positionId, price, false))
                .setDeal(deal)
                .build();
    }

    ProtoOAExecutionEvent closePosition(long accountId, long positionId, BigDecimal grossProfit) {
        AccountState account = account(accountId);
        ProtoOAPosition position = account.positions.remove(positionId);
        if (position == null) {
            throw new IllegalArgumentException("account " + accountId + " has no open position " + positionId);
        }
        account.unrealized.remove(positionId);
        long now = nowMillis();
        long gross = account.scale(grossProfit);
        long swap = position.getSwap();
        long commission = position.getCommission();
        account.balance += gross + swap + commission;
        account.balanceVersion++;

        ProtoOATradeData opening = position.getTradeData();
        ProtoOATradeSide closingSide =
                opening.getTradeSide() == ProtoOATradeSide.BUY ? ProtoOATradeSide.SELL : ProtoOATradeSide.BUY;
        ProtoOATradeData closingTrade = opening.toBuilder().setTradeSide(closingSide).build();
        ProtoOAClosePositionDetail.Builder detail = ProtoOAClosePositionDetail.newBuilder()
                .setEntryPrice(position.getPrice())
                .setGrossProfit(gross)
                .setSwap(swap)
                .setCommission(commission)
                .setBalance(account.balance)
                .setClosedVolume(opening.getVolume())
                .setBalanceVersion(account.balanceVersion);
        if (account.sentDigits() != null) {
            detail.setMoneyDigits(account.sentDigits());
        }
        long orderId = nextOrderId++;
        ProtoOADeal deal = deal(account, orderId, positionId, closingTrade, closingSide, position.getPrice(), now)
                .setClosePositionDetail(detail)
                .build();
        account.addDeal(deal);
        ProtoOAPosition closed = position.toBuilder()
                .setPositionStatus(ProtoOAPositionStatus.POSITION_STATUS_CLOSED)
                .setTradeData(opening.toBuilder().setCloseTimestamp(now))
                .setUtcLastUpdateTimestamp(now)
                .build();
        return ProtoOAExecutionEvent.newBuilder()
                .setCtidTraderAccountId(accountId)
                .setExecutionType(ProtoOAExecutionType.ORDER_FILLED)
                .setPosition(closed)
                .setOrder(order(orderId, closingTrade, positionId, position.getPrice(), true))
                .setDeal(deal)
                .build();
    }

    ProtoOAExecutionEvent depositOrWithdraw(long accountId, BigDecimal delta) {
        AccountState account = account(accountId);
        long scaledDelta = account.scale(delta);
        account.balance += scaledDelta;
        account.balanceVersion++;
        ProtoOADepositWithdraw.Builder change = ProtoOADepositWithdraw.newBuilder()
                .setOperationType(scaledDelta >= 0
                        ? ProtoOAChangeBalanceType.BALANCE_DEPOSIT
                        : ProtoOAChangeBalanceType.BALANCE_WITHDRAW)
                .setBalanceHistoryId(nextBalanceHistoryId++)
                .setBalance(account.balance)
                .setDelta(Math.abs(scaledDelta))
                .setChangeBalanceTimestamp(nowMillis())
                .setBalanceVersion(account.balanceVersion);
        if (account.sentDigits() != null) {
            change.setMoneyDigits(account.sentDigits());
        }
        return ProtoOAExecutionEvent.newBuilder()
                .setCtidTraderAccountId(accountId)
                .setExecutionType(ProtoOAExecutionType.DEPOSIT_WITHDRAW)
                .setDepositWithdraw(change)
                .build();
    }

    private ProtoOADeal.Builder deal(AccountState account, long orderId, long positionId, ProtoOATradeData trade,
            ProtoOATradeSide side, double price, long now) {
        ProtoOADeal.Builder deal = ProtoOADeal.newBuilder()
                .setDealId(nextDealId++)
                .setOrderId(orderId)
                .setPositionId(positionId)
                .setVolume(trade.getVolume())
                .setFilledVolume(trade.getVolume())
                .setSymbolId(trade.getSymbolId())
                .setCreateTimestamp(now)
                .setExecutionTimestamp(now)
                .setExecutionPrice(price)
                .setTradeSide(side)
                .setDealStatus(ProtoOADealStatus.FILLED)
                .setCommission(0);
        if (account.sentDigits() != null) {
            deal.setMoneyDigits(account.sentDigits());
        }
        return deal;
    }

    private static ProtoOAOrder order(long orderId, ProtoOATradeData trade, long positionId, double price,
            boolean closing) {
        return ProtoOAOrder.newBuilder()
                .setOrderId(orderId)
                .setTradeData(trade)
                .setOrderType(ProtoOAOrderType.MARKET)
                .setOrderStatus(ProtoOAOrderStatus.ORDER_STATUS_FILLED)
                .setExecutionPrice(price)
                .setExecutedVolume(trade.getVolume())
                .setClosingOrder(closing)
                .setPositionId(positionId)
                .build();
    }
}
