package io.accountmonitor.appdaemon;

import io.accountmonitor.core.model.Deal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The ids of the most recent deals of one account that the sink turned into events, so a deal handed
 * in twice produces one {@code deal_closed} event. Remembers at most {@code capacity} ids, dropping
 * the oldest. Thread-safe.
 */
final class PublishedDeals {
    private final int capacity;
    private final LinkedHashSet<String> ids = new LinkedHashSet<>();

    PublishedDeals(int capacity) {
        this.capacity = capacity;
    }

    /** Returns the deals of {@code deals} not seen before, in their order, and remembers them. */
    synchronized List<Deal> retainNew(List<Deal> deals) {
        List<Deal> fresh = new ArrayList<>(deals.size());
        for (Deal deal : deals) {
            if (ids.add(deal.dealId())) {
                fresh.add(deal);
            }
        }
        Iterator<String> oldest = ids.iterator();
        while (ids.size() > capacity && oldest.hasNext()) {
            oldest.next();
            oldest.remove();
        }
        return fresh;
    }
}
