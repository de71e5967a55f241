package io.accountmonitor.appdaemon.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fake AppDaemon 4.5.11 stream server for tests: a real websocket server on 127.0.0.1 that
 * speaks AppDaemon's stream protocol at {@code /stream}, including the edges where AppDaemon drops
 * the connection, stores entity states per namespace, and records every frame it receives.
 *
 * <pre>{@code
 * try (FakeAppDaemon appDaemon = FakeAppDaemon.create().addNamespace("trading").start()) {
 *     // connect a client to appDaemon.streamUri(), then:
 *     StoredEntity balance = appDaemon.awaitEntity("trading", "sensor.ctrader_1_balance",
 *             entity -> true, Duration.ofSeconds(5));
 * }
 * }</pre>
 *
 * <p>What it reproduces: the reply envelope ({@code response_type}, {@code response_id},
 * {@code response_success}, {@code data} or {@code response_error}, and the {@code request} echo);
 * an optional password ({@code unauthorized} before {@code hello}, {@code authorization failed} for a
 * wrong one, socket open); the namespaces {@code default}, {@code admin} and {@code rules} plus
 * added ones; {@code state/set} merging attributes and firing {@code state_changed};
 * {@code fire_event}; {@code listen_state} and {@code listen_event} pushes to the first matching
 * subscription of a connection only; pongs but no pings of its own; a close (1000, no reply) after a
 * frame that is not an object or lacks a non-empty {@code request_type}; one error reply and then a
 * close (1000) after an error inside a handler (unknown namespace, {@code data} not an object, a
 * service without a domain); and no reply to text that is not JSON.
 *
 * <p>Test knobs: {@link #stop()} and {@link #start()} again on the same port, as an AppDaemon restart;
 * {@link #mode(Mode)} to stay silent, drop every connection or send malformed replies;
 * {@link #disconnectAll()}; and the records of received frames and fired events.
 *
 * <p>Thread-safe. Jetty's own threads (a small pool) serve the connections; they are not counted
 * in the product's thread budget.
 */
public final class FakeAppDaemon implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FakeAppDaemon.class);

    /** How the server treats connections and requests. */
    public enum Mode {
        /** Replies like AppDaemon 4.5.11. */
        NORMAL,
        /** Accepts connections and records frames, but replies to nothing, not even to a ping. */
        SILENT,
        /** Drops every new connection right after the websocket handshake, without a close frame. */
        DROP_CONNECTIONS,
        /**
         * Replies to every request with four malformed frames: text that is not JSON, a JSON array, an
         * object without {@code response_id}, and a reply with the right {@code response_id} but no
         * {@code response_success}.
         */
        MALFORMED_REPLIES
    }

    private final FakeProtocol protocol = new FakeProtocol(Clock.systemUTC());
    private final List<FakeConnection> connections = new ArrayList<>();
    private final List<ReceivedFrame> frames = new ArrayList<>();
    private Server server;
    private int port;
    private int connectionCount;
    private int pingCount;
    private Mode mode = Mode.NORMAL;
    private boolean closed;

    private FakeAppDaemon() {
    }

    /** Creates a server that is not listening yet; configure it, then call {@link #start()}. */
    public static FakeAppDaemon create() {
        return new FakeAppDaemon();
    }

    /** Requires {@code password} in {@code hello}, like {@code http.password}; {@code null} turns it off. */
    public synchronized FakeAppDaemon password(String password) {
        protocol.password(password);
        return this;
    }

    /** Declares a user namespace held in memory, like {@code appdaemon: namespaces: NAME: {}}. */
    public FakeAppDaemon addNamespace(String name) {
        return addNamespace(name, false);
    }

    /** Declares a user namespace; with {@code writeback} its entities survive {@link #stop()}. */
    public synchronized FakeAppDaemon addNamespace(String name, boolean writeback) {
        protocol.addNamespace(name, writeback);
        return this;
    }

    /**
     * Starts listening on 127.0.0.1: on an ephemeral port the first time, on the same port after
     * {@link #stop()}. Returns once the port accepts connections.
     *
     * @throws IllegalStateException if the server cannot start, for example because the port is taken
     */
    public synchronized FakeAppDaemon start() {
        if (closed) {
            throw new IllegalStateException("the fake AppDaemon is closed");
        }
        if (server != null) {
            return this;
        }

        QueuedThreadPool threads = new QueuedThreadPool(12, 2);
        threads.setName("fake-appdaemon");
        Server jetty = new Server(threads);
        ServerConnector connector = new ServerConnector(jetty, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        connector.setReuseAddress(true);
        jetty.addConnector(connector);

        WebSocketUpgradeHandler upgrade = WebSocketUpgradeHandler.from(jetty, container -> {
            // AppDaemon (aiohttp) never closes idle sockets and reads messages of up to 4 MiB.
            container.setIdleTimeout(Duration.ofHours(1));
            container.setMaxTextMessageSize(4 * 1024 * 1024);
            container.addMapping("/stream", (request, response, callback) -> newConnection());
        });
        upgrade.setHandler(new PlainRequestHandler());
        jetty.setHandler(upgrade);

        try {
            jetty.start();
        } catch (Exception e) {
            stopQuietly(jetty);
            throw new IllegalStateException("cannot start the fake AppDaemon on 127.0.0.1:" + port + ": " + e, e);
        }
        port = connector.getLocalPort();
        server = jetty;
        LOG.info("Fake AppDaemon listening on {}", streamUri());
        return this;
    }

    /**
     * Stops listening and closes every connection, as an AppDaemon shutdown does, and removes the
     * entities of namespaces without writeback. The fake has no Home Assistant behind
     * {@code default}, so that namespace loses its entities too. Records are kept.
     */
    public void stop() {
        Server running;
        synchronized (this) {
            running = server;
            server = null;
            protocol.restart();
        }
        if (running != null) {
            stopQuietly(running);
            LOG.info("Fake AppDaemon on port {} stopped", port);
        }
        synchronized (this) {
            connections.clear();
            notifyAll();
        }
    }

    /** Stops the server for good. */
    @Override
    public void close() {
        stop();
        synchronized (this) {
            closed = true;
        }
    }

    /** Returns the port; 0 before the first {@link #start()}. */
    public synchronized int port() {
        return port;
    }

    /** Returns {@code ws://127.0.0.1:PORT/stream}. */
    public synchronized URI streamUri() {
        return URI.create("ws://127.0.0.1:" + port + "/stream");
    }

    public synchronized FakeAppDaemon mode(Mode value) {
        this.mode = value;
        return this;
    }

    /** Drops every open connection without a close frame, as a network failure does. */
    public synchronized void disconnectAll() {
        for (FakeConnection connection : List.copyOf(connections)) {
            connection.disconnect();
        }
    }

    /**
     * Removes every entity of {@code namespace} while the server runs, as a Home Assistant restart
     * removes the entities created through its REST API behind AppDaemon's HASS plugin.
     */
    public synchronized void clearEntities(String namespace) {
        protocol.clearEntities(namespace);
    }

    /** Returns the entity {@code entityId} of {@code namespace}, if it was set. */
    public synchronized Optional<StoredEntity> entity(String namespace, String entityId) {
        return Optional.ofNullable(protocol.entities(namespace).get(entityId));
    }

    /** Returns every entity of {@code namespace} by entity id; empty for an unknown namespace. */
    public synchronized Map<String, StoredEntity> entities(String namespace) {
        return protocol.entities(namespace);
    }

    /** Returns every event that clients fired, oldest first. */
    public synchronized List<FiredEvent> firedEvents() {
        return protocol.firedEvents();
    }

    /** Returns the events named {@code event} that clients fired, oldest first. */
    public synchronized List<FiredEvent> firedEvents(String event) {
        return protocol.firedEvents().stream().filter(fired -> fired.event().equals(event)).toList();
    }

    /** Returns every text frame received, in arrival order. */
    public synchronized List<ReceivedFrame> receivedFrames() {
        return List.copyOf(frames);
    }

    /** Returns the frames for which {@code filter} holds, in arrival order. */
    public synchronized List<ReceivedFrame> receivedFrames(Predicate<ReceivedFrame> filter) {
        return frames.stream().filter(filter).toList();
    }

    /** Returns the number of websocket connections accepted since creation. */
    public synchronized int connectionCount() {
        return connectionCount;
    }

    public synchronized int openConnectionCount() {
        return connections.size();
    }

    /** Returns the number of websocket pings received since creation. */
    public synchronized int pingCount() {
        return pingCount;
    }

    /** Clears the records of received frames and fired events; entities stay. */
    public synchronized void clearRecords() {
        frames.clear();
        protocol.clearFiredEvents();
    }

    /**
     * Waits until {@code condition} holds, re-checking it whenever the server receives a frame, stores
     * an entity, or opens or closes a connection. The condition runs under the server's lock, so it
     * may call this server's methods.
     *
     * @throws AssertionError if the condition does not hold within {@code timeout}; the message
     *     starts with {@code description}
     */
    public synchronized void await(String description, BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw new AssertionError(description + ": not reached within " + timeout.toMillis() + " ms");
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, remaining);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(description + ": interrupted while waiting", e);
            }
        }
    }

    /** Waits for entity {@code entityId} of {@code namespace} to satisfy {@code condition} and returns it. */
    public StoredEntity awaitEntity(String namespace, String entityId, Predicate<StoredEntity> condition,
            Duration timeout) {
        await("entity " + entityId + " in namespace " + namespace,
                () -> entity(namespace, entityId).filter(condition).isPresent(), timeout);
        return entity(namespace, entityId).orElseThrow();
    }

    /** Waits until at least {@code count} events named {@code event} were fired and returns all of them. */
    public List<FiredEvent> awaitEvents(String event, int count, Duration timeout) {
        await(count + " events " + event, () -> firedEvents(event).size() >= count, timeout);
        return firedEvents(event);
    }

    /** Waits until at least {@code count} received frames satisfy {@code filter} and returns them. */
    public List<ReceivedFrame> awaitFrames(Predicate<ReceivedFrame> filter, int count, Duration timeout) {
        await(count + " matching frames", () -> receivedFrames(filter).size() >= count, timeout);
        return receivedFrames(filter);
    }

    /** Waits until at least {@code count} connections were accepted since creation. */
    public void awaitConnections(int count, Duration timeout) {
        await(count + " connections", () -> connectionCount() >= count, timeout);
    }

    // ---- Called by connections ----

    private synchronized FakeConnection newConnection() {
        return new FakeConnection(this, ++connectionCount);
    }

    synchronized void connectionOpened(FakeConnection connection) {
        if (mode == Mode.DROP_CONNECTIONS) {
            LOG.info("Fake AppDaemon drops connection {}", connection.number());
            connection.disconnect();
            notifyAll();
            return;
        }
        connections.add(connection);
        notifyAll();
    }

    synchronized void frameReceived(FakeConnection connection, String text) {
        frames.add(new ReceivedFrame(connection.number(), text));
        switch (mode) {
            case NORMAL -> protocol.handle(connection, text, List.copyOf(connections));
            case MALFORMED_REPLIES -> sendMalformedReplies(connection, text);
            case SILENT, DROP_CONNECTIONS -> {
                // A silent server records the frame and sends nothing.
            }
        }
        notifyAll();
    }

    synchronized void pingReceived(FakeConnection connection, ByteBuffer payload) {
        pingCount++;
        if (mode != Mode.SILENT) {
            connection.pong(payload);
        }
        notifyAll();
    }

    synchronized void connectionClosed(FakeConnection connection) {
        if (connections.remove(connection)) {
            protocol.connectionEnded(connection, List.copyOf(connections));
        }
        notifyAll();
    }

    private static void sendMalformedReplies(FakeConnection connection, String text) {
        connection.sendText("this is not JSON {");
        connection.sendText("[1, 2, 3]");
        connection.sendText("{\"response_type\": \"hello\", \"response_success\": true}");
        ObjectNode reply = FakeJson.object();
        var request = FakeJson.parseOrNull(text);
        if (request != null && request.has("request_id")) {
            reply.set("response_id", request.get("request_id"));
        }
        reply.put("response_type", request == null ? "" : request.path("request_type").asText());
        reply.putObject("data");
        connection.send(reply);
    }

    private static void stopQuietly(Server jetty) {
        try {
            jetty.stop();
        } catch (Exception e) {
            LOG.warn("Stopping the fake AppDaemon's Jetty server failed", e);
        }
    }

    /** Handles plain HTTP requests as AppDaemon's aiohttp server does: 400 on /stream, else 404. */
    private static final class PlainRequestHandler extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            if (Request.getPathInContext(request).equals("/stream")) {
                Response.writeError(request, response, callback, 400, "No WebSocket UPGRADE hdr");
            } else {
                Response.writeError(request, response, callback, 404);
            }
            return true;
        }
    }
}
