package io.accountmonitor.appdaemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.accountmonitor.core.model.LinkState;
import io.accountmonitor.core.model.LinkStatus;
import io.accountmonitor.core.spi.Cancellable;
import io.accountmonitor.core.spi.HostContext;
import io.accountmonitor.core.spi.TimerService;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one websocket connection to AppDaemon alive and delivers entity states and events over it.
 *
 * <p>Each connection starts with {@code hello}; once AppDaemon accepts it, every known entity is
 * sent (the full state, since AppDaemon may have restarted and lost it), then changes as they come:
 * entity states coalesced by {@link EntityCoalescer}, events in order from {@link EventBuffer}, at
 * most {@link #MAX_IN_FLIGHT} requests awaiting replies. Any failure (a close, an I/O error, a
 * timeout, an error reply) ends the connection, and the next attempt follows after a capped,
 * jittered backoff. The backoff restarts from its initial delay only once a connection proved
 * healthy, so a persistent configuration error backs off to the cap instead of reconnecting in a loop.
 *
 * <p>Threads: {@link #offer} is called by publishers and only records and queues a flush. Timer
 * tasks run on the host's timer thread, websocket callbacks and flushes on the one-thread I/O
 * executor, which also carries the JDK HTTP client's own tasks. Connecting runs on that executor
 * because resolving the host name may block. One lock guards all state and is held only for short
 * non-blocking work; websocket sends happen after it is released.
 */
final class StreamClient implements StreamSession.Handler {
    private static final Logger LOG = LoggerFactory.getLogger(StreamClient.class);

    /**
     * Maximum number of requests awaiting a reply on one connection. AppDaemon handles the requests
     * of a socket one at a time, so a small window hides the round trip without queueing much there.
     */
    static final int MAX_IN_FLIGHT = 8;

    /** Threads the client takes from the host's budget: one that sends, receives and runs timers' work. */
    static final int IO_THREADS = 1;

    /** Number of error replies after which an event is dropped instead of retried, so later events go out. */
    static final int MAX_EVENT_REJECTIONS = 3;

    /** How long repeats of a warning or error are summarised instead of written. */
    static final Duration LOG_REPEAT_WINDOW = Duration.ofMinutes(10);

    /** Maximum wait in {@link #close} for the close frame, and again for the executor to finish. */
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(1);

    private static final String KEY_CONNECTED = "connected";
    private static final String KEY_CONNECT_FAILED = "connect-failed";
    private static final String KEY_DISCONNECTED = "disconnected";
    private static final String KEY_ERROR = "error:";
    private static final String KEY_MALFORMED = "malformed";
    private static final String KEY_BUFFER_FULL = "buffer-full";
    private static final String KEY_INVALID = "invalid:";

    private final String sinkName;
    private final AppDaemonSettings settings;
    private final URI uri;
    private final HostContext context;
    private final TimerService timer;
    private final BridgeMetrics metrics;
    private final FrameValidator validator;
    private final RepeatLimiter repeats;
    private final Duration pongTimeout;
    private final AtomicLong requestCounter = new AtomicLong();
    private final AtomicBoolean flushQueued = new AtomicBoolean();
    private final List<Consumer<ConnectionState>> listeners = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();

    // Guarded by lock.
    private final EntityCoalescer coalescer;
    private final EventBuffer buffer;
    private final ReconnectBackoff backoff;
    private ConnectionState state = ConnectionState.NEW;
    /** When the link entered the state {@link #linkStatus} reports. */
    private Instant linkSince;
    /** Whether a connection or attempt failed since AppDaemon last accepted {@code hello}. */
    private boolean failedSinceUp;
    private String lastFailure = "";
    /**
     * AppDaemon's last error reply with its advice, kept until a state or event is delivered. After
     * an abrupt close, later attempts often fail on I/O before any reply, and the advice is what
     * tells the user what to fix.
     */
    private String lastRejection;
    private ExecutorService executor;
    private HttpClient httpClient;
    private StreamSession session;
    private long sessionCount;
    private boolean sessionHealthy;
    private boolean preferEvent;
    private boolean closing;
    private long droppedSinceLog;
    private CompletableFuture<Void> drained;
    private Cancellable reconnectTimer;
    private Cancellable connectTimer;
    private Cancellable flushTimer;
    private long flushTimerDueAt;
    private Cancellable resendTimer;

    // Written under lock, read by gauges without it.
    private volatile int bufferedEvents;
    private volatile int entityCount;
    private volatile boolean connected;

    StreamClient(String sinkName, AppDaemonSettings settings, HostContext context, BridgeMetrics metrics) {
        this.sinkName = sinkName;
        this.settings = settings;
        this.uri = URI.create(settings.url());
        this.context = context;
        this.timer = context.timer();
        this.metrics = metrics;
        this.validator = new FrameValidator(settings.namespace());
        this.repeats = new RepeatLimiter(timer::nanoTime, LOG_REPEAT_WINDOW);
        this.pongTimeout = min(settings.requestTimeout(), settings.pingInterval());
        this.coalescer = new EntityCoalescer(settings.publishInterval().toNanos());
        this.buffer = new EventBuffer(settings.eventBufferSize());
        this.backoff = new ReconnectBackoff(settings.reconnectBackoff().initial(), settings.reconnectBackoff().max(),
                context.random());
        this.linkSince = context.clock().instant();
        metrics.registry.gauge(BridgeMetrics.EVENTS_BUFFERED, () -> bufferedEvents);
        metrics.registry.gauge(BridgeMetrics.ENTITIES, () -> entityCount);
        metrics.registry.gauge(BridgeMetrics.CONNECTED, () -> connected ? 1 : 0);
    }

    /**
     * Creates the I/O executor and the HTTP client, both kept until {@link #close}, and starts the
     * first connection attempt without waiting for it.
     *
     * @throws io.accountmonitor.core.spi.ThreadBudgetExceededException if the thread budget is exhausted
     * @throws IllegalStateException if called twice
     */
    void start() {
        synchronized (lock) {
            if (state != ConnectionState.NEW) {
                throw new IllegalStateException("AppDaemon sink '" + sinkName + "' was already started");
            }
            executor = context.ioThreads().newExecutor(executorPurpose(sinkName), IO_THREADS);
            // The HTTP client runs its work on this executor. The JDK (17) still starts one internal
            // selector thread per client, which no builder setting replaces, so one client serves
            // every reconnection.
            httpClient = HttpClient.newBuilder()
                    .executor(executor)
                    .connectTimeout(settings.connectTimeout())
                    .build();
            LOG.info("Starting AppDaemon sink '{}': {} namespace '{}', entity prefix '{}'", sinkName, uri,
                    settings.namespace(), settings.entityPrefix());
            beginAttemptLocked();
        }
    }

    /**
     * Records the latest {@code states} and appends {@code events} to the buffer, then queues a
     * flush on the I/O executor. Never blocks on the network; safe from any thread.
     */
    void offer(List<EntityState> states, List<OutgoingEvent> events) {
        synchronized (lock) {
            if (state == ConnectionState.CLOSED) {
                LOG.debug("AppDaemon sink '{}' is closed; ignoring {} states and {} events", sinkName,
                        states.size(), events.size());
                return;
            }
            long now = timer.nanoTime();
            for (EntityState entity : states) {
                coalescer.put(entity, now);
            }
            for (OutgoingEvent event : events) {
                EventBuffer.BufferedEvent dropped = buffer.add(event);
                if (dropped != null) {
                    eventDroppedLocked(dropped);
                }
            }
            updateGaugesLocked();
            if (state != ConnectionState.CONNECTED) {
                return;
            }
        }
        queueFlush();
    }

    /**
     * Stops delivering. When connected, first waits up to {@code drainTimeout} for the buffered
     * events and unsent states to be delivered; then closes the websocket, shuts the executor down
     * and returns the events AppDaemon has not acknowledged, oldest first. Blocks the caller for at
     * most {@code drainTimeout} plus about two seconds. Idempotent: later calls return an empty list.
     */
    List<OutgoingEvent> close(Duration drainTimeout) {
        CompletableFuture<Void> waitFor = null;
        StreamSession current;
        synchronized (lock) {
            if (state == ConnectionState.CLOSED) {
                return List.of();
            }
            closing = true;
            cancel(reconnectTimer);
            reconnectTimer = null;

            if (state == ConnectionState.CONNECTED && session != null
                    && (!buffer.isEmpty() || coalescer.dirtyCount() > 0 || session.inFlight() > 0)) {
                drained = new CompletableFuture<>();
                waitFor = drained;
                pumpLocked();
            }
            current = session;
        }
        if (current != null) {
            current.flush();
        }
        if (waitFor != null) {
            awaitQuietly(waitFor, drainTimeout, "delivering the queued events and states");
        }

        CompletableFuture<?> closed;
        List<OutgoingEvent> undelivered;
        synchronized (lock) {
            cancelTimersLocked();
            closed = session == null ? CompletableFuture.completedFuture(null)
                    : session.terminate("account monitor is stopping", true);
            session = null;
            buffer.resendInFlight();
            undelivered = buffer.pending();
            setStateLocked(ConnectionState.CLOSED);
        }
        awaitQuietly(closed, SHUTDOWN_WAIT, "sending the close frame");
        shutDownExecutor();

        if (undelivered.isEmpty()) {
            LOG.info("Closed AppDaemon sink '{}'; every event was delivered", sinkName);
        } else {
            LOG.warn("Closed AppDaemon sink '{}' with {} events AppDaemon has not acknowledged", sinkName,
                    undelivered.size());
        }
        return undelivered;
    }

    ConnectionState state() {
        synchronized (lock) {
            return state;
        }
    }

    /**
     * Returns the link to AppDaemon as {@code /health} shows it. It is CONNECTING before the first
     * connection and UP once {@code hello} is accepted. From a failure it is DOWN, with the last
     * failure, until {@code hello} is accepted again, or after an error reply until a delivery
     * succeeds. {@code since} is when the link entered that state, so retries do not move it.
     */
    LinkStatus linkStatus() {
        synchronized (lock) {
            LinkState reported = reportedLocked(state);
            String detail = switch (state) {
                case NEW -> "not started";
                case CONNECTING, AUTHENTICATING -> reported == LinkState.DOWN ? failureDetail("reconnecting now")
                        : "connecting to " + uri;
                case CONNECTED -> reported == LinkState.UP ? "connected to " + uri
                        : failureDetail("connected again, waiting for a delivery");
                case WAITING -> failureDetail("retrying with backoff");
                case CLOSED -> "closed";
            };
            return new LinkStatus(reported, detail, linkSince);
        }
    }

    /**
     * Adds a listener called with every new connection state. It runs on the thread that changed the
     * state while the client's lock is held, so it must return at once and must not call the sink.
     */
    void addStateListener(Consumer<ConnectionState> listener) {
        listeners.add(listener);
    }

    // ---- Connecting ----

    private void beginAttemptLocked() {
        setStateLocked(ConnectionState.CONNECTING);
        metrics.connectAttempts.increment();
        StreamSession attempt = new StreamSession(++sessionCount, timer, settings.requestTimeout(), this);
        session = attempt;
        sessionHealthy = false;
        connectTimer = schedule(settings.connectTimeout(), () -> connectTimedOut(attempt));
        try {
            executor.execute(() -> openWebSocket(attempt));
        } catch (RejectedExecutionException e) {
            // Only a closed executor rejects, and close() ends the attempt as well.
            LOG.debug("AppDaemon sink '{}' could not start connecting: {}", sinkName, e.toString());
        }
    }

    private void openWebSocket(StreamSession attempt) {
        CompletableFuture<WebSocket> opening;
        try {
            opening = httpClient.newWebSocketBuilder()
                    .connectTimeout(settings.connectTimeout())
                    .buildAsync(uri, attempt);
        } catch (RuntimeException e) {
            connectFailed(attempt, e);
            return;
        }
        attempt.opening(opening);
        opening.whenComplete((socket, error) -> {
            if (error != null) {
                connectFailed(attempt, error);
            } else {
                opened(attempt, socket);
            }
        });
    }

    private void opened(StreamSession attempt, WebSocket socket) {
        synchronized (lock) {
            if (attempt != session || state != ConnectionState.CONNECTING) {
                socket.abort();
                return;
            }
            cancel(connectTimer);
            connectTimer = null;
            if (!attempt.attach(socket)) {
                return;
            }
            setStateLocked(ConnectionState.AUTHENTICATING);
            attempt.startPings(settings.pingInterval(), pongTimeout);
            ObjectNode hello = Frames.hello(nextRequestId(), settings.clientName(), settings.password());
            try {
                attempt.enqueue(validator.validate(hello), PendingRequest.Kind.HELLO, "hello", -1);
            } catch (InvalidFrameException e) {
                invalidFrameLocked("hello", e);
                failLocked("the hello frame is invalid", true);
                return;
            }
        }
        attempt.flush();
    }

    private void connectFailed(StreamSession attempt, Throwable error) {
        synchronized (lock) {
            if (attempt != session || state != ConnectionState.CONNECTING) {
                // A handshake this client cancelled, or one that ended after its attempt failed.
                return;
            }
            failLocked(describeConnectError(error), false);
        }
    }

    private void connectTimedOut(StreamSession attempt) {
        synchronized (lock) {
            if (attempt != session || state != ConnectionState.CONNECTING) {
                return;
            }
            metrics.timeout("connect");
            failLocked("no websocket handshake within " + settings.connectTimeout().toMillis() + " ms", false);
        }
    }

    private void reconnect() {
        synchronized (lock) {
            reconnectTimer = null;
            if (state != ConnectionState.WAITING || closing) {
                return;
            }
            beginAttemptLocked();
        }
    }

    // ---- Session events ----

    @Override
    public void replyReceived(StreamSession from, PendingRequest request, boolean success, JsonNode reply) {
        StreamSession current;
        synchronized (lock) {
            if (from != session) {
                return;
            }
            if (!success) {
                errorReplyLocked(request, reply);
                return;
            }
            switch (request.kind()) {
                case HELLO -> helloAcceptedLocked(reply);
                case STATE -> {
                    metrics.statesDelivered.increment();
                    clearRejectionLocked();
                    markHealthyLocked();
                }
                case EVENT -> {
                    buffer.acknowledge(request.eventSequence());
                    metrics.eventsDelivered.increment();
                    clearRejectionLocked();
                    markHealthyLocked();
                }
            }
            pumpLocked();
            current = session;
        }
        if (current != null) {
            current.flush();
        }
    }

    @Override
    public void sessionFailed(StreamSession from, StreamSession.FailureKind kind, String reason) {
        synchronized (lock) {
            if (from != session) {
                return;
            }
            switch (kind) {
                case REQUEST_TIMEOUT -> metrics.timeout("request");
                case PONG_TIMEOUT -> metrics.timeout("pong");
                default -> {
                    // Closes and I/O errors are counted as disconnects or failed attempts.
                }
            }
            failLocked(reason, false);
        }
    }

    @Override
    public void malformedFrame(StreamSession from, String problem) {
        metrics.framesMalformed.increment();
        long skipped = repeats.admit(KEY_MALFORMED);
        if (skipped != RepeatLimiter.SKIP) {
            LOG.warn("AppDaemon at {} sent {} on session {}; ignored it{}", uri, problem, from.number(),
                    RepeatLimiter.skippedNote(skipped));
        }
    }

    @Override
    public void pongReceived(StreamSession from) {
        metrics.pongs.increment();
        synchronized (lock) {
            if (from == session) {
                markHealthyLocked();
            }
        }
    }

    private void helloAcceptedLocked(JsonNode reply) {
        String version = ServerText.clean(reply.path("data").path("version").asText("unknown"), settings.password());
        setStateLocked(ConnectionState.CONNECTED);
        // Cleared after the state change, so that a link still down for a rejection keeps its since.
        failedSinceUp = false;
        metrics.connects.increment();
        long skipped = repeats.admit(KEY_CONNECTED);
        if (skipped != RepeatLimiter.SKIP) {
            LOG.info("Connected to AppDaemon {} at {} as '{}'; sending {} entities to namespace '{}'{}", version, uri,
                    settings.clientName(), coalescer.size(), settings.namespace(), RepeatLimiter.skippedNote(skipped));
        }
        if (droppedSinceLog > 0) {
            LOG.warn("AppDaemon sink '{}' dropped {} more events from its full buffer ({} events) before this"
                    + " connection", sinkName, droppedSinceLog, buffer.capacity());
            droppedSinceLog = 0;
        }
        coalescer.forceAll();
        armResendTimerLocked();
    }

    private void armResendTimerLocked() {
        cancel(resendTimer);
        resendTimer = schedule(settings.resendInterval(), this::resendTimerFired);
    }

    private void resendTimerFired() {
        StreamSession current;
        synchronized (lock) {
            resendTimer = null;
            if (state != ConnectionState.CONNECTED) {
                return;
            }
            coalescer.markAllDue(timer.nanoTime());
            armResendTimerLocked();
            pumpLocked();
            current = session;
        }
        if (current != null) {
            current.flush();
        }
    }

    private void errorReplyLocked(PendingRequest request, JsonNode reply) {
        JsonNode errorNode = reply.get("response_error");
        String error = errorNode == null || errorNode.isNull() ? "(no response_error)"
                : ServerText.clean(errorNode.asText(), settings.password());
        ErrorAdvice.Advice advice = ErrorAdvice.of(request.requestType(), error, settings.namespace(),
                settings.password() != null);
        metrics.error(advice.kind());
        if (request.kind() == PendingRequest.Kind.EVENT) {
            EventBuffer.BufferedEvent dropped = buffer.reject(request.eventSequence(), MAX_EVENT_REJECTIONS);
            if (dropped != null) {
                metrics.eventsRejected.increment();
                LOG.error("AppDaemon at {} rejected event {} {} times; dropped it so later events can go out",
                        uri, dropped.event().name(), MAX_EVENT_REJECTIONS);
            }
        }
        // Keyed without the text, which may quote a request id that differs on every attempt.
        long skipped = repeats.admit(KEY_ERROR + advice.kind() + ":" + request.requestType());
        if (skipped != RepeatLimiter.SKIP) {
            LOG.error("AppDaemon at {} rejected {}: '{}'. {}{}", uri, request.describe(), error, advice.message(),
                    RepeatLimiter.skippedNote(skipped));
        }
        // AppDaemon closes the socket itself after most errors. Closing it in every case and backing
        // off means that an error that persists costs one attempt per backoff period and no more.
        lastRejection = "AppDaemon rejected " + request.describe() + ": '" + error + "'. " + advice.message();
        failLocked(lastRejection, true);
    }

    private void markHealthyLocked() {
        if (sessionHealthy) {
            return;
        }
        sessionHealthy = true;
        backoff.reset();
        repeats.reset(KEY_CONNECTED);
        repeats.reset(KEY_CONNECT_FAILED);
        repeats.reset(KEY_DISCONNECTED);
        repeats.resetAll(KEY_ERROR);
    }

    /**
     * Ends the current session and schedules the next attempt after a backoff, unless closing.
     *
     * @param afterErrorReply the failure is an error reply, already logged; AppDaemon is alive, so
     *     the socket is closed with a close frame instead of aborted
     */
    private void failLocked(String reason, boolean afterErrorReply) {
        boolean wasConnected = state == ConnectionState.CONNECTED;
        cancel(connectTimer);
        connectTimer = null;
        cancel(flushTimer);
        flushTimer = null;
        cancel(resendTimer);
        resendTimer = null;
        cancel(reconnectTimer);
        reconnectTimer = null;

        StreamSession ending = session;
        session = null;
        buffer.resendInFlight();
        if (wasConnected) {
            metrics.disconnects.increment();
        }

        Duration delay = closing ? null : backoff.nextDelay();
        if (delay != null) {
            reconnectTimer = schedule(delay, this::reconnect);
        }
        // Leave the attempt's state before terminating: that cancels a pending handshake, whose
        // completion handler runs on this thread and must find the attempt over.
        lastFailure = reason;
        setStateLocked(ConnectionState.WAITING);
        // Set after the state change, so that a first failure still moves the link's since.
        failedSinceUp = true;
        if (ending != null) {
            ending.terminate(reason, afterErrorReply);
        }
        if (delay == null) {
            completeDrainLocked();
            return;
        }

        String key = wasConnected ? KEY_DISCONNECTED : KEY_CONNECT_FAILED;
        long skipped = afterErrorReply ? RepeatLimiter.SKIP : repeats.admit(key);
        if (skipped != RepeatLimiter.SKIP) {
            String failure = wasConnected ? "Lost the connection to AppDaemon at " : "Cannot connect to AppDaemon at ";
            LOG.warn("{}{}: {}; retrying in {} (failure {} in a row){}", failure, uri, reason, seconds(delay),
                    backoff.failures(), RepeatLimiter.skippedNote(skipped));
        } else {
            LOG.debug("AppDaemon sink '{}': {}; retrying in {} (failure {} in a row)", sinkName, reason,
                    seconds(delay), backoff.failures());
        }
    }

    // ---- Delivery ----

    private void queueFlush() {
        if (!flushQueued.compareAndSet(false, true)) {
            return;
        }
        try {
            executor.execute(() -> {
                flushQueued.set(false);
                flushNow();
            });
        } catch (RejectedExecutionException e) {
            flushQueued.set(false);
            LOG.debug("AppDaemon sink '{}' could not queue a flush: {}", sinkName, e.toString());
        }
    }

    private void flushNow() {
        StreamSession current;
        synchronized (lock) {
            pumpLocked();
            current = session;
        }
        if (current != null) {
            current.flush();
        }
    }

    private void flushTimerFired() {
        StreamSession current;
        synchronized (lock) {
            flushTimer = null;
            pumpLocked();
            current = session;
        }
        if (current != null) {
            current.flush();
        }
    }

    /** Queues due states and unsent events on the session until the in-flight window is full. */
    private void pumpLocked() {
        if (state != ConnectionState.CONNECTED || session == null) {
            return;
        }
        long now = timer.nanoTime();
        long dueLimit = closing ? Long.MAX_VALUE : now;
        while (session.inFlight() < MAX_IN_FLIGHT && queueNextLocked(now, dueLimit)) {
            // Each round queued one request or dropped one invalid frame.
        }
        armFlushTimerLocked(now);
        updateGaugesLocked();
        completeDrainLocked();
    }

    /**
     * Queues one state or event and returns whether it found one. The full state after a connect
     * goes first; after that states and events take turns, so neither can starve the other.
     */
    private boolean queueNextLocked(long now, long dueLimit) {
        boolean stateFirst = coalescer.hasForced() || !preferEvent;
        preferEvent = stateFirst;
        if (stateFirst) {
            return queueStateLocked(now, dueLimit) || queueEventLocked();
        }
        return queueEventLocked() || queueStateLocked(now, dueLimit);
    }

    private boolean queueStateLocked(long now, long dueLimit) {
        EntityState entity = coalescer.pollDue(now, dueLimit);
        if (entity == null) {
            return false;
        }
        ObjectNode frame = Frames.stateSet(nextRequestId(), settings.namespace(), entity);
        try {
            session.enqueue(validator.validate(frame), PendingRequest.Kind.STATE, entity.entityId(), -1);
            metrics.statesSent.increment();
        } catch (InvalidFrameException e) {
            invalidFrameLocked("state/set of " + entity.entityId(), e);
        }
        return true;
    }

    private boolean queueEventLocked() {
        EventBuffer.BufferedEvent event = buffer.nextUnsent();
        if (event == null) {
            return false;
        }
        ObjectNode frame = Frames.fireEvent(nextRequestId(), settings.namespace(), event.event());
        try {
            session.enqueue(validator.validate(frame), PendingRequest.Kind.EVENT, event.event().name(),
                    event.sequence());
            metrics.eventsSent.increment();
        } catch (InvalidFrameException e) {
            buffer.remove(event.sequence());
            invalidFrameLocked("fire_event " + event.event().name(), e);
        }
        return true;
    }

    private void armFlushTimerLocked(long now) {
        OptionalLong due = coalescer.nextDueAt();
        if (due.isEmpty()) {
            cancel(flushTimer);
            flushTimer = null;
            return;
        }
        long dueAt = due.getAsLong();
        if (dueAt <= now) {
            // Due entities wait for the in-flight window; the next reply queues them.
            return;
        }
        if (flushTimer != null && flushTimerDueAt <= dueAt) {
            return;
        }
        cancel(flushTimer);
        flushTimerDueAt = dueAt;
        flushTimer = schedule(Duration.ofNanos(dueAt - now), this::flushTimerFired);
    }

    private void completeDrainLocked() {
        if (drained == null || drained.isDone()) {
            return;
        }
        boolean idle = buffer.isEmpty() && coalescer.dirtyCount() == 0 && (session == null || session.inFlight() == 0);
        if (idle || state != ConnectionState.CONNECTED) {
            drained.complete(null);
        }
    }

    private void eventDroppedLocked(EventBuffer.BufferedEvent dropped) {
        metrics.eventsDropped.increment();
        droppedSinceLog++;
        if (repeats.admit(KEY_BUFFER_FULL) != RepeatLimiter.SKIP) {
            LOG.warn("AppDaemon event buffer of sink '{}' is full ({} events) while AppDaemon is away; dropped the"
                    + " oldest event, {}; {} events dropped since the last message", sinkName, buffer.capacity(),
                    dropped.event().name(), droppedSinceLog);
            droppedSinceLog = 0;
        }
    }

    private void invalidFrameLocked(String request, InvalidFrameException e) {
        metrics.framesInvalid.increment();
        long skipped = repeats.admit(KEY_INVALID + e.getMessage());
        if (skipped != RepeatLimiter.SKIP) {
            LOG.error("Dropped {} without sending it to AppDaemon because the frame is invalid: {}. Check the"
                    + " sink settings{}", request, e.getMessage(), RepeatLimiter.skippedNote(skipped));
        }
    }

    // ---- Helpers ----

    private LinkState reportedLocked(ConnectionState connection) {
        return switch (connection) {
            case NEW -> LinkState.CONNECTING;
            case CONNECTING, AUTHENTICATING -> failedSinceUp ? LinkState.DOWN : LinkState.CONNECTING;
            // Connected but the last request was rejected, as with an unknown namespace: nothing
            // reaches Home Assistant, so the link stays down until a delivery succeeds.
            case CONNECTED -> lastRejection == null ? LinkState.UP : LinkState.DOWN;
            case WAITING, CLOSED -> LinkState.DOWN;
        };
    }

    private String failureDetail(String next) {
        String earlier = lastRejection == null || lastRejection.equals(lastFailure) ? ""
                : ". Before that: " + withoutFinalStop(lastRejection);
        return withoutFinalStop(lastFailure) + earlier + "; " + next;
    }

    private void clearRejectionLocked() {
        if (lastRejection == null) {
            return;
        }
        LinkState before = reportedLocked(state);
        lastRejection = null;
        if (reportedLocked(state) != before) {
            linkSince = context.clock().instant();
        }
    }

    private static String withoutFinalStop(String text) {
        return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    }

    private void setStateLocked(ConnectionState next) {
        if (state == next) {
            return;
        }
        LinkState reportedBefore = reportedLocked(state);
        state = next;
        if (reportedLocked(next) != reportedBefore) {
            linkSince = context.clock().instant();
        }
        connected = next == ConnectionState.CONNECTED;
        for (Consumer<ConnectionState> listener : listeners) {
            try {
                listener.accept(next);
            } catch (RuntimeException e) {
                LOG.warn("A connection state listener of AppDaemon sink '{}' failed", sinkName, e);
            }
        }
    }

    private void updateGaugesLocked() {
        bufferedEvents = buffer.size();
        entityCount = coalescer.size();
    }

    private void cancelTimersLocked() {
        cancel(reconnectTimer);
        cancel(connectTimer);
        cancel(flushTimer);
        cancel(resendTimer);
        reconnectTimer = null;
        connectTimer = null;
        flushTimer = null;
        resendTimer = null;
    }

    private String nextRequestId() {
        return "am-" + requestCounter.incrementAndGet();
    }

    private Cancellable schedule(Duration delay, Runnable task) {
        try {
            return timer.schedule(delay, task);
        } catch (RejectedExecutionException e) {
            LOG.debug("AppDaemon sink '{}': the host timer rejected a task; it is shutting down", sinkName);
            return () -> { };
        }
    }

    private static void cancel(Cancellable task) {
        if (task != null) {
            task.cancel();
        }
    }

    private void awaitQuietly(CompletableFuture<?> future, Duration timeout, String activity) {
        try {
            future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn("AppDaemon sink '{}' stopped {} after {} ms", sinkName, activity, timeout.toMillis());
        } catch (ExecutionException e) {
            LOG.debug("AppDaemon sink '{}' failed {}: {}", sinkName, activity, StreamSession.describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("AppDaemon sink '{}' was interrupted while {}", sinkName, activity);
        }
    }

    private void shutDownExecutor() {
        ExecutorService toStop;
        synchronized (lock) {
            toStop = executor;
        }
        if (toStop == null) {
            return;
        }
        toStop.shutdown();
        try {
            if (!toStop.awaitTermination(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("AppDaemon sink '{}': the I/O thread did not finish within {} ms; interrupting it",
                        sinkName, SHUTDOWN_WAIT.toMillis());
                toStop.shutdownNow();
            }
        } catch (InterruptedException e) {
            toStop.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** Returns a failed connection attempt as a reason with a hint at the usual cause. */
    static String describeConnectError(Throwable error) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof WebSocketHandshakeException handshake) {
            int status = handshake.getResponse().statusCode();
            return "the websocket handshake failed with HTTP status " + status + "; check that the url path is"
                    + " /stream and that appdaemon.yaml has http: and api: or admin:, which start the stream";
        }
        if (cause instanceof HttpConnectTimeoutException) {
            return "the TCP connection timed out; check the host and port of url and any firewall";
        }
        if (cause instanceof ConnectException) {
            return "connection refused (" + StreamSession.describe(cause) + "); check that AppDaemon runs and"
                    + " that url matches http.url of appdaemon.yaml";
        }
        if (cause instanceof UnresolvedAddressException || cause instanceof UnknownHostException) {
            return "unknown host; check the host name of url";
        }
        if (cause instanceof SSLException) {
            return "TLS failed (" + StreamSession.describe(cause) + "); for wss:// the JVM must trust AppDaemon's"
                    + " certificate";
        }
        return StreamSession.describe(cause);
    }

    private static String executorPurpose(String sinkName) {
        String slug = sinkName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        return slug.isEmpty() || slug.equals(AppDaemonPlugin.TYPE) ? AppDaemonPlugin.TYPE : AppDaemonPlugin.TYPE + "-" + slug;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static String seconds(Duration delay) {
        return String.format(Locale.ROOT, "%.1f s", delay.toMillis() / 1000.0);
    }
}
