package io.accountmonitor.appdaemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.accountmonitor.core.model.AccountId;
import io.accountmonitor.core.model.AccountSnapshot;
import io.accountmonitor.core.model.LinkState;
import io.accountmonitor.core.model.LinkStatus;
import io.accountmonitor.core.model.Position;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Maps account snapshots and link states to Home Assistant entities: one sensor per {@link Figure}
 * and one connectivity binary sensor per account. Stateless and thread-safe.
 */
final class AccountEntities {
    /**
     * Maximum number of positions listed in the {@code positions} attribute. Home Assistant's
     * recorder skips attributes larger than 16 KiB, and 20 positions stay far below that.
     */
    static final int MAX_LISTED_POSITIONS = 20;

    /** The state Home Assistant shows for a sensor without a value. */
    static final String UNKNOWN = "unknown";

    private final EntityNaming naming;

    AccountEntities(EntityNaming naming) {
        this.naming = naming;
    }

    /** Returns the sensors of the account of {@code snapshot}, one per figure, in {@link Figure} order. */
    List<EntityState> sensors(String monitor, AccountSnapshot snapshot) {
        List<EntityState> states = new ArrayList<>(Figure.values().length);
        for (Figure figure : Figure.values()) {
            ObjectNode attributes = Json.object();
            attributes.put("friendly_name", friendlyName(snapshot.account(), figure.label()));
            switch (figure.kind()) {
                case MONEY -> {
                    attributes.put("unit_of_measurement", snapshot.currency());
                    attributes.put("device_class", "monetary");
                    // Home Assistant accepts only state class "total" for monetary sensors.
                    attributes.put("state_class", "total");
                }
                case PERCENT -> {
                    attributes.put("unit_of_measurement", "%");
                    attributes.put("state_class", "measurement");
                }
                case COUNT -> attributes.put("state_class", "measurement");
            }
            attributes.put("icon", figure.icon());
            attributes.put("account", snapshot.account().value());
            attributes.put("monitor", monitor);
            attributes.put("currency", snapshot.currency());
            attributes.put(EntityState.CHECKED_AT, snapshot.fetchedAt().toString());
            if (figure == Figure.OPEN_POSITIONS) {
                attributes.set("positions", positions(snapshot.positions()));
            }
            states.add(new EntityState(naming.sensor(snapshot.account(), figure), value(snapshot, figure), attributes));
        }
        return states;
    }

    /** Returns the binary sensor that is {@code on} while the broker link of {@code account} is up. */
    EntityState connected(String monitor, AccountId account, LinkStatus status) {
        ObjectNode attributes = Json.object();
        attributes.put("friendly_name", friendlyName(account, "Connected"));
        attributes.put("device_class", "connectivity");
        attributes.put("link_state", status.state().name().toLowerCase(Locale.ROOT));
        attributes.put("detail", status.detail());
        attributes.put("since", status.since().toString());
        attributes.put("account", account.value());
        attributes.put("monitor", monitor);
        JsonNode state = Json.NODES.textNode(status.state() == LinkState.UP ? "on" : "off");
        return new EntityState(naming.connectedBinarySensor(account), state, attributes);
    }

    private String friendlyName(AccountId account, String label) {
        return naming.prefix() + " " + account.value() + " " + label;
    }

    private static JsonNode value(AccountSnapshot snapshot, Figure figure) {
        return switch (figure) {
            case BALANCE -> money(snapshot.balance());
            case EQUITY -> money(snapshot.equity());
            case MARGIN_USED -> money(snapshot.usedMargin());
            case FREE_MARGIN -> money(snapshot.freeMargin());
            case MARGIN_LEVEL -> money(snapshot.marginLevel());
            case UNREALIZED_PNL -> money(snapshot.unrealizedPnl());
            case OPEN_POSITIONS -> Json.NODES.numberNode(snapshot.positions().size());
        };
    }

    private static JsonNode money(BigDecimal value) {
        return value == null ? Json.NODES.textNode(UNKNOWN) : Json.NODES.numberNode(value);
    }

    private static ArrayNode positions(List<Position> positions) {
        ArrayNode list = Json.NODES.arrayNode();
        for (Position position : positions.subList(0, Math.min(positions.size(), MAX_LISTED_POSITIONS))) {
            ObjectNode item = list.addObject();
            item.put("position_id", position.positionId());
            item.put("symbol", position.symbol());
            item.put("side", position.side().name().toLowerCase(Locale.ROOT));
            item.put("volume", position.volume());
            item.put("entry_price", position.entryPrice());
            item.put("unrealized_pnl", position.unrealizedPnl());
        }
        return list;
    }
}
