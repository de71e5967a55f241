package io.accountmonitor.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.accountmonitor.app.store.FileKeyValueStore;
import io.accountmonitor.core.model.AccountId;
import io.accountmonitor.core.model.AccountSnapshot;
import io.accountmonitor.core.model.Deal;
import io.accountmonitor.core.model.DealCursor;
import io.accountmonitor.core.model.TradeSide;
import io.accountmonitor.core.spi.AccountSource;
import io.accountmonitor.core.spi.SourceListener;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccountPipelineTest {
    private static final AccountId ACCOUNT = AccountId.of("1001");
    private static final Instant START = Instant.parse("2026-03-02T10:00:00Z");

    @TempDir
    Path directory;

    private final RecordingSink sink = new RecordingSink();
    private final SinkFanout fanout = new SinkFanout(List.of(new NamedSink("recording", "test", sink)),
            new SimpleMeterRegistry());
    private final Clock clock = Clock.fixed(START, ZoneOffset.UTC);

    /** A broker with a fixed deal history; each fetch returns the deals after the cursor it is given. */
    static class HistorySource implements AccountSource {
        final List<Deal> history = new ArrayList<>();
        final List<DealCursor> cursorsAsked = new ArrayList<>();
        final List<CompletableFuture<Void>> held = new ArrayList<>();
        final List<CompletableFuture<AccountSnapshot>> returned = new ArrayList<>();
        boolean hold;
        /** Where the broker reports it read the history to, past its newest deal; null for the newest deal. */
        Instant readUntil;
        BigDecimal balance = new BigDecimal("1000.00");

        @Override
        public void start(SourceListener listener) {
        }

        @Override
        public synchronized CompletionStage<AccountSnapshot> fetch(AccountId account, DealCursor since) {
            cursorsAsked.add(since);
            List<Deal> deals = history.stream().filter(since::isNew).toList();
            DealCursor after = since.advance(deals);
            if (readUntil != null && after.since().isBefore(readUntil)) {
                after = DealCursor.startingAt(readUntil);
            }
            AccountSnapshot snapshot = new AccountSnapshot(account, "USD", balance, balance, BigDecimal.ZERO, balance,
                    null, BigDecimal.ZERO, List.of(), deals, after, 1, START);
            if (hold) {
                CompletableFuture<Void> reply = new CompletableFuture<>();
                held.add(reply);
                CompletableFuture<AccountSnapshot> result = reply.thenApply(ignored -> snapshot);
                returned.add(result);
                return result;
            }
            return CompletableFuture.completedFuture(snapshot);
        }

        @Override
        public void close() {
        }
    }

    static Deal closingDeal(String id, Instant executedAt) {
        return new Deal(id, "p" + id, "EURUSD", TradeSide.SELL, new BigDecimal("0.10"), new BigDecimal("1.08"),
                executedAt, true, BigDecimal.TEN, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.TEN, null);
    }

    private AccountPipeline pipeline(HistorySource source) {
        return new AccountPipeline("main", ACCOUNT, source, new FileKeyValueStore(directory), fanout, Runnable::run, clock);
    }

    private static void await(CompletionStage<?> stage) throws Exception {
        stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void firstStartPublishesOnlyDealsFromStartOn() throws Exception {
        HistorySource source = new HistorySource();
        source.history.add(closingDeal("1", START.minusSeconds(60)));
        source.history.add(closingDeal("2", START.plusSeconds(5)));
        AccountPipeline pipeline = pipeline(source);

        await(pipeline.check());

        assertThat(sink.publishedDealIds()).containsExactly("2");
        assertThat(source.cursorsAsked.get(0)).isEqualTo(DealCursor.startingAt(START));
    }

    @Test
    void cursorMovesOnToWhereTheBrokerReadTheHistory() throws Exception {
        HistorySource source = new HistorySource();
        source.history.add(closingDeal("2", START.plusSeconds(5)));
        source.readUntil = START.plusSeconds(600);
        AccountPipeline pipeline = pipeline(source);

        await(pipeline.check());
        source.readUntil = null;
        await(pipeline.check());

        HistorySource restarted = new HistorySource();
        await(pipeline(restarted).check());

        assertThat(sink.publishedDealIds()).containsExactly("2");
        assertThat(source.cursorsAsked.get(1)).isEqualTo(DealCursor.startingAt(START.plusSeconds(600)));
        assertThat(restarted.cursorsAsked).containsExactly(DealCursor.startingAt(START.plusSeconds(600)));
    }

    @Test
    void cancelledCheckCancelsTheBrokerFetch() {
        HistorySource source = new HistorySource();
        source.hold = true;
        AccountPipeline pipeline = pipeline(source);

        CompletionStage<AccountSnapshot> check = pipeline.check();
        check.toCompletableFuture().cancel(false);

        assertThat(source.returned).singleElement().satisfies(fetch -> assertThat(fetch).isCancelled());
        assertThat(sink.updates).isEmpty();
    }

    @Test
    void sameDealsFetchedAgainArePublishedOnce() throws Exception {
        HistorySource source = new HistorySource();
        source.history.add(closingDeal("2", START.plusSeconds(5)));
        source.history.add(closingDeal("3", START.plusSeconds(5)));
        AccountPipeline pipeline = pipeline(source);

        await(pipeline.check());
        await(pipeline.check());
        source.history.add(closingDeal("4", START.plusSeconds(5)));
        await(pipeline.check());

        assertThat(sink.publishedDealIds()).containsExactly("2", "3", "4");
        assertThat(sink.updates).hasSize(3);
    }

    @Test
    void restartContinuesFromPersistedCursor() throws Exception {
        HistorySource source = new HistorySource();
        source.history.add(closingDeal("2", START.plusSeconds(5)));
        await(pipeline(source).check());

        source.history.add(closingDeal("3", START.plusSeconds(3_600)));
        AccountPipeline restarted = pipeline(source);
        await(restarted.check());

        assertThat(sink.publishedDealIds()).containsExactly("2", "3");
        assertThat(new FileKeyValueStore(directory).get("deal-cursor.1001"))
                .contains(new DealCursor(START.plusSeconds(3_600), java.util.Set.of("3")).encode());
    }

    @Test
    void cursorIsPersistedBeforeFirstCheck() {
        AccountPipeline pipeline = pipeline(new HistorySource());

        pipeline.loadCursor();

        assertThat(new FileKeyValueStore(directory).get("deal-cursor.1001"))
                .contains(DealCursor.startingAt(START).encode());
    }

    @Test
    void lateResultRepeatsNothing() throws Exception {
        HistorySource source = new HistorySource();
        source.history.add(closingDeal("2", START.plusSeconds(5)));
        AccountPipeline pipeline = pipeline(source);
        source.hold = true;
        CompletionStage<AccountSnapshot> abandoned = pipeline.check();
        CompletableFuture<Void> abandonedFetch = source.held.get(0);
        source.hold = false;
        source.balance = new BigDecimal("2000.00");

        await(pipeline.check());
        abandonedFetch.complete(null);
        await(abandoned);

        assertThat(sink.publishedDealIds()).containsExactly("2");
        assertThat(sink.updates).hasSize(1);
        assertThat(pipeline.lastSnapshot().balance()).isEqualByComparingTo("2000.00");
    }

    @Test
    void corruptCursorFallsBackToWriteTime() throws Exception {
        FileKeyValueStore store = new FileKeyValueStore(directory);
        Files.writeString(store.fileOf("deal-cursor.1001"), "scrambled by a disk error");
        Instant lastWrite = START.minusSeconds(7_200);
        Files.setLastModifiedTime(store.fileOf("deal-cursor.1001"), FileTime.from(lastWrite));
        HistorySource source = new HistorySource();
        source.history.add(closingDeal("1", lastWrite.minusSeconds(1)));
        source.history.add(closingDeal("2", lastWrite.plusSeconds(1)));

        await(pipeline(source).check());

        assertThat(sink.publishedDealIds()).containsExactly("2");
        assertThat(Files.exists(directory.resolve("deal-cursor.1001.corrupt-1"))).isTrue();
        assertThat(store.get("deal-cursor.1001")).isPresent();
    }

    @Test
    void failedFetchPublishesNothing() throws Exception {
        HistorySource source = new HistorySource() {
            @Override
            public synchronized CompletionStage<AccountSnapshot> fetch(AccountId account, DealCursor since) {
                return CompletableFuture.failedFuture(new IllegalStateException("link down"));
            }
        };

        CompletionStage<AccountSnapshot> check = pipeline(source).check();

        assertThat(check.toCompletableFuture()).isCompletedExceptionally();
        assertThat(sink.updates).isEmpty();
    }
}
