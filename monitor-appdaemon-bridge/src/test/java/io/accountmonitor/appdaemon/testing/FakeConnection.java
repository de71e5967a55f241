package io.accountmonitor.appdaemon.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection of the fake AppDaemon: the Jetty websocket endpoint plus the state that
 * AppDaemon keeps per connection (authenticated or not, client name, subscriptions). Jetty delivers
 * one frame at a time per connection, as AppDaemon's receive loop handles one request at a time.
 *
 * <p>Public only because Jetty calls the listener methods through method handles, which requires a
 * public class; tests use {@link FakeAppDaemon} instead.
 */
public final class FakeConnection implements Session.Listener.AutoDemanding {
    private static final Logger LOG = LoggerFactory.getLogger(FakeConnection.class);

    /** A {@code listen_state} or {@code listen_event} subscription. */
    record Subscription(String namespace, String pattern, JsonNode requestId) {
    }

    private final FakeAppDaemon server;
    private final int number;
    private Session session;

    // Guarded by the server's lock.
    boolean authenticated;
    String clientName;
    final Map<String, Subscription> stateSubscriptions = new LinkedHashMap<>();
    final Map<String, Subscription> eventSubscriptions = new LinkedHashMap<>();

    FakeConnection(FakeAppDaemon server, int number) {
        this.server = server;
        this.number = number;
    }

    int number() {
        return number;
    }

    @Override
    public void onWebSocketOpen(Session openedSession) {
        this.session = openedSession;
        server.connectionOpened(this);
    }

    @Override
    public void onWebSocketText(String text) {
        server.frameReceived(this, text);
    }

    @Override
    public void onWebSocketPing(ByteBuffer payload) {
        // Overriding this method turns off Jetty's automatic pong, so the fake decides.
        server.pingReceived(this, payload);
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        server.connectionClosed(this);
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        LOG.debug("Fake AppDaemon connection {} failed: {}", number, cause.toString());
        server.connectionClosed(this);
    }

    void send(JsonNode message) {
        sendText(FakeJson.write(message));
    }

    void sendText(String text) {
        Session current = session;
        if (current != null && current.isOpen()) {
            current.sendText(text, Callback.NOOP);
        }
    }

    void pong(ByteBuffer payload) {
        Session current = session;
        if (current != null && current.isOpen()) {
            current.sendPong(payload, Callback.NOOP);
        }
    }

    /** Closes the connection with a close frame of {@code code}, as AppDaemon does after an error. */
    void close(int code) {
        Session current = session;
        if (current != null && current.isOpen()) {
            current.close(code, "", Callback.NOOP);
        }
    }

    /** Drops the TCP connection without a close frame. */
    void disconnect() {
        Session current = session;
        if (current != null) {
            current.disconnect();
        }
    }
}
