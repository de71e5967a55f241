package io.accountmonitor.appdaemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * The state and attributes that one {@code state/set} gives an AppDaemon entity. The nodes are not
 * changed after construction, so one instance may be shared between threads.
 *
 * @param entityId the entity id, such as {@code sensor.ctrader_12345678_balance}
 * @param state the state: a number, a string such as {@code on}, or {@code unknown}
 * @param attributes Home Assistant attributes, merged by AppDaemon into the existing ones
 */
record EntityState(String entityId, JsonNode state, ObjectNode attributes) {
    EntityState {
        Objects.requireNonNull(entityId, "entityId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(attributes, "attributes");
    }
}
