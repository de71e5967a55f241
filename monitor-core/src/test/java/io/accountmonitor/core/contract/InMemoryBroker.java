package io.accountmonitor.core.contract;

import io.accountmonitor.core.model.AccountId;
import io.accountmonitor.core.model.AccountSnapshot;
import io.accountmonitor.core.model.Deal;
import io.accountmonitor.core.model.DealCursor;
import io.accountmonitor.core.model.Position;
import io.accountmonitor.core.model.TradeSide;
import io.accountmonitor.core.spi.AccountSource;
import io.accountmonitor.core.spi.BrokerException;
import io.accountmonitor.core.spi.ErrorCategory;
import io.accountmonitor.core.spi.SourceListener;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A broker and its source in one object, in memory, that keeps the {@link AccountSource}
 * contract: the reference that {@link BrokerContractTest} is checked against. Each account has one
 * open position and a growing list of deals; time moves one second per deal. A {@link Fault}
 * breaks one rule on purpose, to prove that the contract test notices. Thread-safe.
 */
final class InMemoryBroker implements AccountSource {
    /** One rule of the contract that the broker breaks on purpose. */
    enum Fault {
        NONE,
        EQUITY_WITHOUT_UNREALIZED,
        UNKNOWN_ACCOUNT_UNAVAILABLE,
        DEALS_REPEATED_AFTER_CURSOR,
        NO_ACCOUNT_EVENT,
        CLOSE_LEAVES_FETCH_PENDING
    }

    private static final BigDecimal UNREALIZED = new BigDecimal("5.00");
    private static final BigDecimal MARGIN = new BigDecimal("100.00");

    private final Map<AccountId, List<Deal>> deals = new LinkedHashMap<>();
    private final Map<AccountId, BigDecimal> balances = new LinkedHashMap<>();
    private final List<CompletableFuture<AccountSnapshot>> held = new ArrayList<>();
    private Instant now = Instant.parse("2026-01-05T00:00:00Z");
    private long nextDealId = 1;
    private SourceListener listener;
    private boolean holding;
    private boolean closed;
    private final Fault fault;

    InMemoryBroker(List<AccountId> accounts, Fault fault) {
        this.fault = fault;
        for (AccountId account : accounts) {
            deals.put(account, new ArrayList<>());
            balances.put(account, new BigDecimal("1000.00"));
        }
    }

    @Override
    public synchronized void start(SourceListener sourceListener) {
        this.listener = sourceListener;
        sourceListener.accountsChanged(Set.copyOf(deals.keySet()));
    }

    @Override
    public synchronized CompletionStage<AccountSnapshot> fetch(AccountId account, DealCursor since) {
        if (closed) {
            return CompletableFuture.failedFuture(new BrokerException(ErrorCategory.UNAVAILABLE, "", "closed"));
        }
        if (!deals.containsKey(account)) {
            ErrorCategory category = fault == Fault.UNKNOWN_ACCOUNT_UNAVAILABLE
                    ? ErrorCategory.UNAVAILABLE
                    : ErrorCategory.NOT_FOUND;
            return CompletableFuture.failedFuture(new BrokerException(category, "",
                    "account " + account + " is not served"));
        }
        if (holding) {
            CompletableFuture<AccountSnapshot> pending = new CompletableFuture<>();
            held.add(pending);
            return pending;
        }
        List<Deal> newDeals = fault == Fault.DEALS_REPEATED_AFTER_CURSOR
                ? List.copyOf(deals.get(account))
                : deals.get(account).stream().filter(since::isNew).toList();
        BigDecimal balance = balances.get(account);
        BigDecimal equity = fault == Fault.EQUITY_WITHOUT_UNREALIZED ? balance : balance.add(UNREALIZED);
        Position position = new Position("1", "EURUSD", TradeSide.BUY, BigDecimal.TEN, BigDecimal.ONE, UNREALIZED,
                BigDecimal.ZERO, BigDecimal.ZERO, MARGIN, Instant.EPOCH);
        return CompletableFuture.completedFuture(new AccountSnapshot(account, "USD", balance, equity, MARGIN,
                equity.subtract(MARGIN), equity.multiply(BigDecimal.valueOf(100)).divide(MARGIN, 2, RoundingMode.HALF_EVEN),
                UNREALIZED, List.of(position), newDeals, since.advance(newDeals), nextDealId, now));
    }

    @Override
    public void close() {
        List<CompletableFuture<AccountSnapshot>> pending;
        synchronized (this) {
            closed = true;
            pending = List.copyOf(held);
            held.clear();
        }
        if (fault == Fault.CLOSE_LEAVES_FETCH_PENDING) {
            return;
        }
        pending.forEach(future -> future.completeExceptionally(
                new BrokerException(ErrorCategory.UNAVAILABLE, "", "closed while waiting")));
    }

    synchronized Instant now() {
        return now;
    }

    synchronized void holdReplies() {
        holding = true;
    }

    void produceDeal(AccountId account) {
        SourceListener target;
        synchronized (this) {
            now = now.plusSeconds(1);
            BigDecimal profit = new BigDecimal("12.50");
            BigDecimal balance = balances.get(account).add(profit);
            balances.put(account, balance);
            deals.get(account).add(new Deal(Long.toString(nextDealId++), "1", "EURUSD", TradeSide.SELL, BigDecimal.TEN,
                    BigDecimal.ONE, now, true, profit, BigDecimal.ZERO, BigDecimal.ZERO, profit, balance));
            target = listener;
        }
        if (fault != Fault.NO_ACCOUNT_EVENT) {
            target.accountChanged(account, "execution");
        }
    }
}
