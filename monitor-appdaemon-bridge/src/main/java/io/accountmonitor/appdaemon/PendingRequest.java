package io.accountmonitor.appdaemon;

import io.accountmonitor.core.spi.Cancellable;

/**
 * A request sent on a {@link StreamSession} whose reply has not arrived.
 *
 * @param requestId the {@code request_id}, echoed as {@code response_id}
 * @param requestType the {@code request_type}
 * @param kind what the request delivers
 * @param subject what the request is about, for log lines: {@code hello}, an entity id or an event name
 * @param eventSequence the buffer sequence of the event, or -1 when the request carries no event
 * @param timeout the timer that fails the session when no reply arrives in time
 */
record PendingRequest(
        String requestId,
        String requestType,
        Kind kind,
        String subject,
        long eventSequence,
        Cancellable timeout) {

    /** Purpose of a request. */
    enum Kind {
        HELLO,
        STATE,
        EVENT
    }

    /** Returns the request as log lines name it, such as {@code state/set of sensor.ctrader_1_balance}. */
    String describe() {
        return switch (kind) {
            case HELLO -> "hello";
            case STATE -> "state/set of " + subject;
            case EVENT -> "fire_event " + subject;
        };
    }
}
