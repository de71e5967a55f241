package io.accountmonitor.appdaemon.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * An entity as the fake AppDaemon stores it after {@code state/set}. A copy: changing it does not
 * change the server.
 *
 * @param entityId the entity id
 * @param state the state as received; numbers keep their exact decimal text
 * @param attributes the merged attributes
 * @param lastChanged when the entity was last set, as AppDaemon writes it ({@code 2026-12-04T19:42:24+00:00})
 */
public record StoredEntity(String entityId, JsonNode state, ObjectNode attributes, String lastChanged) {
    public StoredEntity {
        Objects.requireNonNull(entityId, "entityId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(attributes, "attributes");
        Objects.requireNonNull(lastChanged, "lastChanged");
    }

    /** Returns the attribute {@code name} as text, or {@code null} when it is absent. */
    public String attribute(String name) {
        JsonNode value = attributes.get(name);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** Returns the entity in AppDaemon's state format: entity_id, state, attributes, last_changed. */
    ObjectNode toJson() {
        ObjectNode json = FakeJson.object();
        json.put("entity_id", entityId);
        json.set("state", state.deepCopy());
        json.set("attributes", attributes.deepCopy());
        json.put("last_changed", lastChanged);
        return json;
    }
}
