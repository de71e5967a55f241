package io.accountmonitor.core.contract;

import io.accountmonitor.core.model.AccountId;
import io.accountmonitor.core.spi.AccountSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a broker module gives {@link BrokerContractTest}: an unstarted {@link AccountSource} wired
 * to a fake of its broker, and the levers to make that fake change.
 *
 * <p>The contract test calls every method from its own thread; the fixture may block in them for
 * a bounded time, for example until its fake broker has applied a change.
 */
public interface BrokerFixture extends AutoCloseable {
    /** Returns the source under test, created but not started. */
    AccountSource source();

    /** Returns the accounts the source serves once started; at least one. */
    List<AccountId> accounts();

    /** Returns a well-formed account id that the source does not serve. */
    AccountId unknownAccount();

    /** Returns the current time of the fake broker's clock, which stamps its deals. */
    Instant now();

    /**
     * Makes the fake broker execute at least one new deal on {@code account}, such as opening or
     * closing a position, and push the event that announces it.
     */
    void produceDeal(AccountId account) throws Exception;

    /** Makes the fake broker stop replying to requests, so that fetches stay pending until close. */
    void holdReplies() throws Exception;

    /** Returns the bound of every wait in the contract test; generous by default for slow machines. */
    default Duration timeout() {
        return Duration.ofSeconds(20);
    }

    /** Closes the source if the test did not, the fake broker, and everything they started. */
    @Override
    void close() throws Exception;
}
