package io.accountmonitor.appdaemon;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.accountmonitor.core.spi.Secret;

/**
 * Builds the request frames the bridge sends: {@code hello}, {@code call_service} with
 * {@code state/set}, and {@code fire_event}. Every frame carries {@code request_type}, a
 * {@code request_id} and a {@code data} object; {@code call_service} always spells the domain out.
 */
final class Frames {
    static final String HELLO = "hello";
    static final String CALL_SERVICE = "call_service";
    static final String FIRE_EVENT = "fire_event";

    private Frames() {
    }

    /** Builds {@code hello}; the password is included only when it is set. */
    static ObjectNode hello(String requestId, String clientName, Secret password) {
        ObjectNode data = Json.object();
        data.put("client_name", clientName);
        if (password != null) {
            data.put("password", password.reveal());
        }
        return request(HELLO, requestId, data);
    }

    /** Builds {@code call_service state/set} for one entity in {@code namespace}. */
    static ObjectNode stateSet(String requestId, String namespace, EntityState entity) {
        ObjectNode serviceData = Json.object();
        serviceData.put("entity_id", entity.entityId());
        serviceData.set("state", entity.state());
        serviceData.set("attributes", entity.attributes());
        ObjectNode data = Json.object();
        data.put("namespace", namespace);
        data.put("domain", "state");
        data.put("service", "set");
        data.set("data", serviceData);
        return request(CALL_SERVICE, requestId, data);
    }

    /** Builds {@code fire_event} of {@code event} in {@code namespace}. */
    static ObjectNode fireEvent(String requestId, String namespace, OutgoingEvent event) {
        ObjectNode data = Json.object();
        data.put("namespace", namespace);
        data.put("event", event.name());
        data.set("data", event.data());
        return request(FIRE_EVENT, requestId, data);
    }

    private static ObjectNode request(String type, String requestId, ObjectNode data) {
        ObjectNode frame = Json.object();
        frame.put("request_type", type);
        frame.put("request_id", requestId);
        frame.set("data", data);
        return frame;
    }
}
