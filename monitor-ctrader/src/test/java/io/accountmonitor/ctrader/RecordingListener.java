package io.accountmonitor.ctrader;

import io.accountmonitor.core.model.AccountId;
import io.accountmonitor.core.model.LinkState;
import io.accountmonitor.core.model.LinkStatus;
import io.accountmonitor.core.spi.SourceListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/** A {@link SourceListener} that records every call and lets tests wait for one, with a bounded timeout. */
final class RecordingListener implements SourceListener {
    record AccountEvent(AccountId account, String reason) {
    }

    record AccountLink(AccountId account, LinkStatus status) {
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final List<Set<AccountId>> accountSets = new ArrayList<>();
    private final List<AccountEvent> accountEvents = new ArrayList<>();
    private final List<LinkStatus> connectionStates = new ArrayList<>();
    private final List<AccountLink> accountLinks = new ArrayList<>();

    @Override
    public void accountsChanged(Set<AccountId> accounts) {
        record(() -> accountSets.add(Set.copyOf(accounts)));
    }

    @Override
    public void accountChanged(AccountId account, String reason) {
        record(() -> accountEvents.add(new AccountEvent(account, reason)));
    }

    @Override
    public void connectionChanged(LinkStatus status) {
        record(() -> connectionStates.add(status));
    }

    @Override
    public void accountLinkChanged(AccountId account, LinkStatus status) {
        record(() -> accountLinks.add(new AccountLink(account, status)));
    }

    List<Set<AccountId>> accountSets() {
        return read(() -> List.copyOf(accountSets));
    }

    List<AccountEvent> accountEvents() {
        return read(() -> List.copyOf(accountEvents));
    }

    List<LinkStatus> connectionStates() {
        return read(() -> List.copyOf(connectionStates));
    }

    List<AccountLink> accountLinks() {
        return read(() -> List.copyOf(accountLinks));
    }

    long connectionCount(LinkState state) {
        return read(() -> connectionStates.stream().filter(status -> status.state() == state).count());
    }

    long accountCount(long account, LinkState state) {
        AccountId id = AccountId.of(account);
        return read(() -> accountLinks.stream()
                .filter(link -> link.account().equals(id) && link.status().state() == state)
                .count());
    }

    /** Returns the latest reported state of {@code account}, or {@code null}. */
    LinkStatus accountStatus(long account) {
        AccountId id = AccountId.of(account);
        return read(() -> {
            LinkStatus latest = null;
            for (AccountLink link : accountLinks) {
                if (link.account().equals(id)) {
                    latest = link.status();
                }
            }
            return latest;
        });
    }

    /** Returns the latest reported connection status in {@code state}, or {@code null}. */
    LinkStatus lastConnectionStatus(LinkState state) {
        return read(() -> {
            LinkStatus latest = null;
            for (LinkStatus status : connectionStates) {
                if (status.state() == state) {
                    latest = status;
                }
            }
            return latest;
        });
    }

    /** Returns the latest reported status of {@code account} in {@code state}, or {@code null}. */
    LinkStatus lastAccountStatus(long account, LinkState state) {
        AccountId id = AccountId.of(account);
        return read(() -> {
            LinkStatus latest = null;
            for (AccountLink link : accountLinks) {
                if (link.account().equals(id) && link.status().state() == state) {
                    latest = link.status();
                }
            }
            return latest;
        });
    }

    /** Returns the latest reported connection state, or {@code null}. */
    LinkStatus connectionStatus() {
        return read(() -> connectionStates.isEmpty() ? null : connectionStates.get(connectionStates.size() - 1));
    }

    /** Waits until {@code condition}, evaluated under this listener's lock, holds. */
    boolean await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long remaining = timeout.toNanos();
        lock.lock();
        try {
            while (!condition.getAsBoolean()) {
                if (remaining <= 0) {
                    return false;
                }
                remaining = changed.awaitNanos(remaining);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    boolean awaitConnectionCount(LinkState state, long count, Duration timeout) throws InterruptedException {
        return await(() -> connectionStates.stream().filter(status -> status.state() == state).count() >= count,
                timeout);
    }

    boolean awaitAccountState(long account, LinkState state, Duration timeout) throws InterruptedException {
        AccountId id = AccountId.of(account);
        return await(() -> {
            LinkStatus latest = null;
            for (AccountLink link : accountLinks) {
                if (link.account().equals(id)) {
                    latest = link.status();
                }
            }
            return latest != null && latest.state() == state;
        }, timeout);
    }

    boolean awaitAccountCount(long account, LinkState state, long count, Duration timeout)
            throws InterruptedException {
        AccountId id = AccountId.of(account);
        return await(() -> accountLinks.stream()
                .filter(link -> link.account().equals(id) && link.status().state() == state)
                .count() >= count, timeout);
    }

    boolean awaitAccountEvents(long count, Duration timeout) throws InterruptedException {
        return await(() -> accountEvents.size() >= count, timeout);
    }

    boolean awaitAccountSets(long count, Duration timeout) throws InterruptedException {
        return await(() -> accountSets.size() >= count, timeout);
    }

    private void record(Runnable change) {
        lock.lock();
        try {
            change.run();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private <T> T read(java.util.function.Supplier<T> reader) {
        lock.lock();
        try {
            return reader.get();
        } finally {
            lock.unlock();
        }
    }
}
