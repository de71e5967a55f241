package io.accountmonitor.appdaemon.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One text frame the fake AppDaemon received, recorded before it was handled.
 *
 * @param connection the number of the connection it came on, starting at 1 for the server's first
 * @param text the frame's text exactly as received
 */
public record ReceivedFrame(int connection, String text) {
    public ReceivedFrame {
        Objects.requireNonNull(text, "text");
    }

    /** Returns the frame parsed as JSON, or {@code null} when it is not JSON. */
    public JsonNode json() {
        return FakeJson.parseOrNull(text);
    }

    /** Returns the {@code request_type}, or an empty string when the frame has none. */
    public String requestType() {
        JsonNode json = json();
        return json == null ? "" : json.path("request_type").asText("");
    }

    /** Returns whether this is a {@code call_service state/set} of {@code entityId}. */
    public boolean isStateSetOf(String entityId) {
        JsonNode json = json();
        return json != null && requestType().equals("call_service")
                && json.path("data").path("domain").asText().equals("state")
                && json.path("data").path("service").asText().equals("set")
                && json.path("data").path("data").path("entity_id").asText().equals(entityId);
    }

    /** Returns whether this is a {@code fire_event} of {@code event}. */
    public boolean isFireEventOf(String event) {
        JsonNode json = json();
        return json != null && requestType().equals("fire_event")
                && json.path("data").path("event").asText().equals(event);
    }
}
