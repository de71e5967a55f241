package io.accountmonitor.ctrader;

import io.accountmonitor.core.model.AccountId;
import io.accountmonitor.core.model.LinkState;
import io.accountmonitor.core.model.LinkStatus;
import io.accountmonitor.core.spi.SourceListener;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Passes what the session learns to the host's {@link SourceListener}: each link state only when it
 * changes, the account set only when it changes, and never an exception back to the caller.
 * Thread-safe.
 */
final class LinkReporter {
    private static final Logger LOG = LoggerFactory.getLogger(LinkReporter.class);

    private final SourceListener listener;
    private final Clock clock;
    private final Map<Long, LinkState> accountStates = new HashMap<>();
    private LinkState connectionState;
    private String connectionDetail;
    private Instant connectionSince;
    private Set<Long> accounts;

    LinkReporter(SourceListener listener, Clock clock) {
        this.listener = listener;
        this.clock = clock;
    }

    /**
     * Reports the connection's state. A new attempt after a failure is still a link that is down:
     * it stays DOWN, with the time it went down, until it is UP again, so {@code since} shows how
     * long cTrader has been unreachable. A later failure updates the detail and keeps that time.
     */
    synchronized void connection(LinkState state, String detail) {
        if (state == LinkState.CONNECTING && connectionState == LinkState.DOWN) {
            return;
        }
        if (state == connectionState && (state != LinkState.DOWN || detail.equals(connectionDetail))) {
            return;
        }
        if (state != connectionState) {
            connectionSince = clock.instant();
        }
        connectionState = state;
        connectionDetail = detail;
        LinkStatus status = new LinkStatus(state, detail, connectionSince);
        call("connectionChanged", () -> listener.connectionChanged(status));
    }

    synchronized void account(long accountId, LinkState state, String detail) {
        if (accountStates.get(accountId) == state) {
            return;
        }
        accountStates.put(accountId, state);
        LinkStatus status = new LinkStatus(state, detail, clock.instant());
        call("accountLinkChanged", () -> listener.accountLinkChanged(AccountId.of(accountId), status));
    }

    synchronized void accounts(Set<Long> accountIds) {
        Set<Long> sorted = new TreeSet<>(accountIds);
        if (sorted.equals(accounts)) {
            return;
        }
        accounts = sorted;
        Set<AccountId> ids = new TreeSet<>();
        sorted.forEach(id -> ids.add(AccountId.of(id)));
        accountStates.keySet().retainAll(sorted);
        Set<AccountId> reported = Set.copyOf(ids);
        call("accountsChanged", () -> listener.accountsChanged(reported));
    }

    void accountChanged(long accountId, String reason) {
        call("accountChanged", () -> listener.accountChanged(AccountId.of(accountId), reason));
    }

    private static void call(String method, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.error("SourceListener.{} threw; the cTrader source continues", method, e);
        }
    }
}
