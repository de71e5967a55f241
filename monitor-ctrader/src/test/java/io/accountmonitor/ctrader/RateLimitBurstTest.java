package io.accountmonitor.ctrader;

import static org.assertj.core.api.Assertions.assertThat;

import io.accountmonitor.core.model.AccountId;
import io.accountmonitor.core.model.AccountSnapshot;
import io.accountmonitor.core.model.DealCursor;
import io.accountmonitor.ctrader.simulator.ReceivedRequest;
import io.accountmonitor.ctrader.simulator.SimulatedAccount;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A burst of 1,000 pushed balance changes and 1,000 fetches over 20 accounts, against a simulator
 * that enforces the published limits of 50 and 5 requests per second per connection.
 */
class RateLimitBurstTest {
    private static final Logger LOG = LoggerFactory.getLogger(RateLimitBurstTest.class);
    private static final int ACCOUNTS = 20;
    private static final int FETCHES = 1000;
    private static final long SECOND = 1_000_000_000L;

    @TempDir
    Path directory;

    @Test
    void burstOfFetchesNeverExceedsServerLimits() throws Exception {
        SimulatorFixture.Builder builder = SimulatorFixture.builder(directory);
        long[] accounts = new long[ACCOUNTS];
        for (int i = 0; i < ACCOUNTS; i++) {
            accounts[i] = 6000 + i;
            builder.account(SimulatedAccount.builder(accounts[i]).build());
        }
        try (SimulatorFixture fixture = builder.build().startAndAwait(accounts)) {
            for (int i = 0; i < FETCHES; i++) {
                fixture.simulator.depositOrWithdraw(accounts[i % ACCOUNTS], BigDecimal.ONE);
            }
            assertThat(fixture.listener.awaitAccountEvents(FETCHES, SimulatorFixture.WAIT)).isTrue();
            AtomicInteger started = new AtomicInteger();
            List<CompletableFuture<AccountSnapshot>> chains = new ArrayList<>();
            // Each account runs its fetches one after another, as the host's check loop would.
            for (long account : accounts) {
                chains.add(fetchChain(fixture, account, started));
            }
            CompletableFuture<Void> all = CompletableFuture.allOf(chains.toArray(CompletableFuture[]::new));
            long virtualStart = fixture.time.nanoTime();
            long realStart = System.nanoTime();
            while (!all.isDone()) {
                fixture.settle();
                if (!all.isDone()) {
                    fixture.time.advanceToNextTask();
                }
            }
            all.join();
            long virtualElapsed = fixture.time.nanoTime() - virtualStart;

            List<ReceivedRequest> requests = fixture.simulator.receivedRequests();
            List<Long> normal = new ArrayList<>();
            List<Long> historical = new ArrayList<>();
            for (ReceivedRequest request : requests) {
                (PayloadTypes.isHistorical(request.payloadType()) ? historical : normal).add(request.receivedAtNanos());
            }
            int maxNormal = RateBucketTest.maxInAnyWindow(normal, SECOND);
            int maxHistorical = RateBucketTest.maxInAnyWindow(historical, SECOND);
            LOG.info("{} fetches: {} requests ({} historical) in {} s of virtual time and {} ms of real time; "
                    + "at most {} normal and {} historical requests in any second; {} rejected", started.get(),
                    requests.size(), historical.size(), virtualElapsed / SECOND,
                    (System.nanoTime() - realStart) / 1_000_000, maxNormal, maxHistorical,
                    fixture.simulator.rateLimitRejections());

            assertThat(started.get()).isEqualTo(FETCHES);
            assertThat(fixture.simulator.rateLimitRejections()).isZero();
            assertThat(maxNormal).isLessThanOrEqualTo(40);
            assertThat(maxHistorical).isLessThanOrEqualTo(4);
            // Every account's first fetch reads its deals at once; later ones skip them, since no deal happened.
            assertThat(historical).hasSizeGreaterThanOrEqualTo(ACCOUNTS);
        }
    }

    private static CompletableFuture<AccountSnapshot> fetchChain(SimulatorFixture fixture, long account,
            AtomicInteger started) {
        CompletableFuture<AccountSnapshot> chain = CompletableFuture.completedFuture(null);
        for (int i = 0; i < FETCHES / ACCOUNTS; i++) {
            chain = chain.thenCompose(previous -> {
                started.incrementAndGet();
                DealCursor cursor = previous == null
                        ? DealCursor.startingAt(fixture.time.now().minus(Duration.ofDays(1)))
                        : previous.dealCursor();
                return fixture.source.fetch(AccountId.of(account), cursor).toCompletableFuture();
            });
        }
        return chain;
    }
}
