package io.accountmonitor.ctrader;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import io.accountmonitor.core.model.LinkState;
import io.accountmonitor.core.spi.BrokerException;
import io.accountmonitor.core.spi.Cancellable;
import io.accountmonitor.core.spi.ErrorCategory;
import io.accountmonitor.core.spi.Metrics;
import io.accountmonitor.core.spi.RandomSource;
import io.accountmonitor.core.spi.TimerService;
import io.accountmonitor.ctrader.protocol.ProtoMessage;
import io.accountmonitor.ctrader.protocol.ProtoOAApplicationAuthReq;
import io.accountmonitor.ctrader.protocol.ProtoOAPayloadType;
import io.accountmonitor.ctrader.protocol.ProtoOAVersionReq;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection of one source to its Open API server, kept alive across failures: connecting,
 * application auth, the request registry and rate limits, reactions to error codes, and
 * reconnecting with capped, jittered backoff or at the announced end of maintenance. The accounts
 * on the connection are handled by {@link AccountSessions}.
 *
 * <p>Threads: every state change runs as a task of one {@link SerialExecutor} (the "session
 * executor") over the host's workers, so the fields below need no locks. Public methods may be
 * called from any thread; they hand their work to that executor and never block, except
 * {@link #close}, which waits a bounded time. Request futures complete on the session executor.
 */
final class Session implements Connection.Listener {
    /** Lifecycle phase of the connection. */
    enum Phase {
        NEW,
        CONNECTING,
        AUTHORISING_APPLICATION,
        READY,
        WAITING,
        FAILED,
        CLOSED
    }

    private static final Logger LOG = LoggerFactory.getLogger(Session.class);
    private static final Duration THROTTLE_PAUSE = Duration.ofSeconds(1);
    private static final Duration MAX_MAINTENANCE_WAIT = BrokerException.MAX_RETRY_AFTER;
    /**
     * The longest a BLOCKED_PAYLOAD_TYPE reply holds back its payload type. Asking again after
     * this costs one request if the block is still on, and a faulty {@code retryAfter} of years
     * cannot silence the requests for good.
     */
    private static final Duration MAX_BLOCK = Duration.ofMinutes(10);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

    private final String monitorName;
    private final CtraderSettings settings;
    private final Endpoint endpoint;
    private final SSLContext tls;
    private final TimerService timer;
    private final Clock clock;
    private final RandomSource random;
    private final Executor reader;
    private final Executor writer;
    private final SerialExecutor executor;
    private final Quiescence quiescence;
    private final Redactor redactor;
    private final LinkReporter reporter;
    private final Metrics metrics;
    private final LogLimiter connectionLog;
    private final LogLimiter closeLog;
    private final LogLimiter throttleLog;
    private final Backoff reconnectBackoff;
    private final PendingRequests pending;
    private final AtomicReference<Connection> connectAttempt = new AtomicReference<>();
    private AccountSessions accounts;
    private EventDispatcher events;

    private Phase phase = Phase.NEW;
    private volatile Connection connection;
    private long connectionSequence;
    private long messageSequence;
    private RequestPacer pacer;
    private volatile int queuedRequests;
    private volatile long backlogNanos;
    private Cancellable reconnectTimer;
    private long nextAttemptNanos;
    private Instant maintenanceUntil;
    private boolean waitLongest;
    private BrokerException fatalFailure;

    Session(String monitorName, CtraderSettings settings, Endpoint endpoint, SSLContext tls, TimerService timer,
            Clock clock, RandomSource random, Executor workers, Executor reader, Executor writer,
            Quiescence quiescence, Redactor redactor, LinkReporter reporter, Metrics metrics) {
        this.monitorName = monitorName;
        this.settings = settings;
        this.endpoint = endpoint;
        this.tls = tls;
        this.timer = timer;
        this.clock = clock;
        this.random = random;
        this.reader = reader;
        this.writer = writer;
        this.quiescence = quiescence;
        this.executor = new SerialExecutor(workers, quiescence);
        this.redactor = redactor;
        this.reporter = reporter;
        this.metrics = metrics;
        this.connectionLog = new LogLimiter(timer, 5, Duration.ofMinutes(10));
        this.closeLog = new LogLimiter(timer, 5, Duration.ofMinutes(10));
        this.throttleLog = new LogLimiter(timer, 3, Duration.ofMinutes(1));
        this.reconnectBackoff = new Backoff(settings.reconnectInitialBackoff(), settings.reconnectMaxBackoff(), random);
        this.pending = new PendingRequests(timer, executor, quiescence, settings.requestTimeout(), this::timedOut);
    }

    /** Wires the collaborators that need the session itself; call once before {@link #start}. */
    void attach(AccountSessions accountSessions, EventDispatcher eventDispatcher) {
        this.accounts = accountSessions;
        this.events = eventDispatcher;
    }

    Executor executor() {
        return executor;
    }

    /** Starts the first connection attempt in the background. */
    void start() {
        executor.execute(() -> {
            if (phase == Phase.NEW) {
                connect();
            }
        });
    }

    /**
     * Sends a data request on connection {@code connectionId} once the rate limits allow it. The
     * future fails with {@link BrokerException}: {@code UNAVAILABLE} when that connection is gone,
     * {@code TIMEOUT} when no reply came within the request timeout, or the category of the
     * server's error reply.
     */
    CompletableFuture<ProtoMessage> request(long connectionId, ProtoOAPayloadType type, MessageLite payload,
            long accountId) {
        OutgoingRequest request = new OutgoingRequest(connectionId, type, payload, OutgoingRequest.Lane.DATA,
                accountId);
        executor.execute(() -> submit(request));
        return request.reply;
    }

    /**
     * Closes the connection for good, fails everything pending with {@code UNAVAILABLE}, and cancels
     * the session's timers. Waits up to two seconds for the session executor; idempotent.
     */
    void close() {
        CountDownLatch done = new CountDownLatch(1);
        executor.execute(() -> {
            try {
                shutdown();
            } finally {
                done.countDown();
            }
        });
        try {
            if (!done.await(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Monitor {}: the cTrader session did not close within {}; closing its socket directly",
                        monitorName, CLOSE_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Connection current = connection;
        if (current != null) {
            current.close(Connection.CloseReason.REQUESTED, "the monitor is closing");
        }
    }

    /** Waits until no session task, connection attempt or request is under way; for tests. */
    boolean awaitIdle(Duration timeout) throws InterruptedException {
        return quiescence.awaitIdle(timeout);
    }

    int requestsInFlight() {
        return pending.size();
    }

    int requestsQueued() {
        return queuedRequests;
    }

    /** Returns about how long a request submitted now waits for the rate limit; read from any thread. */
    long backlogNanos() {
        return backlogNanos;
    }

    // Called by AccountSessions and EventDispatcher on the session executor.

    Phase phase() {
        return phase;
    }

    /** Returns the id of the open connection, or 0 when there is none. */
    long connectionId() {
        Connection current = connection;
        return current == null || phase != Phase.READY ? 0 : current.id();
    }

    /** Returns the time until the next connection attempt while waiting, else zero. */
    Duration untilNextAttempt() {
        if (phase != Phase.WAITING) {
            return Duration.ZERO;
        }
        return Duration.ofNanos(Math.max(0, nextAttemptNanos - timer.nanoTime()));
    }

    /** Returns the failure that stopped the session for good, or {@code null}. */
    BrokerException fatalFailure() {
        return fatalFailure;
    }

    String endpointName() {
        return endpoint.toString();
    }

    /** Sends a session request (auth, account list, token refresh) ahead of data requests. */
    CompletableFuture<ProtoMessage> controlRequest(ProtoOAPayloadType type, MessageLite payload, long accountId) {
        Connection current = connection;
        OutgoingRequest request = new OutgoingRequest(current == null ? 0 : current.id(), type, payload,
                OutgoingRequest.Lane.CONTROL, accountId);
        submit(request);
        return request.reply;
    }

    /** Resets the reconnect backoff; an account came up, so the connection works. */
    void connectionProven() {
        if (reconnectBackoff.attempts() > 1) {
            LOG.info("Monitor {}: cTrader connection to {} works again after {} attempts", monitorName, endpoint,
                    reconnectBackoff.attempts());
        }
        reconnectBackoff.reset();
    }

    /** Closes the current connection; the session reconnects unless it failed or was closed. */
    void closeConnection(String why) {
        Connection current = connection;
        if (current != null) {
            current.close(Connection.CloseReason.REQUESTED, why);
        }
    }

    /** Reacts to an error that arrived outside any request, with the same rules as a reply. */
    void unsolicitedError(CtraderError error) {
        ErrorCodes.Reaction reaction = ErrorCodes.reactionTo(error.code());
        metrics.counter("ctrader.errors", "code", error.code()).increment();
        LOG.warn("Monitor {}: cTrader sent {}{} outside any request", monitorName, error.code(),
                describe(error.description()));
        react(error, reaction, null);
    }

    /**
     * Stops the session for good because retrying cannot help, such as rejected application
     * credentials: reports {@link LinkState#FAILED} once and never reconnects.
     */
    void failFatally(BrokerException failure) {
        if (phase == Phase.FAILED || phase == Phase.CLOSED) {
            return;
        }
        phase = Phase.FAILED;
        fatalFailure = failure;
        LOG.error("Monitor {}: {}. The monitor will not reconnect until it is restarted.", monitorName,
                failure.getMessage());
        reporter.connection(LinkState.FAILED, failure.getMessage());
        cancel(reconnectTimer);
        accounts.failAll(failure);
        closeConnection("stopped after a fatal error");
    }

    // Connection.Listener: called on the reader and timer threads.

    @Override
    public void opened(Connection opened) {
        executor.execute(() -> onOpened(opened));
        endAttempt(opened);
    }

    @Override
    public void received(Connection from, ProtoMessage message) {
        executor.execute(() -> onReceived(from, message));
    }

    @Override
    public void closed(Connection closed, Connection.CloseReason reason, String detail) {
        executor.execute(() -> onClosed(closed, reason, detail));
        endAttempt(closed);
    }

    @Override
    public void quiet(Connection quiet) {
        executor.execute(() -> {
            if (quiet == connection && phase == Phase.READY) {
                // A cheap request proves the link alive when the server sends nothing else.
                controlRequest(ProtoOAPayloadType.PROTO_OA_VERSION_REQ, ProtoOAVersionReq.getDefaultInstance(), 0)
                        .exceptionally(error -> null);
            }
        });
    }

    // Session executor.

    private void connect() {
        long id = ++connectionSequence;
        Connection next = new Connection(id, endpoint, tls, settings, timer, writer, this,
                metrics.counter("ctrader.received.bytes"));
        connection = next;
        phase = Phase.CONNECTING;
        pacer = new RequestPacer(settings.requestsPerSecond(), settings.historicalRequestsPerSecond(), timer, executor,
                this::transmit);
        reporter.connection(LinkState.CONNECTING, "connecting to " + endpoint);
        LOG.debug("Monitor {}: opening {}", monitorName, next);
        connectAttempt.set(next);
        quiescence.enter();
        try {
            reader.execute(next::run);
        } catch (RejectedExecutionException e) {
            endAttempt(next);
            connection = null;
            phase = Phase.CLOSED;
        }
    }

    private void endAttempt(Connection attempt) {
        if (connectAttempt.compareAndSet(attempt, null)) {
            quiescence.exit();
        }
    }

    private void onOpened(Connection opened) {
        if (opened != connection || phase != Phase.CONNECTING) {
            return;
        }
        phase = Phase.AUTHORISING_APPLICATION;
        metrics.counter("ctrader.connections.opened").increment();
        ProtoOAApplicationAuthReq auth = ProtoOAApplicationAuthReq.newBuilder()
                .setClientId(settings.clientId())
                .setClientSecret(settings.clientSecret().reveal())
                .build();
        controlRequest(ProtoOAPayloadType.PROTO_OA_APPLICATION_AUTH_REQ, auth, 0)
                .whenCompleteAsync((reply, error) -> applicationAuthorised(opened, error), executor);
    }

    private void applicationAuthorised(Connection opened, Throwable error) {
        if (opened != connection || phase != Phase.AUTHORISING_APPLICATION) {
            return;
        }
        if (error != null) {
            BrokerException failure = BrokerFailures.unwrap(error);
            if (phase == Phase.AUTHORISING_APPLICATION) {
                LOG.warn("Monitor {}: application auth on {} failed: {}", monitorName, opened, failure.getMessage());
                closeConnection("application auth failed: " + failure.getMessage());
            }
            return;
        }
        phase = Phase.READY;
        reporter.connection(LinkState.UP, "connected to " + endpoint);
        int suppressed = connectionLog.tryLog();
        if (suppressed >= 0) {
            LOG.info("Monitor {}: {} is up and the application is authorised{}", monitorName, opened,
                    LogLimiter.suppressedNote(suppressed));
        }
        accounts.connectionReady(opened.id());
    }

    private void onReceived(Connection from, ProtoMessage message) {
        if (from != connection) {
            return;
        }
        String clientMsgId = message.getClientMsgId();
        OutgoingRequest request = clientMsgId.isEmpty() ? null : pending.take(clientMsgId);
        if (request != null) {
            complete(request, message);
            return;
        }
        if (!clientMsgId.isEmpty() && !CtraderError.isError(message)
                && message.getPayloadType() != ProtoOAPayloadType.PROTO_OA_ORDER_ERROR_EVENT_VALUE
                && message.getPayloadType() != ProtoOAPayloadType.PROTO_OA_EXECUTION_EVENT_VALUE) {
            metrics.counter("ctrader.replies.unmatched").increment();
            LOG.debug("Monitor {}: dropped a late {} for clientMsgId {}", monitorName,
                    PayloadTypes.name(message.getPayloadType()), clientMsgId);
            return;
        }
        events.dispatch(message);
    }

    private void submit(OutgoingRequest request) {
        Connection current = connection;
        if (phase == Phase.CLOSED) {
            request.reply.completeExceptionally(BrokerFailures.closed());
            return;
        }
        if (phase == Phase.FAILED && fatalFailure != null) {
            request.reply.completeExceptionally(fatalFailure);
            return;
        }
        if (current == null || pacer == null || current.id() != request.connectionId || current.isClosed()) {
            request.reply.completeExceptionally(new BrokerException(ErrorCategory.UNAVAILABLE, "",
                    "the cTrader connection of this request was lost before it was sent", untilNextAttempt(), null));
            return;
        }
        long blockedNanos = pacer.blockedForNanos(request.type.getNumber());
        if (blockedNanos > 0) {
            Duration retryAfter = Duration.ofNanos(blockedNanos);
            request.reply.completeExceptionally(new BrokerException(ErrorCategory.RATE_LIMITED, "BLOCKED_PAYLOAD_TYPE",
                    "cTrader blocked " + request.type.name() + " for another " + retryAfter.toSeconds() + " s",
                    retryAfter, null));
            return;
        }
        if (request.lane == OutgoingRequest.Lane.DATA && !accounts.isUp(request.accountId)) {
            request.reply.completeExceptionally(new BrokerException(ErrorCategory.UNAVAILABLE, "",
                    "account " + request.accountId + " is not authorised on the cTrader connection at the moment",
                    Duration.ZERO, null));
            return;
        }
        pacer.submit(request);
        queuedRequests = pacer.queued();
        backlogNanos = pacer.backlogNanos();
    }

    private void transmit(OutgoingRequest request) {
        Connection current = connection;
        if (current == null || current.id() != request.connectionId) {
            request.reply.completeExceptionally(new BrokerException(ErrorCategory.UNAVAILABLE, "",
                    "the cTrader connection was lost before " + request.type.name() + " was sent", Duration.ZERO,
                    null));
            return;
        }
        request.clientMsgId = "m" + request.connectionId + "-" + (++messageSequence);
        pending.add(request);
        ProtoMessage envelope = ProtoMessage.newBuilder()
                .setPayloadType(request.type.getNumber())
                .setPayload(request.payload.toByteString())
                .setClientMsgId(request.clientMsgId)
                .build();
        current.send(envelope);
        metrics.counter("ctrader.requests", "type", request.type.name()).increment();
        if (pacer != null) {
            queuedRequests = pacer.queued();
            backlogNanos = pacer.backlogNanos();
        }
    }

    private void timedOut(OutgoingRequest request) {
        metrics.counter("ctrader.requests.timeouts", "type", request.type.name()).increment();
        LOG.debug("Monitor {}: no reply to {} within {}", monitorName, request, settings.requestTimeout());
        request.reply.completeExceptionally(new BrokerException(ErrorCategory.TIMEOUT, "",
                "cTrader did not reply to " + request.type.name()
                        + (request.accountId == 0 ? "" : " for account " + request.accountId) + " within "
                        + settings.requestTimeout().toSeconds() + " s (requestTimeout)", Duration.ZERO, null));
    }

    private void complete(OutgoingRequest request, ProtoMessage reply) {
        if (!CtraderError.isError(reply)) {
            request.reply.complete(reply);
            return;
        }
        CtraderError error;
        try {
            error = CtraderError.parse(reply);
        } catch (InvalidProtocolBufferException e) {
            request.reply.completeExceptionally(new BrokerException(ErrorCategory.PROTOCOL, "",
                    "cTrader sent an unreadable error reply to " + request.type.name() + ": " + e.getMessage(),
                    Duration.ZERO, e));
            return;
        }
        ErrorCodes.Reaction reaction = ErrorCodes.reactionTo(error.code());
        metrics.counter("ctrader.errors", "code", error.code()).increment();
        if (reaction.action() == ErrorCodes.Action.ALREADY_DONE) {
            request.reply.complete(reply);
            return;
        }
        BrokerException failure = toException(request, error, reaction);
        react(error, reaction, request);
        request.reply.completeExceptionally(failure);
    }

    private BrokerException toException(OutgoingRequest request, CtraderError error, ErrorCodes.Reaction reaction) {
        StringBuilder message = new StringBuilder("cTrader rejected ").append(request.type.name());
        if (request.accountId != 0) {
            message.append(" for account ").append(request.accountId);
        }
        message.append(" with ").append(error.code()).append(describe(error.description()));
        if (!reaction.advice().isEmpty()) {
            message.append("; ").append(reaction.advice());
        }
        Duration retryAfter = Duration.ZERO;
        if (reaction.action() == ErrorCodes.Action.THROTTLE) {
            retryAfter = throttlePause(error);
        } else if (reaction.action() == ErrorCodes.Action.MAINTENANCE && error.maintenanceEnd() != null) {
            Duration remaining = Duration.between(clock.instant(), error.maintenanceEnd());
            retryAfter = remaining.isNegative() ? Duration.ZERO : remaining;
        }
        return new BrokerException(reaction.category(), error.code(), message.toString(), retryAfter, null);
    }

    /** Applies what an error means for the whole session; {@code request} is null for unsolicited errors. */
    private void react(CtraderError error, ErrorCodes.Reaction reaction, OutgoingRequest request) {
        switch (reaction.action()) {
            case FATAL_CREDENTIALS -> failFatally(new BrokerException(ErrorCategory.AUTHENTICATION, error.code(),
                    "cTrader rejected the application credentials with " + error.code()
                            + describe(error.description()) + "; " + reaction.advice(), Duration.ZERO, null));
            case REFRESH_TOKEN -> {
                if (request == null || request.type != ProtoOAPayloadType.PROTO_OA_REFRESH_TOKEN_REQ) {
                    accounts.accessTokenRejected(error, request);
                }
            }
            case REAUTHORISE_ACCOUNT -> {
                long accountId = request != null ? request.accountId : error.accountId();
                if (request == null || request.type != ProtoOAPayloadType.PROTO_OA_ACCOUNT_AUTH_REQ) {
                    accounts.sessionEnded(accountId, "cTrader reported " + error.code());
                }
            }
            case ACCOUNT_NOT_FOUND, ACCOUNT_DISABLED -> {
                if (request != null && request.type != ProtoOAPayloadType.PROTO_OA_ACCOUNT_AUTH_REQ) {
                    accounts.accountRejected(request.accountId, reaction, error);
                }
            }
            case MAINTENANCE -> enterMaintenance(error.maintenanceEnd());
            case THROTTLE -> throttle(error, request);
            case CONNECTION_LIMIT -> {
                waitLongest = true;
                LOG.warn("Monitor {}: cTrader reports too many connections for this application; reconnecting in "
                        + "{} at the earliest", monitorName, reconnectBackoff.max());
                closeConnection("the application has too many connections");
            }
            case RECONNECT -> closeConnection("cTrader reported " + error.code() + " on an authorised connection");
            default -> {
                // NONE and ALREADY_DONE only concern the request itself.
            }
        }
    }

    /**
     * Returns how long to hold back requests after a rate-limit error: one second after
     * REQUEST_FREQUENCY_EXCEEDED, which carries no retry time, and the announced {@code retryAfter}
     * of a BLOCKED_PAYLOAD_TYPE, between one second and {@link #MAX_BLOCK}.
     */
    private static Duration throttlePause(CtraderError error) {
        if (!"BLOCKED_PAYLOAD_TYPE".equals(error.code())) {
            return THROTTLE_PAUSE;
        }
        Duration announced = error.retryAfter();
        if (announced.compareTo(MAX_BLOCK) > 0) {
            return MAX_BLOCK;
        }
        return announced.compareTo(THROTTLE_PAUSE) > 0 ? announced : THROTTLE_PAUSE;
    }

    private void throttle(CtraderError error, OutgoingRequest request) {
        Duration pause = throttlePause(error);
        int suppressed = throttleLog.tryLog();
        if (suppressed >= 0) {
            LOG.warn("Monitor {}: cTrader rejected {} with {}; pausing those requests for {} s{}", monitorName,
                    request == null ? "a request" : request.type.name(), error.code(), pause.toSeconds(),
                    LogLimiter.suppressedNote(suppressed));
        }
        if (request == null || pacer == null) {
            return;
        }
        if ("BLOCKED_PAYLOAD_TYPE".equals(error.code()) && !error.retryAfter().isZero()) {
            pacer.block(request.type.getNumber(), pause);
        } else {
            pacer.pause(request, pause);
        }
    }

    private void enterMaintenance(Instant end) {
        if (phase == Phase.FAILED || phase == Phase.CLOSED) {
            return;
        }
        Instant now = clock.instant();
        maintenanceUntil = end != null && end.isAfter(now) ? end : null;
        LOG.warn("Monitor {}: cTrader reports server maintenance{}; reconnecting {}", monitorName,
                end == null ? "" : " until " + end, maintenanceUntil == null ? "with backoff" : "after it ends");
        closeConnection("the server is under maintenance");
    }

    private void onClosed(Connection closed, Connection.CloseReason reason, String detail) {
        if (closed != connection) {
            return;
        }
        connection = null;
        List<OutgoingRequest> failed = new ArrayList<>(pending.takeAll());
        if (pacer != null) {
            failed.addAll(pacer.close());
            pacer = null;
        }
        queuedRequests = 0;
        backlogNanos = 0;

        metrics.counter("ctrader.connections.closed", "reason", reason.name()).increment();
        if (reason == Connection.CloseReason.FRAME_ERROR) {
            metrics.counter("ctrader.frames.rejected").increment();
        }
        if (phase == Phase.CLOSED || phase == Phase.FAILED) {
            BrokerException failure = phase == Phase.CLOSED ? BrokerFailures.closed() : fatalFailure;
            failed.forEach(request -> request.reply.completeExceptionally(failure));
            return;
        }

        Duration delay = nextDelay();
        phase = Phase.WAITING;
        nextAttemptNanos = timer.nanoTime() + delay.toNanos();
        String what = describeClose(reason, detail);
        int suppressed = closeLog.tryLog();
        if (suppressed >= 0) {
            LOG.warn("Monitor {}: {} closed: {}; reconnecting in {} ms (attempt {}){}", monitorName, closed, what,
                    delay.toMillis(), reconnectBackoff.attempts(), LogLimiter.suppressedNote(suppressed));
        }
        reporter.connection(LinkState.DOWN, what + "; reconnecting in " + delay.toSeconds() + " s");

        BrokerException lost = new BrokerException(ErrorCategory.UNAVAILABLE, "", "the cTrader connection to "
                + endpoint + " was lost: " + what, delay, null);
        accounts.connectionLost(lost);
        failed.forEach(request -> request.reply.completeExceptionally(lost));

        try {
            reconnectTimer = timer.schedule(delay, () -> executor.execute(() -> {
                if (phase == Phase.WAITING) {
                    connect();
                }
            }));
        } catch (RejectedExecutionException e) {
            phase = Phase.CLOSED;
        }
    }

    private Duration nextDelay() {
        Duration backoff = reconnectBackoff.next();
        if (waitLongest) {
            waitLongest = false;
            return reconnectBackoff.max();
        }
        if (maintenanceUntil != null) {
            Duration remaining = Duration.between(clock.instant(), maintenanceUntil);
            maintenanceUntil = null;
            if (remaining.compareTo(MAX_MAINTENANCE_WAIT) > 0) {
                LOG.warn("Monitor {}: the announced maintenance end is {} away; retrying after {} instead",
                        monitorName, remaining, MAX_MAINTENANCE_WAIT);
                remaining = MAX_MAINTENANCE_WAIT;
            }
            // Spread reconnects after the end so that clients do not all return in the same instant.
            long jitter = random.nextLong(settings.reconnectInitialBackoff().toNanos() + 1);
            return remaining.isNegative() ? backoff : remaining.plusNanos(jitter);
        }
        return backoff;
    }

    private static String describeClose(Connection.CloseReason reason, String detail) {
        String what = switch (reason) {
            case CONNECT_FAILED -> "connecting failed";
            case PEER_CLOSED -> "the server closed the connection";
            case IO_ERROR -> "the connection failed";
            case FRAME_ERROR -> "invalid frame";
            case READ_TIMEOUT -> "read timeout";
            case REQUESTED -> "closed by the monitor";
        };
        return detail.isEmpty() ? what : what + " (" + detail + ")";
    }

    private void shutdown() {
        if (phase == Phase.CLOSED) {
            return;
        }
        phase = Phase.CLOSED;
        cancel(reconnectTimer);
        Connection current = connection;
        connection = null;
        if (current != null) {
            current.close(Connection.CloseReason.REQUESTED, "the monitor is closing");
        }
        List<OutgoingRequest> failed = new ArrayList<>(pending.takeAll());
        if (pacer != null) {
            failed.addAll(pacer.close());
            pacer = null;
        }
        queuedRequests = 0;
        backlogNanos = 0;
        BrokerException closed = BrokerFailures.closed();
        failed.forEach(request -> request.reply.completeExceptionally(closed));
        accounts.closed(closed);
        reporter.connection(LinkState.DOWN, "the monitor is closed");
        LOG.info("Monitor {}: cTrader connection to {} closed", monitorName, endpoint);
    }

    private String describe(String description) {
        return description == null || description.isEmpty() ? "" : " (" + redactor.redact(description) + ")";
    }

    private static void cancel(Cancellable cancellable) {
        if (cancellable != null) {
            cancellable.cancel();
        }
    }
}
