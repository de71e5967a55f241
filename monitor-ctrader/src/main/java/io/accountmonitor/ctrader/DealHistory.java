package io.accountmonitor.ctrader;

import com.google.protobuf.MessageLite;
import io.accountmonitor.core.spi.BrokerException;
import io.accountmonitor.core.spi.ErrorCategory;
import io.accountmonitor.ctrader.protocol.ProtoMessage;
import io.accountmonitor.ctrader.protocol.ProtoOADeal;
import io.accountmonitor.ctrader.protocol.ProtoOADealListReq;
import io.accountmonitor.ctrader.protocol.ProtoOADealListRes;
import io.accountmonitor.ctrader.protocol.ProtoOAPayloadType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * Reads the deals of one account between two times with {@code ProtoOADealListReq}: in windows of
 * at most 7 days, one after another, because the server rejects longer ones with
 * {@code INCORRECT_BOUNDARIES}.
 *
 * <p>When the reply for a window sets {@code hasMore}, the window is split in two halves that
 * share their middle millisecond, and each half is read again, because the server's sort order is
 * not documented. Deals are de-duplicated by id. Adjacent windows also share their boundary millisecond, so a deal
 * exactly on a boundary is found whether the server treats the bounds as inclusive or exclusive.
 *
 * <p>One read starts no new window after {@code maxRequests} requests, so a range of years is read
 * over several checks instead of one check outlasting its timeout; the result says how far it got.
 */
final class DealHistory {
    /** Maximum span of one deal-list request: 7 days in milliseconds. */
    static final long MAX_WINDOW_MILLIS = 604_800_000L;

    /** Sends one request of the check and returns its reply. */
    @FunctionalInterface
    interface Requester {
        CompletableFuture<ProtoMessage> send(ProtoOAPayloadType type, MessageLite payload);
    }

    /**
     * The deals of one read.
     *
     * @param deals the deals found, by deal id
     * @param readUntilMillis every deal executed before this time was requested; equals the
     *     requested end when the read is complete
     * @param complete whether the whole requested range was read
     */
    record Result(List<ProtoOADeal> deals, long readUntilMillis, boolean complete) {
    }

    private final Requester requester;
    private final long accountId;
    private final int pageSize;
    private final int maxRequests;
    private int requests;

    DealHistory(Requester requester, long accountId, int pageSize, int maxRequests) {
        this.requester = requester;
        this.accountId = accountId;
        this.pageSize = pageSize;
        this.maxRequests = maxRequests;
    }

    /**
     * Reads the deals executed from {@code fromMillis} to {@code toMillis}, or the first part of
     * that range when it takes more than {@code maxRequests} requests.
     */
    CompletableFuture<Result> fetch(long fromMillis, long toMillis) {
        Map<Long, ProtoOADeal> deals = new TreeMap<>();
        if (fromMillis > toMillis) {
            return CompletableFuture.completedFuture(new Result(List.of(), toMillis, true));
        }
        return windows(fromMillis, toMillis, deals)
                .thenApply(readUntil -> new Result(new ArrayList<>(deals.values()), readUntil, readUntil >= toMillis));
    }

    /** Reads windows from {@code start} on and returns the end of the last window read. */
    private CompletableFuture<Long> windows(long start, long end, Map<Long, ProtoOADeal> deals) {
        long windowEnd = Math.min(end, start + MAX_WINDOW_MILLIS);
        return window(start, windowEnd, deals).thenCompose(done -> windowEnd >= end || requests >= maxRequests
                ? CompletableFuture.completedFuture(windowEnd)
                : windows(windowEnd, end, deals));
    }

    private CompletableFuture<Void> window(long from, long to, Map<Long, ProtoOADeal> deals) {
        ProtoOADealListReq request = ProtoOADealListReq.newBuilder()
                .setCtidTraderAccountId(accountId)
                .setFromTimestamp(from)
                .setToTimestamp(to)
                .setMaxRows(pageSize)
                .build();
        requests++;
        return requester.send(ProtoOAPayloadType.PROTO_OA_DEAL_LIST_REQ, request).thenCompose(reply -> {
            ProtoOADealListRes page = Replies.parse(reply, ProtoOAPayloadType.PROTO_OA_DEAL_LIST_RES,
                    ProtoOADealListRes.parser());
            for (ProtoOADeal deal : page.getDealList()) {
                deals.put(deal.getDealId(), deal);
            }
            if (!page.getHasMore()) {
                return CompletableFuture.completedFuture(null);
            }
            long width = to - from;
            if (width < 2) {
                throw new BrokerException(ErrorCategory.PROTOCOL, "", "account " + accountId + " has more than "
                        + pageSize + " deals within " + (width + 1) + " ms at " + from
                        + "; raise dealPageSize so that one request can return them");
            }
            long middle = from + width / 2;
            return window(from, middle, deals).thenCompose(done -> window(middle, to, deals));
        });
    }
}
