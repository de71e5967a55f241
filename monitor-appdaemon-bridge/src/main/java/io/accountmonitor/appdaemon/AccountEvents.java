package io.accountmonitor.appdaemon;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.accountmonitor.core.model.AccountId;
import io.accountmonitor.core.model.AccountUpdate;
import io.accountmonitor.core.model.Deal;
import io.accountmonitor.core.model.LinkState;
import io.accountmonitor.core.model.LinkStatus;
import io.accountmonitor.core.model.Position;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Maps account updates and link changes to AppDaemon events: {@code <prefix>_position_opened},
 * {@code <prefix>_position_closed}, {@code <prefix>_deal_closed} and {@code <prefix>_link_changed}.
 * Stateless and thread-safe; the sink removes deals it already published.
 */
final class AccountEvents {
    static final String POSITION_OPENED = "position_opened";
    static final String POSITION_CLOSED = "position_closed";
    static final String DEAL_CLOSED = "deal_closed";
    static final String LINK_CHANGED = "link_changed";

    private final EntityNaming naming;

    AccountEvents(EntityNaming naming) {
        this.naming = naming;
    }

    /**
     * Returns the events of {@code update} in this order: positions opened, positions closed, then
     * one event per closing deal in {@code deals}, oldest first. Opening deals produce no event.
     */
    List<OutgoingEvent> forUpdate(AccountUpdate update, List<Deal> deals) {
        String currency = update.current().currency();
        List<OutgoingEvent> events = new ArrayList<>();
        for (Position position : update.openedPositions()) {
            events.add(new OutgoingEvent(naming.event(POSITION_OPENED), position(update, position, currency)));
        }
        for (Position position : update.closedPositions()) {
            events.add(new OutgoingEvent(naming.event(POSITION_CLOSED), position(update, position, currency)));
        }
        for (Deal deal : deals) {
            if (deal.closing()) {
                events.add(new OutgoingEvent(naming.event(DEAL_CLOSED), deal(update, deal, currency)));
            }
        }
        return events;
    }

    OutgoingEvent linkChanged(String monitor, AccountId account, LinkStatus status) {
        ObjectNode data = Json.object();
        data.put("account", account.value());
        data.put("monitor", monitor);
        data.put("state", status.state().name().toLowerCase(Locale.ROOT));
        data.put("connected", status.state() == LinkState.UP);
        data.put("detail", status.detail());
        data.put("since", status.since().toString());
        return new OutgoingEvent(naming.event(LINK_CHANGED), data);
    }

    private static ObjectNode deal(AccountUpdate update, Deal deal, String currency) {
        ObjectNode data = Json.object();
        data.put("deal_id", deal.dealId());
        data.put("position_id", deal.positionId());
        data.put("symbol", deal.symbol());
        data.put("side", deal.side().name().toLowerCase(Locale.ROOT));
        data.put("volume", deal.volume());
        data.put("price", deal.price());
        data.put("gross_profit", deal.grossProfit());
        data.put("swap", deal.swap());
        data.put("commission", deal.commission());
        data.put("net_profit", deal.netProfit());
        if (deal.balanceAfter() == null) {
            data.putNull("balance_after");
        } else {
            data.put("balance_after", deal.balanceAfter());
        }
        data.put("currency", currency);
        data.put("executed_at", deal.executedAt().toString());
        data.put("account", update.account().value());
        data.put("monitor", update.monitor());
        return data;
    }

    private static ObjectNode position(AccountUpdate update, Position position, String currency) {
        ObjectNode data = Json.object();
        data.put("position_id", position.positionId());
        data.put("symbol", position.symbol());
        data.put("side", position.side().name().toLowerCase(Locale.ROOT));
        data.put("volume", position.volume());
        data.put("entry_price", position.entryPrice());
        data.put("unrealized_pnl", position.unrealizedPnl());
        data.put("swap", position.swap());
        data.put("commission", position.commission());
        data.put("used_margin", position.usedMargin());
        data.put("opened_at", position.openedAt().toString());
        data.put("currency", currency);
        data.put("account", update.account().value());
        data.put("monitor", update.monitor());
        return data;
    }
}
