package io.accountmonitor.app.runtime;

import io.accountmonitor.core.model.AccountId;
import io.accountmonitor.core.model.AccountUpdate;
import io.accountmonitor.core.model.Deal;
import io.accountmonitor.core.model.LinkStatus;
import io.accountmonitor.core.spi.StateSink;
import java.util.ArrayList;
import java.util.List;

/** A sink that keeps what it receives, for assertions. */
final class RecordingSink implements StateSink {
    final List<AccountUpdate> updates = new ArrayList<>();
    final List<LinkStatus> links = new ArrayList<>();
    boolean started;
    boolean closed;

    @Override
    public void start() {
        started = true;
    }

    @Override
    public synchronized void publish(AccountUpdate update) {
        updates.add(update);
    }

    @Override
    public synchronized void linkChanged(String monitor, AccountId account, LinkStatus status) {
        links.add(status);
    }

    @Override
    public void close() {
        closed = true;
    }

    synchronized List<String> publishedDealIds() {
        List<String> ids = new ArrayList<>();
        for (AccountUpdate update : updates) {
            for (Deal deal : update.newDeals()) {
                ids.add(deal.dealId());
            }
        }
        return ids;
    }
}
