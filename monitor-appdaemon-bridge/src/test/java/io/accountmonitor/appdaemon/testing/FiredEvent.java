package io.accountmonitor.appdaemon.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * An event a client fired in the fake AppDaemon, with {@code fire_event} or the {@code event/fire}
 * service. A copy: changing it does not change the server.
 *
 * @param connection the number of the connection that fired it
 * @param namespace the namespace it was fired in
 * @param event the event name
 * @param data the event data
 */
public record FiredEvent(int connection, String namespace, String event, ObjectNode data) {
    public FiredEvent {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(data, "data");
    }
}
