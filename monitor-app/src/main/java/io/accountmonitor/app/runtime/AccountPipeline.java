package io.accountmonitor.app.runtime;

import io.accountmonitor.app.store.FileKeyValueStore;
import io.accountmonitor.core.model.AccountId;
import io.accountmonitor.core.model.AccountSnapshot;
import io.accountmonitor.core.model.AccountUpdate;
import io.accountmonitor.core.model.Deal;
import io.accountmonitor.core.model.DealCursor;
import io.accountmonitor.core.spi.AccountSource;
import io.accountmonitor.core.spi.StoreException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The check of one account and what follows it: fetch a snapshot from the deals cursor on, publish
 * the update with the deals not published before, then persist the advanced cursor.
 *
 * <p>The cursor is the persisted position in the account's deal history, so deals that close while
 * the daemon is down are published once after a restart, and deals fetched twice across reconnects
 * are published once. On the first start of an account it begins at the start time.
 *
 * <p>Publication is serialised per account and filters deals against the cursor as it is at
 * publication, so a late result of an abandoned check cannot publish a deal again. A late result
 * never replaces the state of a newer one either.
 */
final class AccountPipeline {
    private static final Logger LOG = LoggerFactory.getLogger(AccountPipeline.class);

    private final String monitor;
    private final AccountId account;
    private final AccountSource source;
    private final FileKeyValueStore cursorStore;
    private final SinkFanout sinks;
    private final Executor workers;
    private final Clock clock;
    private final String cursorKey;

    // Guarded by this.
    private DealCursor cursor;
    private DealCursor persistedCursor;
    private AccountSnapshot lastPublished;
    private long checksStarted;
    private long lastPublishedCheck;

    AccountPipeline(String monitor, AccountId account, AccountSource source, FileKeyValueStore cursorStore,
            SinkFanout sinks, Executor workers, Clock clock) {
        this.monitor = Objects.requireNonNull(monitor, "monitor");
        this.account = Objects.requireNonNull(account, "account");
        this.source = Objects.requireNonNull(source, "source");
        this.cursorStore = Objects.requireNonNull(cursorStore, "cursorStore");
        this.sinks = Objects.requireNonNull(sinks, "sinks");
        this.workers = Objects.requireNonNull(workers, "workers");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.cursorKey = "deal-cursor." + account.value();
    }

    AccountId account() {
        return account;
    }

    /** Returns the last published snapshot, or {@code null} before the first check completed. */
    synchronized AccountSnapshot lastSnapshot() {
        return lastPublished;
    }

    /**
     * Loads the persisted cursor, or starts one at the current time and persists it, so deals that
     * close from now on are published even if the daemon stops before the first check. Idempotent.
     */
    synchronized void loadCursor() {
        if (cursor != null) {
            return;
        }
        cursor = readCursor();
        persist(cursor);
    }

    /** Starts one check; called by the scheduler on a worker thread, never twice at once. */
    CompletionStage<AccountSnapshot> check() {
        long checkNumber;
        DealCursor since;
        synchronized (this) {
            loadCursor();
            checkNumber = ++checksStarted;
            since = cursor;
        }
        CompletionStage<AccountSnapshot> fetched;
        try {
            fetched = source.fetch(account, since);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        // Publication writes the cursor file, so it leaves the thread that completed the fetch.
        CompletableFuture<AccountSnapshot> published = fetched.toCompletableFuture()
                .thenApplyAsync(snapshot -> publish(checkNumber, snapshot), workers);
        // A scheduler that abandons the check cancels this stage; the broker's requests stop too.
        published.whenComplete((snapshot, error) -> {
            if (error instanceof CancellationException) {
                fetched.toCompletableFuture().cancel(false);
            }
        });
        return published;
    }

    private synchronized AccountSnapshot publish(long checkNumber, AccountSnapshot snapshot) {
        if (!snapshot.account().equals(account)) {
            throw new IllegalStateException("the broker returned a snapshot of account " + snapshot.account()
                    + " for account " + account);
        }
        List<Deal> newDeals = new ArrayList<>();
        for (Deal deal : snapshot.deals()) {
            if (cursor.isNew(deal) && newDeals.stream().noneMatch(d -> d.dealId().equals(deal.dealId()))) {
                newDeals.add(deal);
            }
        }
        newDeals.sort(Comparator.comparing(Deal::executedAt).thenComparing(Deal::dealId));
        boolean newest = checkNumber > lastPublishedCheck;
        if (!newest && newDeals.isEmpty()) {
            LOG.debug("Dropped a late result of {}/{}: a newer check was published already", monitor, account);
            return snapshot;
        }
        // A late result contributes only its deals; the state stays that of the newer check.
        AccountSnapshot current = newest ? snapshot : lastPublished;
        sinks.publish(new AccountUpdate(monitor, lastPublished, current, newDeals));
        if (newest) {
            lastPublished = snapshot;
            lastPublishedCheck = checkNumber;
        }
        cursor = later(cursor.advance(newDeals), snapshot.dealCursor());
        persist(cursor);
        return snapshot;
    }

    /**
     * Returns the later of two cursors. The broker's cursor may have moved past the deals it
     * returned, up to where it read the history, and a late result's cursor may lag behind.
     */
    private static DealCursor later(DealCursor published, DealCursor reported) {
        int order = reported.since().compareTo(published.since());
        if (order < 0) {
            return published;
        }
        if (order > 0) {
            return reported;
        }
        Set<String> ids = new TreeSet<>(published.dealIdsAtSince());
        ids.addAll(reported.dealIdsAtSince());
        return new DealCursor(published.since(), ids);
    }

    private DealCursor readCursor() {
        Optional<String> stored;
        try {
            stored = cursorStore.get(cursorKey);
        } catch (StoreException e) {
            return recoverCorruptCursor(e.getMessage());
        }
        if (stored.isEmpty()) {
            Instant now = clock.instant();
            LOG.info("No deal cursor for {}/{}; deals executed from {} on will be published", monitor, account, now);
            return DealCursor.startingAt(now);
        }
        try {
            return DealCursor.parse(stored.get());
        } catch (IllegalArgumentException e) {
            return recoverCorruptCursor("corrupt file " + cursorStore.fileOf(cursorKey) + ": " + e.getMessage());
        }
    }

    /**
     * Falls back to the time the corrupt cursor was last written: deals before it were published
     * then, so starting there loses none and repeats few.
     */
    private DealCursor recoverCorruptCursor(String problem) {
        Instant since = cursorStore.lastModified(cursorKey).map(FileTime::toInstant).orElse(clock.instant());
        Path aside = cursorStore.quarantine(cursorKey);
        LOG.error("Deal cursor of {}/{} is unreadable ({}); it was moved to {} and deals executed from {} on"
                + " will be published. Other accounts are not affected.", monitor, account, problem, aside, since);
        return DealCursor.startingAt(since);
    }

    private void persist(DealCursor value) {
        if (value.equals(persistedCursor)) {
            return;
        }
        try {
            cursorStore.put(cursorKey, value.encode());
            persistedCursor = value;
        } catch (StoreException e) {
            LOG.error("Cannot save the deal cursor of {}/{}: {}. Deals published since the last save may be"
                    + " published again after a restart.", monitor, account, e.getMessage());
        }
    }
}
