package io.accountmonitor.appdaemon;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.accountmonitor.core.spi.Cancellable;
import io.accountmonitor.core.spi.TimerService;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One websocket connection to AppDaemon's stream: the JDK {@link WebSocket.Listener}, an ordered
 * outbox that keeps at most one text send outstanding (the JDK allows no more), the registry of
 * requests awaiting their reply with a timeout each, and websocket pings with a pong deadline.
 *
 * <p>Pings also catch a closed connection that the JDK missed: JDK 17's client was seen to leave
 * a socket in CLOSE_WAIT without calling {@link #onClose} or {@link #onError} when the server's FIN
 * arrived right after a reply (2 to 3 in 100 connections of a loopback test on a 2-core machine),
 * and then only the missing pong ends the session, within the ping interval plus the pong timeout.
 *
 * <p>A session ends once: either it fails (the server closed it, an I/O error, a request or pong
 * timed out, a malformed reply), and then it reports the failure to its {@link Handler} exactly once;
 * or its owner calls {@link #terminate}, which reports nothing. After the end every callback and
 * late reply is ignored.
 *
 * <p>Threads: the JDK calls the listener methods one at a time on the HTTP client's executor;
 * timeouts run on the host's timer thread; the owner calls the other methods from any thread. The
 * session's lock is held only for short non-blocking work and never while calling the handler, so
 * the owner may call the session while holding its own lock, except {@link #flush()}, which may
 * complete a send inline and report a failure.
 */
final class StreamSession implements WebSocket.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(StreamSession.class);

    /** Maximum length of a message from AppDaemon. Replies echo requests, which stay under 4 MiB. */
    static final int MAX_MESSAGE_CHARS = 16 * 1024 * 1024;

    /** Cause of a session failure. */
    enum FailureKind {
        CLOSED_BY_SERVER,
        IO_ERROR,
        REQUEST_TIMEOUT,
        PONG_TIMEOUT,
        PROTOCOL
    }

    /**
     * Receives what happens on a session. Methods are called without the session's lock, on the
     * executor or the timer thread, and must not block.
     */
    interface Handler {
        /** Reports the reply to {@code request}; {@code success} is its {@code response_success}. */
        void replyReceived(StreamSession session, PendingRequest request, boolean success, JsonNode reply);

        /** Reports the end of the session by a failure; called at most once per session. */
        void sessionFailed(StreamSession session, FailureKind kind, String reason);

        /** Reports a frame that is not a reply this client can use; the session goes on. */
        void malformedFrame(StreamSession session, String problem);

        /** Reports a pong: the link is alive. */
        void pongReceived(StreamSession session);
    }

    /** How long a failed send waits for the input side to end the session with its own reason. */
    static final Duration OUTPUT_FAILURE_GRACE = Duration.ofSeconds(1);

    private final long number;
    private final TimerService timer;
    private final Duration requestTimeout;
    private final Handler handler;
    private final Object lock = new Object();
    private final Map<String, PendingRequest> pending = new HashMap<>();
    private final ArrayDeque<ValidFrame> outbox = new ArrayDeque<>();
    /** Parts of the text message being received; only the serial listener callbacks touch it. */
    private final StringBuilder message = new StringBuilder();

    private WebSocket webSocket;
    private CompletableFuture<WebSocket> opening;
    private boolean sending;
    private boolean ended;
    private Duration pingInterval;
    private Duration pongTimeout;
    private Cancellable pingTimer;
    private Cancellable pongDeadline;
    /** Set once a send failed; it fails the session unless the input side ends it first. */
    private Cancellable outputFailure;
    private long pingsSent;
    /** The send of the last ping; only {@link #sendPing}, which timer tasks run one at a time, touches it. */
    private volatile CompletableFuture<WebSocket> lastPing;

    StreamSession(long number, TimerService timer, Duration requestTimeout, Handler handler) {
        this.number = number;
        this.timer = timer;
        this.requestTimeout = requestTimeout;
        this.handler = handler;
    }

    long number() {
        return number;
    }

    /** Remembers the pending handshake so {@link #terminate} can cancel it. */
    void opening(CompletableFuture<WebSocket> future) {
        boolean cancel;
        synchronized (lock) {
            opening = future;
            cancel = ended;
        }
        if (cancel) {
            future.cancel(true);
        }
    }

    /**
     * Binds the open websocket to this session. Returns false and aborts {@code socket} when the
     * session already ended, for example because the connect timeout fired first.
     */
    boolean attach(WebSocket socket) {
        synchronized (lock) {
            if (!ended) {
                if (webSocket == null) {
                    webSocket = socket;
                }
                return true;
            }
        }
        socket.abort();
        return false;
    }

    /**
     * Queues {@code frame} and starts its reply timeout. Returns false when the session has ended.
     * The frame goes out on the next {@link #flush()}.
     */
    boolean enqueue(ValidFrame frame, PendingRequest.Kind kind, String subject, long eventSequence) {
        synchronized (lock) {
            if (ended) {
                return false;
            }
            String requestId = frame.requestId();
            Cancellable timeout = schedule(requestTimeout, () -> requestTimedOut(requestId));
            pending.put(requestId, new PendingRequest(requestId, frame.requestType(), kind, subject, eventSequence,
                    timeout));
            outbox.addLast(frame);
            return true;
        }
    }

    /** Returns the number of requests sent or queued whose reply has not arrived. */
    int inFlight() {
        synchronized (lock) {
            return pending.size();
        }
    }

    /**
     * Sends the queued frames in order, one outstanding send at a time; returns without waiting for
     * the network. Call it without holding the owner's lock: a send that fails inline reports the
     * failure to the handler on this thread.
     */
    void flush() {
        while (true) {
            WebSocket socket;
            ValidFrame frame;
            synchronized (lock) {
                if (ended || sending || outputFailure != null || webSocket == null || outbox.isEmpty()) {
                    return;
                }
                frame = outbox.pollFirst();
                sending = true;
                socket = webSocket;
            }
            CompletableFuture<WebSocket> sent = socket.sendText(frame.text(), true);
            if (!sent.isDone()) {
                sent.whenComplete((ignored, error) -> {
                    sendCompleted(frame, error);
                    flush();
                });
                return;
            }
            Throwable error = sent.isCompletedExceptionally() ? sent.handle((ignored, e) -> e).join() : null;
            sendCompleted(frame, error);
        }
    }

    /**
     * Starts websocket pings every {@code interval}. A ping without a pong within {@code timeout}
     * fails the session, because AppDaemon replies to every ping while it is alive.
     */
    void startPings(Duration interval, Duration timeout) {
        synchronized (lock) {
            if (ended) {
                return;
            }
            pingInterval = interval;
            pongTimeout = timeout;
            pingTimer = schedule(interval, this::sendPing);
        }
    }

    /**
     * Ends the session without reporting to the handler: cancels its timers and closes the socket,
     * with a close frame when {@code graceful}, else abruptly. Returns a stage that completes when
     * the close frame was written or the socket aborted. Idempotent.
     */
    CompletableFuture<?> terminate(String reason, boolean graceful) {
        WebSocket socket;
        CompletableFuture<WebSocket> handshake;
        synchronized (lock) {
            if (ended) {
                return CompletableFuture.completedFuture(null);
            }
            endLocked();
            socket = webSocket;
            handshake = opening;
        }
        if (handshake != null && !handshake.isDone()) {
            // Cancelling the JDK's opening future does not stop the handshake (JDK 17): the socket
            // would open later with nobody to close it, and its channel would keep the client's
            // selector thread alive. Abort it once it opens instead; the connect timeout bounds the wait.
            handshake.thenAccept(WebSocket::abort);
        }
        if (socket == null) {
            return CompletableFuture.completedFuture(null);
        }
        if (!graceful) {
            socket.abort();
            return CompletableFuture.completedFuture(null);
        }
        return socket.sendClose(WebSocket.NORMAL_CLOSURE, truncate(reason, 120))
                .whenComplete((ignored, error) -> socket.abort());
    }

    /**
     * Binds the socket and requests every message at once. AppDaemon sends only replies, at most one
     * per request in flight, and each is handled without blocking, so no backpressure is needed.
     */
    @Override
    public void onOpen(WebSocket socket) {
        if (attach(socket)) {
            socket.request(Long.MAX_VALUE);
        }
    }

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
        message.append(data);
        if (message.length() > MAX_MESSAGE_CHARS) {
            int length = message.length();
            message.setLength(0);
            fail(FailureKind.PROTOCOL, "AppDaemon sent a message of more than " + length + " characters");
            return null;
        }
        if (last) {
            String text = message.toString();
            message.setLength(0);
            handleMessage(text);
        }
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
        // AppDaemon sends only text frames; a binary frame carries nothing this client can use.
        if (last) {
            handler.malformedFrame(this, "a binary frame");
        }
        return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket socket, ByteBuffer payload) {
        // The JDK replies to the ping with a pong on its own.
        return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket socket, ByteBuffer payload) {
        boolean current;
        synchronized (lock) {
            current = !ended;
            if (pongDeadline != null) {
                pongDeadline.cancel();
                pongDeadline = null;
            }
        }
        if (current) {
            handler.pongReceived(this);
        }
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
        String detail = reason == null || reason.isEmpty() ? "" : ", reason '" + ServerText.clean(reason, null) + "'";
        fail(FailureKind.CLOSED_BY_SERVER, "AppDaemon closed the connection (code " + statusCode + detail + ")");
        return null;
    }

    @Override
    public void onError(WebSocket socket, Throwable error) {
        fail(FailureKind.IO_ERROR, "connection error: " + describe(error));
    }

    private void handleMessage(String text) {
        JsonNode node = parseObject(text);
        if (node == null) {
            return;
        }

        String responseType = node.path("response_type").asText("");
        if (responseType.equals("event") || responseType.equals("state_changed")) {
            // A subscription push. This client subscribes to nothing, so no handler takes it.
            LOG.debug("Ignoring a {} push from AppDaemon on session {}", responseType, number);
            return;
        }
        JsonNode responseId = node.get("response_id");
        if (responseId == null || !responseId.isTextual()) {
            handler.malformedFrame(this, "a reply without a string response_id");
            return;
        }

        PendingRequest request;
        synchronized (lock) {
            if (ended) {
                return;
            }
            request = pending.remove(responseId.textValue());
            if (request != null) {
                request.timeout().cancel();
            }
        }
        if (request == null) {
            LOG.debug("Ignoring a reply to unknown request {} on session {}", responseId.textValue(), number);
            return;
        }

        JsonNode success = node.get("response_success");
        if (success == null || !success.isBoolean()) {
            fail(FailureKind.PROTOCOL, "AppDaemon sent a malformed reply to " + request.describe()
                    + ": response_success is missing or not a boolean");
            return;
        }
        handler.replyReceived(this, request, success.booleanValue(), node);
    }

    /** Returns {@code text} as a JSON object, or reports it as malformed and returns {@code null}. */
    private JsonNode parseObject(String text) {
        JsonNode node;
        try {
            node = Json.read(text);
        } catch (JsonProcessingException e) {
            handler.malformedFrame(this, "text that is not JSON (" + text.length() + " characters)");
            return null;
        }
        if (node == null || !node.isObject()) {
            String type = node == null ? "nothing" : "a JSON " + node.getNodeType().name().toLowerCase(Locale.ROOT);
            handler.malformedFrame(this, type + " instead of an object");
            return null;
        }
        return node;
    }


    /**
     * Records the end of a send. A failed send stops further sends but ends the session only after
     * {@link #OUTPUT_FAILURE_GRACE}: a server that replies with an error and then drops the socket
     * makes the next send fail at once, and the reply, read in order before the end of the input, is
     * what says why.
     */
    private void sendCompleted(ValidFrame frame, Throwable error) {
        synchronized (lock) {
            sending = false;
            if (error == null || ended || outputFailure != null) {
                return;
            }
            String reason = "sending " + frame.requestType() + " failed: " + describe(error);
            outputFailure = schedule(OUTPUT_FAILURE_GRACE, () -> fail(FailureKind.IO_ERROR, reason));
        }
    }

    private void sendPing() {
        WebSocket socket;
        long sequence;
        synchronized (lock) {
            if (ended || webSocket == null) {
                return;
            }
            pingTimer = schedule(pingInterval, this::sendPing);
            if (pongDeadline == null) {
                pongDeadline = schedule(pongTimeout, this::pongMissing);
            }
            socket = webSocket;
            sequence = ++pingsSent;
        }
        ByteBuffer payload = ByteBuffer.wrap(Long.toString(sequence).getBytes(StandardCharsets.US_ASCII));
        // The JDK rejects a ping while the previous one is still being sent, and it may complete that
        // send only after the pong arrived. So each ping goes out once the previous send completed.
        CompletableFuture<WebSocket> previous = lastPing;
        CompletableFuture<WebSocket> sent = previous == null || previous.isDone() ? socket.sendPing(payload)
                : previous.handle((ignored, error) -> null).thenCompose(ignored -> socket.sendPing(payload));
        lastPing = sent;
        sent.whenComplete((ignored, error) -> {
            if (error != null) {
                // The pong deadline decides whether the link is dead; one failed ping alone does not.
                LOG.debug("Sending a ping on session {} failed: {}", number, describe(error));
            }
        });
    }

    private void pongMissing() {
        fail(FailureKind.PONG_TIMEOUT, "no pong within " + pongTimeout.toMillis() + " ms of a ping; the link is dead");
    }

    private void requestTimedOut(String requestId) {
        PendingRequest request;
        synchronized (lock) {
            request = ended ? null : pending.get(requestId);
        }
        if (request != null) {
            fail(FailureKind.REQUEST_TIMEOUT, "no reply to " + request.describe() + " within "
                    + requestTimeout.toMillis() + " ms");
        }
    }

    private void fail(FailureKind kind, String reason) {
        WebSocket socket;
        synchronized (lock) {
            if (ended) {
                return;
            }
            endLocked();
            socket = webSocket;
        }
        if (socket != null) {
            socket.abort();
        }
        handler.sessionFailed(this, kind, reason);
    }

    private void endLocked() {
        ended = true;
        List<Cancellable> timers = new ArrayList<>();
        for (PendingRequest request : pending.values()) {
            timers.add(request.timeout());
        }
        timers.add(pingTimer);
        timers.add(pongDeadline);
        timers.add(outputFailure);
        pending.clear();
        outbox.clear();
        for (Cancellable timerTask : timers) {
            if (timerTask != null) {
                timerTask.cancel();
            }
        }
    }

    private Cancellable schedule(Duration delay, Runnable task) {
        try {
            return timer.schedule(delay, task);
        } catch (RejectedExecutionException e) {
            // The host closes its timers only while shutting down, after this session's owner.
            LOG.debug("Timer rejected a task of session {}: {}", number, e.toString());
            return () -> { };
        }
    }

    static String describe(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof java.util.concurrent.CompletionException
                || cause instanceof java.util.concurrent.ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }

    private static String truncate(String text, int maxLength) {
        return text.length() <= maxLength ? text : text.substring(0, maxLength);
    }
}
