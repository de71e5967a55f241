package io.accountmonitor.core.contract;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Each rule of {@link BrokerContractTest} fails against a broker that breaks it. */
class BrokerContractSelfTest {
    /** The contract run by hand against a broker with one fault; not collected by the test runner. */
    private static final class FaultyBrokerContract extends BrokerContractTest {
        private final InMemoryBroker.Fault fault;

        FaultyBrokerContract(InMemoryBroker.Fault fault) {
            this.fault = fault;
        }

        @Override
        protected BrokerFixture createFixture() {
            return InMemoryBrokerContractTest.fixture(fault);
        }
    }

    @Test
    void equityWithoutUnrealizedProfitIsCaught() throws Exception {
        assertContractFails(InMemoryBroker.Fault.EQUITY_WITHOUT_UNREALIZED, FaultyBrokerContract::snapshotFiguresAreConsistent);
    }

    @Test
    void wrongCategoryForUnknownAccountIsCaught() throws Exception {
        assertContractFails(InMemoryBroker.Fault.UNKNOWN_ACCOUNT_UNAVAILABLE,
                FaultyBrokerContract::unknownAccountFailsWithNotFound);
    }

    @Test
    void dealsRepeatedAfterCursorAreCaught() throws Exception {
        assertContractFails(InMemoryBroker.Fault.DEALS_REPEATED_AFTER_CURSOR,
                FaultyBrokerContract::advancedCursorExcludesFetchedDeals);
    }

    @Test
    void missingAccountEventIsCaught() throws Exception {
        assertContractFails(InMemoryBroker.Fault.NO_ACCOUNT_EVENT, FaultyBrokerContract::accountChangeReachesListener);
    }

    @Test
    void fetchLeftPendingByCloseIsCaught() throws Exception {
        assertContractFails(InMemoryBroker.Fault.CLOSE_LEAVES_FETCH_PENDING,
                FaultyBrokerContract::closeIsIdempotentAndFailsPendingFetches);
    }

    /** A contract method that may throw, as test methods do. */
    @FunctionalInterface
    private interface ContractRule {
        void check(FaultyBrokerContract contract) throws Exception;
    }

    private static void assertContractFails(InMemoryBroker.Fault fault, ContractRule rule) throws Exception {
        FaultyBrokerContract contract = new FaultyBrokerContract(fault);
        contract.setUp();
        try {
            assertThatThrownBy(() -> rule.check(contract)).isInstanceOf(AssertionError.class);
        } finally {
            contract.tearDown();
        }
    }
}
