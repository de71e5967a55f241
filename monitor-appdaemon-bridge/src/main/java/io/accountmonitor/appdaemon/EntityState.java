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
    /**
     * The attribute with the time of the check that produced the state. It changes on every check,
     * so a change in it alone is not sent, because each send is a state_changed event and a row in
     * Home Assistant's recorder.
     */
    static final String CHECKED_AT = "last_update";

    EntityState {
        Objects.requireNonNull(entityId, "entityId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(attributes, "attributes");
    }

    /** Returns whether {@code other} shows the same entity, state and attributes, apart from {@link #CHECKED_AT}. */
    boolean sameFiguresAs(EntityState other) {
        if (other == null || !entityId.equals(other.entityId) || !state.equals(other.state)) {
            return false;
        }
        if (!attributes.has(CHECKED_AT) && !other.attributes.has(CHECKED_AT)) {
            return attributes.equals(other.attributes);
        }
        ObjectNode mine = attributes.deepCopy();
        ObjectNode theirs = other.attributes.deepCopy();
        mine.remove(CHECKED_AT);
        theirs.remove(CHECKED_AT);
        return mine.equals(theirs);
    }
}
