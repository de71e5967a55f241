package io.accountmonitor.core.contract;

import io.accountmonitor.core.model.AccountId;
import io.accountmonitor.core.model.LinkStatus;
import io.accountmonitor.core.spi.SourceListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

/** A {@link SourceListener} that records calls and lets the contract test wait for them, thread-safe. */
final class ContractListener implements SourceListener {
    private final List<Set<AccountId>> accountSets = new ArrayList<>();
    private final List<AccountId> changedAccounts = new ArrayList<>();
    private final List<String> changeReasons = new ArrayList<>();
    private final List<LinkStatus> connectionStates = new ArrayList<>();

    @Override
    public synchronized void accountsChanged(Set<AccountId> accounts) {
        accountSets.add(Set.copyOf(accounts));
        notifyAll();
    }

    @Override
    public synchronized void accountChanged(AccountId account, String reason) {
        changedAccounts.add(account);
        changeReasons.add(reason);
        notifyAll();
    }

    @Override
    public synchronized void connectionChanged(LinkStatus status) {
        connectionStates.add(status);
        notifyAll();
    }

    @Override
    public synchronized void accountLinkChanged(AccountId account, LinkStatus status) {
        notifyAll();
    }

    synchronized Set<AccountId> latestAccounts() {
        return accountSets.isEmpty() ? Set.of() : accountSets.get(accountSets.size() - 1);
    }

    synchronized int changes(AccountId account) {
        int count = 0;
        for (AccountId changed : changedAccounts) {
            if (changed.equals(account)) {
                count++;
            }
        }
        return count;
    }

    synchronized List<String> reasons() {
        return List.copyOf(changeReasons);
    }

    /** Waits until {@code condition}, evaluated under this listener's lock, holds. */
    synchronized boolean await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return false;
            }
            long millis = Math.max(1, remaining / 1_000_000);
            wait(millis);
        }
        return true;
    }
}
