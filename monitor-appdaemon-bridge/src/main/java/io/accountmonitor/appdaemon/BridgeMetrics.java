package io.accountmonitor.appdaemon;

import io.accountmonitor.core.spi.Metrics;
import io.accountmonitor.core.spi.Metrics.Counter;

/** The counters of one AppDaemon sink, looked up once. Names start with the plugin type. */
final class BridgeMetrics {
    static final String CONNECT_ATTEMPTS = "appdaemon.connect.attempts";
    static final String CONNECTS = "appdaemon.connects";
    static final String DISCONNECTS = "appdaemon.disconnects";
    static final String STATES_SENT = "appdaemon.states.sent";
    static final String STATES_DELIVERED = "appdaemon.states.delivered";
    static final String EVENTS_SENT = "appdaemon.events.sent";
    static final String EVENTS_DELIVERED = "appdaemon.events.delivered";
    static final String EVENTS_DROPPED = "appdaemon.events.dropped";
    static final String EVENTS_REJECTED = "appdaemon.events.rejected";
    static final String EVENTS_DUPLICATE = "appdaemon.events.duplicate";
    static final String FRAMES_INVALID = "appdaemon.frames.invalid";
    static final String FRAMES_MALFORMED = "appdaemon.frames.malformed";
    static final String ERRORS = "appdaemon.errors";
    static final String TIMEOUTS = "appdaemon.timeouts";
    static final String PONGS = "appdaemon.pongs";
    static final String EVENTS_BUFFERED = "appdaemon.events.buffered";
    static final String ENTITIES = "appdaemon.entities";
    static final String CONNECTED = "appdaemon.connected";

    final Metrics registry;
    final Counter connectAttempts;
    final Counter connects;
    final Counter disconnects;
    final Counter statesSent;
    final Counter statesDelivered;
    final Counter eventsSent;
    final Counter eventsDelivered;
    final Counter eventsDropped;
    final Counter eventsRejected;
    final Counter eventsDuplicate;
    final Counter framesInvalid;
    final Counter framesMalformed;
    final Counter pongs;

    BridgeMetrics(Metrics registry) {
        this.registry = registry;
        describe(registry);
        this.connectAttempts = registry.counter(CONNECT_ATTEMPTS);
        this.connects = registry.counter(CONNECTS);
        this.disconnects = registry.counter(DISCONNECTS);
        this.statesSent = registry.counter(STATES_SENT);
        this.statesDelivered = registry.counter(STATES_DELIVERED);
        this.eventsSent = registry.counter(EVENTS_SENT);
        this.eventsDelivered = registry.counter(EVENTS_DELIVERED);
        this.eventsDropped = registry.counter(EVENTS_DROPPED);
        this.eventsRejected = registry.counter(EVENTS_REJECTED);
        this.eventsDuplicate = registry.counter(EVENTS_DUPLICATE);
        this.framesInvalid = registry.counter(FRAMES_INVALID);
        this.framesMalformed = registry.counter(FRAMES_MALFORMED);
        this.pongs = registry.counter(PONGS);
    }

    /** Counts one error reply of {@code kind}. */
    void error(ErrorAdvice.Kind kind) {
        registry.counter(ERRORS, "kind", kind.tag()).increment();
    }

    /** Counts one timeout of {@code kind}: connect, request or pong. */
    void timeout(String kind) {
        registry.counter(TIMEOUTS, "kind", kind).increment();
    }

    /** Gives {@code registry} the help text of every metric of the sink, as docs/appdaemon.md lists them. */
    private static void describe(Metrics registry) {
        registry.describe(CONNECT_ATTEMPTS, "Connection attempts to AppDaemon");
        registry.describe(CONNECTS, "Connections on which AppDaemon accepted hello");
        registry.describe(DISCONNECTS, "Accepted connections that ended");
        registry.describe(STATES_SENT, "state/set requests sent");
        registry.describe(STATES_DELIVERED, "state/set requests acknowledged");
        registry.describe(EVENTS_SENT, "fire_event requests sent");
        registry.describe(EVENTS_DELIVERED, "fire_event requests acknowledged");
        registry.describe(EVENTS_DROPPED, "Events dropped from a full buffer");
        registry.describe(EVENTS_REJECTED, "Events dropped after repeated error replies");
        registry.describe(EVENTS_DUPLICATE, "Deals handed in twice and published once");
        registry.describe(FRAMES_INVALID, "Frames refused by the check before sending");
        registry.describe(FRAMES_MALFORMED, "Frames from AppDaemon that are not a usable reply");
        registry.describe(ERRORS, "Error replies from AppDaemon, by kind");
        registry.describe(TIMEOUTS, "Connect, request and pong timeouts, by kind");
        registry.describe(PONGS, "Pongs received");
        registry.describe(EVENTS_BUFFERED, "Events waiting for AppDaemon");
        registry.describe(ENTITIES, "Entities known to the sink");
        registry.describe(CONNECTED, "1 while connected to AppDaemon, else 0");
    }
}
