package io.accountmonitor.appdaemon;

/** State of the sink's connection to AppDaemon. */
public enum ConnectionState {
    /** Created; {@link AppDaemonSink#start()} was not called yet. */
    NEW,
    /** Opening the TCP connection and the websocket handshake. */
    CONNECTING,
    /** The websocket is open; {@code hello} was sent and its reply is awaited. */
    AUTHENTICATING,
    /** AppDaemon accepted {@code hello}; states and events are delivered. */
    CONNECTED,
    /** The last attempt or connection failed; a timer starts the next attempt after a backoff. */
    WAITING,
    /** Closed for good. */
    CLOSED
}
