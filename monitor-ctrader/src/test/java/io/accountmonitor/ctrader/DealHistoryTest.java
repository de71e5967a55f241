package io.accountmonitor.ctrader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import io.accountmonitor.core.spi.BrokerException;
import io.accountmonitor.core.spi.ErrorCategory;
import io.accountmonitor.ctrader.protocol.ProtoMessage;
import io.accountmonitor.ctrader.protocol.ProtoOADeal;
import io.accountmonitor.ctrader.protocol.ProtoOADealListReq;
import io.accountmonitor.ctrader.protocol.ProtoOADealListRes;
import io.accountmonitor.ctrader.protocol.ProtoOADealStatus;
import io.accountmonitor.ctrader.protocol.ProtoOAPayloadType;
import io.accountmonitor.ctrader.protocol.ProtoOATradeSide;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class DealHistoryTest {
    private static final long DAY = 86_400_000L;
    private static final long START = 1_767_225_600_000L;

    /** A fake server that keeps deals and replies to deal-list requests by the published rules. */
    private final class FakeServer implements DealHistory.Requester {
        final List<ProtoOADeal> deals = new ArrayList<>();
        final List<ProtoOADealListReq> requests = new ArrayList<>();
        boolean newestFirst;

        @Override
        public CompletableFuture<ProtoMessage> send(ProtoOAPayloadType type, MessageLite payload) {
            ProtoOADealListReq request;
            try {
                request = ProtoOADealListReq.parseFrom(payload.toByteString());
            } catch (InvalidProtocolBufferException e) {
                throw new AssertionError(e);
            }
            requests.add(request);
            assertThat(request.getToTimestamp() - request.getFromTimestamp())
                    .as("window span").isBetween(0L, DealHistory.MAX_WINDOW_MILLIS);
            List<ProtoOADeal> matched = new ArrayList<>();
            for (ProtoOADeal deal : deals) {
                if (deal.getExecutionTimestamp() >= request.getFromTimestamp()
                        && deal.getExecutionTimestamp() <= request.getToTimestamp()) {
                    matched.add(deal);
                }
            }
            Comparator<ProtoOADeal> order = Comparator.comparingLong(ProtoOADeal::getExecutionTimestamp);
            matched.sort(newestFirst ? order.reversed() : order);
            int rows = request.getMaxRows();
            ProtoOADealListRes response = ProtoOADealListRes.newBuilder()
                    .setCtidTraderAccountId(request.getCtidTraderAccountId())
                    .addAllDeal(matched.subList(0, Math.min(rows, matched.size())))
                    .setHasMore(matched.size() > rows)
                    .build();
            return CompletableFuture.completedFuture(ProtoMessage.newBuilder()
                    .setPayloadType(ProtoOAPayloadType.PROTO_OA_DEAL_LIST_RES_VALUE)
                    .setPayload(response.toByteString())
                    .build());
        }

        void addDeal(long id, long executedAt) {
            deals.add(ProtoOADeal.newBuilder()
                    .setDealId(id).setOrderId(id).setPositionId(id).setVolume(100).setFilledVolume(100)
                    .setSymbolId(1).setCreateTimestamp(executedAt).setExecutionTimestamp(executedAt)
                    .setTradeSide(ProtoOATradeSide.BUY).setDealStatus(ProtoOADealStatus.FILLED)
                    .build());
        }
    }

    private static final int UNBOUNDED = Integer.MAX_VALUE;

    private final FakeServer server = new FakeServer();

    private List<ProtoOADeal> readAll(int pageSize, long fromMillis, long toMillis) {
        DealHistory.Result result = new DealHistory(server, 1001, pageSize, UNBOUNDED).fetch(fromMillis, toMillis).join();
        assertThat(result.complete()).isTrue();
        return result.deals();
    }

    @Test
    void rangeReadInWeekWindows() {
        server.addDeal(1, START + DAY);
        server.addDeal(2, START + 8 * DAY);
        server.addDeal(3, START + 20 * DAY);

        List<ProtoOADeal> deals = readAll(100, START, START + 21 * DAY);

        assertThat(deals).extracting(ProtoOADeal::getDealId).containsExactly(1L, 2L, 3L);
        assertThat(server.requests).hasSize(3);
        assertThat(server.requests.get(0).getFromTimestamp()).isEqualTo(START);
        assertThat(server.requests.get(2).getToTimestamp()).isEqualTo(START + 21 * DAY);
        for (int i = 1; i < server.requests.size(); i++) {
            assertThat(server.requests.get(i).getFromTimestamp()).isEqualTo(server.requests.get(i - 1).getToTimestamp());
        }
    }

    @Test
    void dealOnWindowBoundaryIsReturnedOnce() {
        server.addDeal(1, START + 7 * DAY);

        List<ProtoOADeal> deals = readAll(100, START, START + 10 * DAY);

        assertThat(deals).extracting(ProtoOADeal::getDealId).containsExactly(1L);
    }

    @Test
    void fullPagesAreSplit() {
        for (long i = 0; i < 57; i++) {
            server.addDeal(100 + i, START + i * 3_600_000L);
        }

        List<ProtoOADeal> deals = readAll(10, START, START + 3 * DAY);

        assertThat(deals).hasSize(57);
        assertThat(deals).extracting(ProtoOADeal::getDealId).doesNotHaveDuplicates();
    }

    @Test
    void splittingDoesNotDependOnServerSortOrder() {
        server.newestFirst = true;
        for (long i = 0; i < 40; i++) {
            server.addDeal(100 + i, START + i * 60_000L);
        }

        List<ProtoOADeal> deals = readAll(7, START, START + DAY);

        assertThat(deals).hasSize(40);
    }

    @Test
    void morePageRowsThanOneMillisecondHoldsFails() {
        for (long i = 0; i < 5; i++) {
            server.addDeal(100 + i, START + 1000);
        }

        assertThatThrownBy(() -> new DealHistory(server, 1001, 3, UNBOUNDED).fetch(START, START + DAY).join())
                .isInstanceOf(CompletionException.class)
                .cause()
                .isInstanceOf(BrokerException.class)
                .hasMessageContaining("raise dealPageSize")
                .satisfies(e -> assertThat(((BrokerException) e).category()).isEqualTo(ErrorCategory.PROTOCOL));
    }

    @Test
    void emptyRangeSendsNothing() {
        assertThat(readAll(10, START + 1, START)).isEmpty();
        assertThat(server.requests).isEmpty();
    }

    @Test
    void longRangeIsReadInPartsOfAFewRequests() {
        server.addDeal(1, START + DAY);
        server.addDeal(2, START + 15 * DAY);
        server.addDeal(3, START + 30 * DAY);

        DealHistory.Result first = new DealHistory(server, 1001, 100, 2).fetch(START, START + 35 * DAY).join();

        assertThat(first.complete()).isFalse();
        assertThat(first.readUntilMillis()).isEqualTo(START + 14 * DAY);
        assertThat(first.deals()).extracting(ProtoOADeal::getDealId).containsExactly(1L);
        assertThat(server.requests).hasSize(2);

        DealHistory.Result rest = new DealHistory(server, 1001, 100, 8).fetch(first.readUntilMillis(), START + 35 * DAY)
                .join();

        assertThat(rest.complete()).isTrue();
        assertThat(rest.readUntilMillis()).isEqualTo(START + 35 * DAY);
        assertThat(rest.deals()).extracting(ProtoOADeal::getDealId).containsExactly(2L, 3L);
    }

    @Test
    void splitWindowIsFinishedBeforeTheReadStops() {
        for (long i = 0; i < 30; i++) {
            server.addDeal(100 + i, START + i * 3_600_000L);
        }
        server.addDeal(200, START + 10 * DAY);

        DealHistory.Result result = new DealHistory(server, 1001, 10, 1).fetch(START, START + 14 * DAY).join();

        assertThat(result.complete()).isFalse();
        assertThat(result.readUntilMillis()).isEqualTo(START + 7 * DAY);
        assertThat(result.deals()).hasSize(30);
    }
}
