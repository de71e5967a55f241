package io.accountmonitor.ctrader;

import com.google.protobuf.MessageLite;
import io.accountmonitor.core.model.AccountId;
import io.accountmonitor.core.model.AccountSnapshot;
import io.accountmonitor.core.model.Deal;
import io.accountmonitor.core.model.DealCursor;
import io.accountmonitor.core.model.Position;
import io.accountmonitor.core.spi.BrokerException;
import io.accountmonitor.core.spi.ErrorCategory;
import io.accountmonitor.core.spi.Metrics;
import io.accountmonitor.core.spi.TimerService;
import io.accountmonitor.ctrader.protocol.ProtoMessage;
import io.accountmonitor.ctrader.protocol.ProtoOAAsset;
import io.accountmonitor.ctrader.protocol.ProtoOAAssetListReq;
import io.accountmonitor.ctrader.protocol.ProtoOAAssetListRes;
import io.accountmonitor.ctrader.protocol.ProtoOADeal;
import io.accountmonitor.ctrader.protocol.ProtoOADealStatus;
import io.accountmonitor.ctrader.protocol.ProtoOAGetPositionUnrealizedPnLReq;
import io.accountmonitor.ctrader.protocol.ProtoOAGetPositionUnrealizedPnLRes;
import io.accountmonitor.ctrader.protocol.ProtoOALightSymbol;
import io.accountmonitor.ctrader.protocol.ProtoOAPayloadType;
import io.accountmonitor.ctrader.protocol.ProtoOAPosition;
import io.accountmonitor.ctrader.protocol.ProtoOAPositionStatus;
import io.accountmonitor.ctrader.protocol.ProtoOAPositionUnrealizedPnL;
import io.accountmonitor.ctrader.protocol.ProtoOAReconcileReq;
import io.accountmonitor.ctrader.protocol.ProtoOAReconcileRes;
import io.accountmonitor.ctrader.protocol.ProtoOASymbolsListReq;
import io.accountmonitor.ctrader.protocol.ProtoOASymbolsListRes;
import io.accountmonitor.ctrader.protocol.ProtoOATrader;
import io.accountmonitor.ctrader.protocol.ProtoOATraderReq;
import io.accountmonitor.ctrader.protocol.ProtoOATraderRes;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One check of one account: sends the trader, reconcile and unrealized P&L requests together,
 * with the asset and symbol lists when they are not cached and, when {@link DealSync} says a deal
 * may have happened, the deal list since the cursor; then assembles an {@link AccountSnapshot}.
 *
 * <p>Equity is balance plus the net unrealized profit of the open positions; used margin is the
 * sum of the positions' used margin; free margin is equity minus used margin; margin level is
 * equity divided by used margin times 100, rounded to 2 decimals, and {@code null} without margin.
 *
 * <p>The check fails with the first {@link BrokerException} of any request and then cancels the
 * requests still waiting for the rate limit. A failed symbol list only costs the symbol names.
 */
final class AccountCheck {
    private static final Logger LOG = LoggerFactory.getLogger(AccountCheck.class);
    /**
     * Deal-list requests one check sends at most, before it stops at a window boundary: about
     * 8 weeks of history, or under 3 seconds of the historical budget. An older cursor is caught up
     * over several checks, each well inside checkTimeout.
     */
    static final int MAX_DEAL_REQUESTS = 8;
    /**
     * How far behind the check's start the cursor stops when no newer deal was read. Deal times
     * come from the server's clock, so a host clock ahead by less than this loses no deal.
     */
    static final long CLOCK_SKEW_MARGIN_MILLIS = 3_600_000L;

    private static final Comparator<Deal> DEAL_ORDER = Comparator.comparing(Deal::executedAt)
            .thenComparing(deal -> Long.parseLong(deal.dealId()));

    private final long accountId;
    private final AccountId account;
    private final DealCursor since;
    private final long connectionId;
    private final Session session;
    private final AccountCaches caches;
    private final CtraderSettings settings;
    private final Clock clock;
    private final TimerService timer;
    private final DealSync dealSync;
    private final Metrics metrics;
    private final Runnable dealsPending;
    private final List<CompletableFuture<ProtoMessage>> requests = new CopyOnWriteArrayList<>();

    /**
     * The deals a check read.
     *
     * @param deals the deals, by deal id
     * @param floorMillis every deal executed before this time was read; the cursor moves there at least
     * @param complete whether every deal up to the check's start was read
     */
    private record DealRead(List<ProtoOADeal> deals, long floorMillis, boolean complete) {
    }

    /**
     * @param dealsPending called when this check read only part of the deal history, so that
     *     another check follows soon and reads on from where this one stopped
     */
    AccountCheck(long accountId, DealCursor since, long connectionId, Session session, AccountCaches caches,
            CtraderSettings settings, Clock clock, TimerService timer, DealSync dealSync, Metrics metrics,
            Runnable dealsPending) {
        this.accountId = accountId;
        this.account = AccountId.of(accountId);
        this.since = since;
        this.connectionId = connectionId;
        this.session = session;
        this.caches = caches;
        this.settings = settings;
        this.clock = clock;
        this.timer = timer;
        this.dealSync = dealSync;
        this.metrics = metrics;
        this.dealsPending = dealsPending;
    }

    CompletableFuture<AccountSnapshot> run() {
        CompletableFuture<ProtoOATrader> trader = send(ProtoOAPayloadType.PROTO_OA_TRADER_REQ,
                ProtoOATraderReq.newBuilder().setCtidTraderAccountId(accountId).build())
                .thenApply(reply -> {
                    ProtoOATrader parsed = Replies.parse(reply, ProtoOAPayloadType.PROTO_OA_TRADER_RES,
                            ProtoOATraderRes.parser()).getTrader();
                    caches.putRegistrationMillis(accountId,
                            parsed.hasRegistrationTimestamp() ? parsed.getRegistrationTimestamp() : 0);
                    return parsed;
                });
        CompletableFuture<ProtoOAReconcileRes> positions = send(ProtoOAPayloadType.PROTO_OA_RECONCILE_REQ,
                ProtoOAReconcileReq.newBuilder().setCtidTraderAccountId(accountId).setReturnProtectionOrders(false)
                        .build())
                .thenApply(reply -> Replies.parse(reply, ProtoOAPayloadType.PROTO_OA_RECONCILE_RES,
                        ProtoOAReconcileRes.parser()));
        CompletableFuture<ProtoOAGetPositionUnrealizedPnLRes> unrealized = send(
                ProtoOAPayloadType.PROTO_OA_GET_POSITION_UNREALIZED_PNL_REQ,
                ProtoOAGetPositionUnrealizedPnLReq.newBuilder().setCtidTraderAccountId(accountId).build())
                .thenApply(reply -> Replies.parse(reply, ProtoOAPayloadType.PROTO_OA_GET_POSITION_UNREALIZED_PNL_RES,
                        ProtoOAGetPositionUnrealizedPnLRes.parser()));
        CompletableFuture<Map<Long, String>> assets = assets();
        CompletableFuture<Map<Long, String>> symbols = symbols();
        long startNanos = timer.nanoTime();
        long executionsAtStart = dealSync.executionCount(accountId);
        String upFront = dealSync.readUpFront(accountId, since, executionsAtStart, startNanos);
        boolean[] dealsRead = {upFront != null};
        CompletableFuture<DealRead> deals;
        if (upFront != null) {
            // Sent together with the other requests, so the check still takes one round trip.
            metrics.counter("ctrader.deal.reads", "reason", upFront).increment();
            deals = readDeals(trader);
        } else {
            deals = trader.thenCombine(positions, (loadedTrader, loadedPositions) ->
                            dealSync.changedSinceRead(accountId, loadedTrader, loadedPositions))
                    .thenCompose(changed -> {
                        if (!changed) {
                            metrics.counter("ctrader.deal.reads.skipped").increment();
                            return CompletableFuture.completedFuture(
                                    new DealRead(List.of(), since.since().toEpochMilli(), true));
                        }
                        metrics.counter("ctrader.deal.reads", "reason", "changed").increment();
                        dealsRead[0] = true;
                        return readDeals(trader);
                    });
        }

        CompletableFuture<AccountSnapshot> snapshot = allOrFirstFailure(trader, positions, unrealized, assets, symbols,
                deals).thenApply(done -> {
                    DealRead read = deals.join();
                    AccountSnapshot assembled = assemble(trader.join(), positions.join(), unrealized.join(),
                            assets.join(), symbols.join(), read);
                    if (!read.complete()) {
                        dealSync.readPartly(accountId);
                        dealsPending.run();
                    } else if (dealsRead[0]) {
                        dealSync.read(accountId, trader.join(), positions.join(), assembled.dealCursor(), startNanos,
                                executionsAtStart);
                    }
                    return assembled;
                });
        snapshot.whenComplete((value, error) -> {
            if (error != null) {
                cancel();
            }
        });
        return snapshot;
    }

    /** Abandons the requests of this check that were not sent yet. */
    void cancel() {
        BrokerException cancelled = new BrokerException(ErrorCategory.UNAVAILABLE, "",
                "the check of account " + accountId + " was abandoned");
        requests.forEach(request -> request.completeExceptionally(cancelled));
    }

    private CompletableFuture<ProtoMessage> send(ProtoOAPayloadType type, MessageLite payload) {
        CompletableFuture<ProtoMessage> reply = session.request(connectionId, type, payload, accountId);
        requests.add(reply);
        return reply;
    }

    private CompletableFuture<Map<Long, String>> assets() {
        return caches.assets(accountId).map(CompletableFuture::completedFuture).orElseGet(() ->
                send(ProtoOAPayloadType.PROTO_OA_ASSET_LIST_REQ,
                        ProtoOAAssetListReq.newBuilder().setCtidTraderAccountId(accountId).build())
                        .thenApply(reply -> {
                            ProtoOAAssetListRes list = Replies.parse(reply, ProtoOAPayloadType.PROTO_OA_ASSET_LIST_RES,
                                    ProtoOAAssetListRes.parser());
                            Map<Long, String> names = new HashMap<>();
                            for (ProtoOAAsset asset : list.getAssetList()) {
                                names.put(asset.getAssetId(), asset.getName());
                            }
                            caches.putAssets(accountId, names);
                            return names;
                        }));
    }

    private CompletableFuture<Map<Long, String>> symbols() {
        if (!settings.resolveSymbolNames()) {
            return CompletableFuture.completedFuture(Map.of());
        }
        return caches.symbols(accountId).map(CompletableFuture::completedFuture).orElseGet(() ->
                send(ProtoOAPayloadType.PROTO_OA_SYMBOLS_LIST_REQ,
                        ProtoOASymbolsListReq.newBuilder().setCtidTraderAccountId(accountId).build())
                        .thenApply(reply -> {
                            ProtoOASymbolsListRes list = Replies.parse(reply,
                                    ProtoOAPayloadType.PROTO_OA_SYMBOLS_LIST_RES, ProtoOASymbolsListRes.parser());
                            Map<Long, String> names = new HashMap<>();
                            for (ProtoOALightSymbol symbol : list.getSymbolList()) {
                                if (symbol.hasSymbolName()) {
                                    names.put(symbol.getSymbolId(), symbol.getSymbolName());
                                }
                            }
                            caches.putSymbols(accountId, names, timer.nanoTime());
                            return names;
                        })
                        .exceptionally(error -> {
                            LOG.debug("Symbol list of account {} failed; using symbol ids this time: {}", accountId,
                                    BrokerFailures.unwrap(error).getMessage());
                            return Map.of();
                        }));
    }

    private CompletableFuture<DealRead> readDeals(CompletableFuture<ProtoOATrader> trader) {
        return caches.registrationMillis(accountId)
                .map(this::deals)
                .orElseGet(() -> trader.thenCompose(loaded -> deals(caches.registrationMillis(accountId).orElse(0L))));
    }

    private CompletableFuture<DealRead> deals(long registrationMillis) {
        long from = Math.max(since.since().toEpochMilli(), registrationMillis);
        long to = clock.millis();
        return new DealHistory(this::send, accountId, settings.dealPageSize(), MAX_DEAL_REQUESTS).fetch(from, to)
                .thenApply(result -> new DealRead(result.deals(),
                        Math.min(result.readUntilMillis(), to - CLOCK_SKEW_MARGIN_MILLIS), result.complete()));
    }

    private AccountSnapshot assemble(ProtoOATrader trader, ProtoOAReconcileRes reconcile,
            ProtoOAGetPositionUnrealizedPnLRes unrealized, Map<Long, String> assets, Map<Long, String> symbols,
            DealRead read) {
        String currency = assets.get(trader.getDepositAssetId());
        if (currency == null || currency.isBlank()) {
            throw new BrokerException(ErrorCategory.PROTOCOL, "", "deposit asset " + trader.getDepositAssetId()
                    + " of account " + accountId + " is missing from its asset list");
        }
        BigDecimal balance = ModelMapper.money(trader.getBalance(), trader.hasMoneyDigits(), trader.getMoneyDigits());
        BigDecimal zero = BigDecimal.ZERO.setScale(balance.scale());

        Map<Long, BigDecimal> unrealizedByPosition = new HashMap<>();
        for (ProtoOAPositionUnrealizedPnL pnl : unrealized.getPositionUnrealizedPnLList()) {
            unrealizedByPosition.put(pnl.getPositionId(),
                    BigDecimal.valueOf(pnl.getNetUnrealizedPnL(), unrealized.getMoneyDigits()));
        }
        List<Position> positions = new ArrayList<>();
        BigDecimal unrealizedTotal = zero;
        BigDecimal usedMargin = zero;
        boolean symbolMissing = false;
        for (ProtoOAPosition position : reconcile.getPositionList()) {
            if (position.getPositionStatus() != ProtoOAPositionStatus.POSITION_STATUS_OPEN) {
                continue;
            }
            BigDecimal pnl = unrealizedByPosition.getOrDefault(position.getPositionId(), zero);
            Position mapped = ModelMapper.position(position, pnl, symbols);
            positions.add(mapped);
            unrealizedTotal = unrealizedTotal.add(pnl);
            usedMargin = usedMargin.add(mapped.usedMargin());
            symbolMissing |= !symbols.containsKey(position.getTradeData().getSymbolId());
        }
        positions.sort(Comparator.comparingLong(position -> Long.parseLong(position.positionId())));

        List<Deal> deals = new ArrayList<>();
        for (ProtoOADeal deal : read.deals()) {
            if (deal.getDealStatus() != ProtoOADealStatus.FILLED
                    && deal.getDealStatus() != ProtoOADealStatus.PARTIALLY_FILLED) {
                continue;
            }
            Deal mapped = ModelMapper.deal(deal, symbols);
            if (since.isNew(mapped)) {
                deals.add(mapped);
                symbolMissing |= !symbols.containsKey(deal.getSymbolId());
            }
        }
        deals.sort(DEAL_ORDER);
        if (symbolMissing && settings.resolveSymbolNames()) {
            caches.symbolMissing(accountId, timer.nanoTime());
        }

        BigDecimal equity = balance.add(unrealizedTotal);
        BigDecimal freeMargin = equity.subtract(usedMargin);
        BigDecimal marginLevel = usedMargin.signum() == 0
                ? null
                : equity.multiply(BigDecimal.valueOf(100)).divide(usedMargin, 2, RoundingMode.HALF_EVEN);
        return new AccountSnapshot(account, currency, balance, equity, usedMargin, freeMargin, marginLevel,
                unrealizedTotal, positions, deals, cursorAfter(deals, read.floorMillis()),
                trader.hasBalanceVersion() ? trader.getBalanceVersion() : 0, clock.instant());
    }

    /**
     * Returns the cursor after {@code deals}, moved on to {@code floorMillis} when the newest deal is
     * older: every deal before the floor was read, so an account without deals for months does
     * not read those months again after a restart.
     */
    private DealCursor cursorAfter(List<Deal> deals, long floorMillis) {
        DealCursor advanced = since.advance(deals);
        Instant floor = Instant.ofEpochMilli(floorMillis);
        return advanced.since().isBefore(floor) ? DealCursor.startingAt(floor) : advanced;
    }

    /** Completes when all complete, or fails as soon as the first one fails. */
    private static CompletableFuture<Void> allOrFirstFailure(CompletableFuture<?>... stages) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        CompletableFuture.allOf(stages).whenComplete((done, error) -> {
            if (error == null) {
                result.complete(null);
            } else {
                result.completeExceptionally(error);
            }
        });
        for (CompletableFuture<?> stage : stages) {
            stage.whenComplete((value, error) -> {
                if (error != null) {
                    result.completeExceptionally(error);
                }
            });
        }
        return result;
    }
}
