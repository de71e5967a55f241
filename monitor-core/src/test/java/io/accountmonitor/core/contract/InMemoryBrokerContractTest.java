package io.accountmonitor.core.contract;

import io.accountmonitor.core.model.AccountId;
import io.accountmonitor.core.spi.AccountSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Runs the broker contract against the in-memory reference broker, so the contract itself is tested. */
class InMemoryBrokerContractTest extends BrokerContractTest {
    @Override
    protected BrokerFixture createFixture() {
        return fixture(InMemoryBroker.Fault.NONE);
    }

    static BrokerFixture fixture(InMemoryBroker.Fault fault) {
        List<AccountId> accounts = List.of(AccountId.of("1"), AccountId.of("2"));
        InMemoryBroker broker = new InMemoryBroker(accounts, fault);
        return new BrokerFixture() {
            @Override
            public AccountSource source() {
                return broker;
            }

            @Override
            public List<AccountId> accounts() {
                return accounts;
            }

            @Override
            public AccountId unknownAccount() {
                return AccountId.of("999");
            }

            @Override
            public Instant now() {
                return broker.now();
            }

            @Override
            public void produceDeal(AccountId account) {
                broker.produceDeal(account);
            }

            @Override
            public void holdReplies() {
                broker.holdReplies();
            }

            @Override
            public Duration timeout() {
                return Duration.ofSeconds(1);
            }

            @Override
            public void close() {
                broker.close();
            }
        };
    }
}
