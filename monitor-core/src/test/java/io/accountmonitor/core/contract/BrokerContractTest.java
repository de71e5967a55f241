package io.accountmonitor.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.within;

import io.accountmonitor.core.model.AccountId;
import io.accountmonitor.core.model.AccountSnapshot;
import io.accountmonitor.core.model.Deal;
import io.accountmonitor.core.model.DealCursor;
import io.accountmonitor.core.model.Position;
import io.accountmonitor.core.spi.AccountSource;
import io.accountmonitor.core.spi.BrokerException;
import io.accountmonitor.core.spi.ErrorCategory;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link AccountSource} keeps, checked against a broker module's fake broker.
 * A broker module extends this class in its tests and implements {@link #createFixture()}; the
 * tests here then run against that module's source.
 *
 * <p>Only the JDK, JUnit, AssertJ and core types are used, so any broker module can reuse it from
 * core's test-jar. The test methods are protected so that JUnit finds them in subclasses of other
 * packages.
 */
public abstract class BrokerContractTest {
    private BrokerFixture fixture;
    private AccountSource source;
    private ContractListener listener;

    /** Creates a fresh fixture with an unstarted source; called before every test. */
    protected abstract BrokerFixture createFixture() throws Exception;

    @BeforeEach
    protected void setUp() throws Exception {
        fixture = createFixture();
        source = fixture.source();
        listener = new ContractListener();
    }

    @AfterEach
    protected void tearDown() throws Exception {
        try {
            source.close();
        } finally {
            fixture.close();
        }
    }

    @Test
    protected void startReturnsWithoutWaitingForBroker() throws Exception {
        fixture.holdReplies();
        long before = System.nanoTime();

        source.start(listener);

        assertThat(Duration.ofNanos(System.nanoTime() - before))
                .as("start must hand the connection to the background")
                .isLessThan(Duration.ofSeconds(1));
    }

    @Test
    protected void accountsChangedReportsServedAccounts() throws Exception {
        startAndAwaitAccounts();

        assertThat(listener.latestAccounts()).containsAll(fixture.accounts());
        assertThat(listener.latestAccounts()).doesNotContain(fixture.unknownAccount());
    }

    @Test
    protected void snapshotFiguresAreConsistent() throws Exception {
        startAndAwaitAccounts();
        for (AccountId account : fixture.accounts()) {
            fixture.produceDeal(account);
            DealCursor since = DealCursor.startingAt(fixture.now().minus(Duration.ofMinutes(5)));

            AccountSnapshot snapshot = fetch(account, since);

            assertThat(snapshot.account()).isEqualTo(account);
            assertThat(snapshot.currency()).isNotBlank();
            assertThat(snapshot.equity()).isEqualByComparingTo(snapshot.balance().add(snapshot.unrealizedPnl()));
            assertThat(snapshot.freeMargin())
                    .isEqualByComparingTo(snapshot.equity().subtract(snapshot.usedMargin()));
            BigDecimal positionsPnl = snapshot.positions().stream().map(Position::unrealizedPnl)
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            assertThat(snapshot.unrealizedPnl()).isEqualByComparingTo(positionsPnl);
            if (snapshot.usedMargin().signum() == 0) {
                assertThat(snapshot.marginLevel()).isNull();
            } else {
                BigDecimal expected = snapshot.equity().multiply(BigDecimal.valueOf(100))
                        .divide(snapshot.usedMargin(), 2, RoundingMode.HALF_EVEN);
                assertThat(snapshot.marginLevel()).isCloseTo(expected, within(new BigDecimal("0.01")));
            }
            assertThat(snapshot.deals()).allMatch(since::isNew);
            assertThat(snapshot.dealCursor()).isEqualTo(since.advance(snapshot.deals()));
        }
    }

    @Test
    protected void advancedCursorExcludesFetchedDeals() throws Exception {
        startAndAwaitAccounts();
        AccountId account = fixture.accounts().get(0);
        AccountSnapshot baseline = fetch(account, DealCursor.startingAt(fixture.now().minus(Duration.ofMinutes(5))));

        fixture.produceDeal(account);
        AccountSnapshot afterDeal = fetch(account, baseline.dealCursor());
        AccountSnapshot again = fetch(account, afterDeal.dealCursor());

        assertThat(afterDeal.deals()).as("deals executed after the cursor").isNotEmpty();
        assertThat(afterDeal.deals()).allMatch(baseline.dealCursor()::isNew);
        Set<String> baselineIds = ids(baseline);
        assertThat(afterDeal.deals()).noneMatch(deal -> baselineIds.contains(deal.dealId()));
        assertThat(afterDeal.dealCursor()).isEqualTo(baseline.dealCursor().advance(afterDeal.deals()));
        Set<String> newIds = ids(afterDeal);
        assertThat(again.deals()).noneMatch(deal -> newIds.contains(deal.dealId()));
        assertThat(again.dealCursor()).isEqualTo(afterDeal.dealCursor().advance(again.deals()));
    }

    @Test
    protected void accountChangeReachesListener() throws Exception {
        startAndAwaitAccounts();
        AccountId account = fixture.accounts().get(0);
        // A successful fetch shows the account is ready; a broker pushes events only for such accounts.
        fetch(account, DealCursor.startingAt(fixture.now()));
        int before = listener.changes(account);

        fixture.produceDeal(account);

        assertThat(listener.await(() -> listener.changes(account) > before, fixture.timeout()))
                .as("accountChanged(%s) after a deal", account).isTrue();
        assertThat(listener.reasons()).allSatisfy(reason -> assertThat(reason).isNotBlank());
    }

    @Test
    protected void unknownAccountFailsWithNotFound() throws Exception {
        startAndAwaitAccounts();

        BrokerException failure = failure(source.fetch(fixture.unknownAccount(),
                DealCursor.startingAt(fixture.now())).toCompletableFuture());

        assertThat(failure.category()).isEqualTo(ErrorCategory.NOT_FOUND);
    }

    @Test
    protected void closeIsIdempotentAndFailsPendingFetches() throws Exception {
        startAndAwaitAccounts();
        AccountId account = fixture.accounts().get(0);
        fixture.holdReplies();
        CompletableFuture<AccountSnapshot> pending = source.fetch(account,
                DealCursor.startingAt(fixture.now())).toCompletableFuture();
        assertThat(pending).as("a fetch while the broker holds its replies").isNotDone();

        source.close();

        assertThat(failure(pending)).isInstanceOf(BrokerException.class);
        assertThatCode(source::close).doesNotThrowAnyException();
        assertThat(failure(source.fetch(account, DealCursor.startingAt(fixture.now())).toCompletableFuture()))
                .isInstanceOf(BrokerException.class);
    }

    private void startAndAwaitAccounts() throws InterruptedException {
        source.start(listener);
        assertThat(listener.await(() -> listener.latestAccounts().containsAll(fixture.accounts()), fixture.timeout()))
                .as("accountsChanged reports %s", fixture.accounts()).isTrue();
    }

    private AccountSnapshot fetch(AccountId account, DealCursor since) throws Exception {
        CompletableFuture<AccountSnapshot> future = source.fetch(account, since).toCompletableFuture();
        try {
            return future.get(fixture.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return fail("fetch of " + account + " did not complete within " + fixture.timeout());
        }
    }

    private BrokerException failure(CompletableFuture<?> future) throws InterruptedException {
        try {
            future.get(fixture.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).as("the failure type of the SPI").isInstanceOf(BrokerException.class);
            return (BrokerException) e.getCause();
        } catch (TimeoutException e) {
            return fail("the future did not complete within " + fixture.timeout());
        }
        return fail("the future succeeded but was expected to fail");
    }

    private static Set<String> ids(AccountSnapshot snapshot) {
        Set<String> ids = new HashSet<>();
        for (Deal deal : snapshot.deals()) {
            ids.add(deal.dealId());
        }
        return ids;
    }
}
