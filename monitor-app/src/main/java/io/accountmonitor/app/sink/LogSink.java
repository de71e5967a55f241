package io.accountmonitor.app.sink;

import io.accountmonitor.core.model.AccountId;
import io.accountmonitor.core.model.AccountSnapshot;
import io.accountmonitor.core.model.AccountUpdate;
import io.accountmonitor.core.model.Deal;
import io.accountmonitor.core.model.LinkStatus;
import io.accountmonitor.core.model.Position;
import io.accountmonitor.core.spi.StateSink;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs each update as one line at INFO, such as
 * {@code main/1001: balance 10012.50 USD, equity 10050.00, ... | deal 7 closed EURUSD +12.30}.
 * Logback's console appender writes synchronously, which takes microseconds unless the console
 * itself is blocked, so publishing on the caller's thread is acceptable.
 */
final class LogSink implements StateSink {
    private static final Logger LOG = LoggerFactory.getLogger("account-monitor.updates");

    @Override
    public void start() {
    }

    @Override
    public void publish(AccountUpdate update) {
        if (LOG.isInfoEnabled()) {
            LOG.info(format(update));
        }
    }

    @Override
    public void linkChanged(String monitor, AccountId account, LinkStatus status) {
        LOG.info("{}/{}: broker link {}{}", monitor, account, status.state(),
                status.detail().isEmpty() ? "" : " (" + status.detail() + ")");
    }

    @Override
    public void close() {
    }

    static String format(AccountUpdate update) {
        AccountSnapshot snapshot = update.current();
        StringBuilder line = new StringBuilder();
        line.append(update.monitor()).append('/').append(update.account()).append(": balance ")
                .append(snapshot.balance().toPlainString()).append(' ').append(snapshot.currency())
                .append(", equity ").append(snapshot.equity().toPlainString())
                .append(", margin used ").append(snapshot.usedMargin().toPlainString())
                .append(", free ").append(snapshot.freeMargin().toPlainString());
        if (snapshot.marginLevel() != null) {
            line.append(", level ").append(snapshot.marginLevel().toPlainString()).append('%');
        }
        line.append(", unrealized ").append(signed(snapshot.unrealizedPnl()))
                .append(", ").append(snapshot.positions().size()).append(" open position(s)");
        List<String> events = new ArrayList<>();
        for (Position position : update.openedPositions()) {
            events.add("opened " + position.side() + " " + position.volume().toPlainString() + " " + position.symbol()
                    + " #" + position.positionId());
        }
        for (Position position : update.closedPositions()) {
            events.add("closed position #" + position.positionId() + " " + position.symbol());
        }
        for (Deal deal : update.newDeals()) {
            if (deal.closing()) {
                events.add("deal " + deal.dealId() + " closed " + deal.symbol() + " " + signed(deal.netProfit()) + " "
                        + snapshot.currency());
            } else {
                events.add("deal " + deal.dealId() + " " + deal.side() + " " + deal.volume().toPlainString() + " "
                        + deal.symbol());
            }
        }
        if (!events.isEmpty()) {
            line.append(" | ").append(String.join("; ", events));
        }
        return line.toString();
    }

    private static String signed(BigDecimal value) {
        return value.signum() > 0 ? "+" + value.toPlainString() : value.toPlainString();
    }
}
