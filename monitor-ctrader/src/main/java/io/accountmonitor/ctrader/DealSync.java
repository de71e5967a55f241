package io.accountmonitor.ctrader;

import io.accountmonitor.core.model.DealCursor;
import io.accountmonitor.ctrader.protocol.ProtoOAPosition;
import io.accountmonitor.ctrader.protocol.ProtoOAReconcileRes;
import io.accountmonitor.ctrader.protocol.ProtoOATrader;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides when a check reads the deal list, the one historical request of a check. The server
 * allows 5 of those per second per connection against 50 others, so reading deals on every
 * fallback check would cap a connection at a few hundred accounts.
 *
 * <p>A deal changes what the other requests of a check return: a closing deal changes the open
 * positions or their volumes and the balance, an opening deal changes the positions. So a check
 * reads deals together with its other requests when the broker pushed an execution since the last
 * read, when the caller's cursor is not the one the last read returned, or when
 * {@code dealSyncInterval} has passed; otherwise it reads them only if the balance or the positions
 * differ from those of the last read. The interval bounds the one case this misses: a position
 * opened and closed between two checks with no net balance change and no pushed execution.
 * After a check that read only part of a long history, the next one reads deals in any case.
 * Thread-safe.
 */
final class DealSync {
    private final long intervalNanos;
    private final Map<Long, Synced> synced = new ConcurrentHashMap<>();
    private final Map<Long, AtomicLong> executions = new ConcurrentHashMap<>();
    private final Set<Long> partlyRead = ConcurrentHashMap.newKeySet();

    /**
     * @param balanceFingerprint balance and balance version at the last read
     * @param positionsFingerprint ids and volumes of the open positions at the last read
     * @param cursor the cursor the last read returned
     * @param readAtNanos when the last read's check started
     * @param executionsSeen the execution count when the last read's check started
     */
    private record Synced(long balanceFingerprint, long positionsFingerprint, DealCursor cursor, long readAtNanos,
            long executionsSeen) {
    }

    DealSync(long intervalNanos) {
        this.intervalNanos = intervalNanos;
    }

    /** Records that the broker pushed an execution for the account; its next check reads deals. */
    void executionPushed(long accountId) {
        executions.computeIfAbsent(accountId, id -> new AtomicLong()).incrementAndGet();
    }

    /** Returns the executions pushed for the account so far, to pass back to {@link #read}. */
    long executionCount(long accountId) {
        AtomicLong count = executions.get(accountId);
        return count == null ? 0 : count.get();
    }

    /** Returns why a check starting now must read deals along with its other requests, or null if it need not. */
    String readUpFront(long accountId, DealCursor since, long executionsAtStart, long nowNanos) {
        if (partlyRead.contains(accountId)) {
            return "catch-up";
        }
        Synced last = synced.get(accountId);
        if (last == null) {
            return "first";
        }
        if (executionsAtStart != last.executionsSeen()) {
            return "execution";
        }
        if (!since.equals(last.cursor())) {
            return "cursor";
        }
        if (nowNanos - last.readAtNanos() >= intervalNanos) {
            return "interval";
        }
        return null;
    }

    /** Returns whether the balance or the positions differ from those of the last read. */
    boolean changedSinceRead(long accountId, ProtoOATrader trader, ProtoOAReconcileRes reconcile) {
        Synced last = synced.get(accountId);
        return last == null || last.balanceFingerprint() != balanceFingerprint(trader)
                || last.positionsFingerprint() != positionsFingerprint(reconcile);
    }

    /** Records a successful read of the account's deals by a check that started at {@code startNanos}. */
    void read(long accountId, ProtoOATrader trader, ProtoOAReconcileRes reconcile, DealCursor cursorAfter,
            long startNanos, long executionsAtStart) {
        partlyRead.remove(accountId);
        synced.put(accountId, new Synced(balanceFingerprint(trader), positionsFingerprint(reconcile), cursorAfter,
                startNanos, executionsAtStart));
    }

    /** Records that a check read only the older part of the deals; the next check reads on. */
    void readPartly(long accountId) {
        partlyRead.add(accountId);
    }

    private static long balanceFingerprint(ProtoOATrader trader) {
        return 31 * trader.getBalance() + (trader.hasBalanceVersion() ? trader.getBalanceVersion() : -1);
    }

    private static long positionsFingerprint(ProtoOAReconcileRes reconcile) {
        long[] entries = new long[reconcile.getPositionCount() * 2];
        int index = 0;
        for (ProtoOAPosition position : reconcile.getPositionList()) {
            entries[index++] = position.getPositionId();
            entries[index++] = position.getTradeData().getVolume();
        }
        long[] pairs = new long[entries.length / 2];
        for (int i = 0; i < pairs.length; i++) {
            pairs[i] = entries[2 * i] * 1_000_003L + entries[2 * i + 1];
        }
        Arrays.sort(pairs);
        return Arrays.hashCode(pairs) * 31L + pairs.length;
    }
}
