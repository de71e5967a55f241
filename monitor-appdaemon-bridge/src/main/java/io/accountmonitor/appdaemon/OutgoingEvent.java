package io.accountmonitor.appdaemon;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * One event to fire in AppDaemon. The data node is not changed after construction.
 *
 * @param name the event name, such as {@code ctrader_deal_closed}
 * @param data the event data that AppDaemon apps receive in {@code listen_event} callbacks
 */
record OutgoingEvent(String name, ObjectNode data) {
    OutgoingEvent {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(data, "data");
    }
}
