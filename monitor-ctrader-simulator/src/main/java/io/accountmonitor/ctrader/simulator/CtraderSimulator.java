package io.accountmonitor.ctrader.simulator;

import com.google.protobuf.MessageLite;
import io.accountmonitor.core.model.TradeSide;
import io.accountmonitor.core.spi.Cancellable;
import io.accountmonitor.core.spi.IoThreads;
import io.accountmonitor.core.spi.TimerService;
import io.accountmonitor.ctrader.protocol.ProtoHeartbeatEvent;
import io.accountmonitor.ctrader.protocol.ProtoMessage;
import io.accountmonitor.ctrader.protocol.ProtoOAAccountDisconnectEvent;
import io.accountmonitor.ctrader.protocol.ProtoOAClientDisconnectEvent;
import io.accountmonitor.ctrader.protocol.ProtoOADeal;
import io.accountmonitor.ctrader.protocol.ProtoOAMarginChangedEvent;
import io.accountmonitor.ctrader.protocol.ProtoOAOrderErrorEvent;
import io.accountmonitor.ctrader.protocol.ProtoOAPayloadType;
import io.accountmonitor.ctrader.protocol.ProtoOAPosition;
import io.accountmonitor.ctrader.protocol.ProtoOATraderUpdatedEvent;
import io.accountmonitor.ctrader.protocol.ProtoPayloadType;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local cTrader Open API server for tests and the demo: TLS on a loopback port, the 4-byte
 * length framing, scripted accounts, pushed executions, the per-connection rate limits of the real
 * server, and faults on demand.
 *
 * <p>Threads come only from the {@link IoThreads} given to the builder: one accepts connections,
 * up to {@code maxConnections} serve them, and one writes every outgoing frame in order. Timers
 * (heartbeats, delayed replies, scripted trading) run on the given {@link TimerService}, so tests
 * drive them with virtual time. Every public method is thread-safe; request observers run under
 * the simulator's lock and must return quickly.
 *
 * <p>Lifecycle: {@link #builder}, {@link #start()}, any scripting, fault and inspection calls,
 * then {@link #close()}.
 */
public final class CtraderSimulator implements AutoCloseable {
    /** The application credentials a simulator accepts unless the builder sets others. */
    public static final String DEFAULT_CLIENT_ID = "simulator-client-id";
    public static final String DEFAULT_CLIENT_SECRET = "simulator-client-secret";
    /** The token pair of the default grant, which opens every account. */
    public static final String DEFAULT_ACCESS_TOKEN = "sim-access-0";
    public static final String DEFAULT_REFRESH_TOKEN = "sim-refresh-0";

    private static final Logger LOG = LoggerFactory.getLogger(CtraderSimulator.class);
    private static final int ACCEPT_BACKLOG = 50;
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);
    /** Requests kept for inspection; older ones are dropped, so a long demo run keeps bounded memory. */
    static final int MAX_RECORDED_REQUESTS = 200_000;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final IoThreads ioThreads;
    private final TimerService timer;
    private final int requestedPort;
    private final int maxConnections;
    private final int maxFrameBytes;
    private final Duration heartbeatInterval;
    private final BrokerBook book;
    private final FaultPlan faults = new FaultPlan();
    private final RequestHandler handler;
    private final SSLContext tls = SimulatorCertificate.serverContext();
    private final List<SimulatorConnection> allConnections = new ArrayList<>();
    private final List<SimulatorConnection> openConnections = new ArrayList<>();
    private final Set<SimulatorConnection> established = new LinkedHashSet<>();
    private final List<ReceivedRequest> received = new ArrayList<>();
    private final List<Consumer<ReceivedRequest>> observers = new CopyOnWriteArrayList<>();
    private final ScriptedTrading scriptedTrading;
    private ServerSocket server;
    private ExecutorService acceptThread;
    private ExecutorService connectionThreads;
    private ExecutorService writerThread;
    private Cancellable heartbeatTimer;
    private boolean fragmentWrites;
    private long connectionSequence;
    private boolean started;
    private volatile boolean closed;

    private CtraderSimulator(Builder builder) {
        this.ioThreads = builder.ioThreads;
        this.timer = builder.timer;
        this.requestedPort = builder.port;
        this.maxConnections = builder.maxConnections;
        this.maxFrameBytes = builder.maxFrameBytes;
        this.heartbeatInterval = builder.heartbeatInterval;
        this.book = new BrokerBook(builder.clock);
        for (SimulatedAccount account : builder.accounts.values()) {
            book.addAccount(account);
        }
        if (builder.grants.isEmpty()) {
            book.addGrant(DEFAULT_ACCESS_TOKEN, DEFAULT_REFRESH_TOKEN, builder.accounts.keySet());
        }
        for (GrantSpec grant : builder.grants) {
            book.addGrant(grant.accessToken, grant.refreshToken, grant.accounts);
        }
        this.handler = new RequestHandler(book, faults, builder.clientId, builder.clientSecret,
                builder.requestsPerSecond, builder.historicalRequestsPerSecond, () -> openConnections,
                new RequestHandler.Outbox() {
                    @Override
                    public void reply(SimulatorConnection connection, ProtoMessage message) {
                        deliver(connection, message, false);
                    }

                    @Override
                    public void replyThenClose(SimulatorConnection connection, ProtoMessage message) {
                        deliver(connection, message, true);
                    }
                });
        this.scriptedTrading = new ScriptedTrading(this, timer, builder.accounts.keySet());
    }

    /**
     * Starts a simulator that uses {@code ioThreads} for its sockets and {@code timer} for its
     * timers. Without further settings it listens on an ephemeral port, accepts
     * {@link #DEFAULT_CLIENT_ID}, and opens every account with {@link #DEFAULT_ACCESS_TOKEN}.
     */
    public static Builder builder(IoThreads ioThreads, TimerService timer) {
        return new Builder(ioThreads, timer);
    }

    /**
     * Returns a builder with the two accounts of the demo: 1001 (USD, 2 money digits) and 1002
     * (EUR, 8 money digits, so that scaling shows), both without positions until
     * {@link #startScriptedTrading} trades on them.
     */
    public static Builder demoBuilder(IoThreads ioThreads, TimerService timer) {
        return builder(ioThreads, timer)
                .account(SimulatedAccount.builder(1001).balance("10000.00").build())
                .account(SimulatedAccount.builder(1002).moneyDigits(8).depositAsset(2, "EUR")
                        .balance("25000.00000000").build());
    }

    /**
     * Binds the loopback port and starts accepting connections.
     *
     * @throws IOException if the port cannot be bound
     * @throws IllegalStateException if called twice or after {@link #close()}
     */
    public void start() throws IOException {
        lock.lock();
        try {
            if (started || closed) {
                throw new IllegalStateException("the simulator can be started once, before it is closed");
            }
            started = true;
            server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), requestedPort), ACCEPT_BACKLOG);
            acceptThread = ioThreads.newExecutor("ctrader-sim-accept", 1);
            connectionThreads = ioThreads.newExecutor("ctrader-sim-connection", maxConnections);
            writerThread = ioThreads.newExecutor("ctrader-sim-write", 1);
            acceptThread.execute(this::acceptLoop);
            scheduleHeartbeat();
        } finally {
            lock.unlock();
        }
        LOG.info("cTrader simulator listening on {}", endpoint());
    }

    /** Returns the bound port. */
    public int port() {
        ServerSocket bound = server;
        if (bound == null) {
            throw new IllegalStateException("the simulator is not started");
        }
        return bound.getLocalPort();
    }

    /** Returns {@code 127.0.0.1:<port>}, the form the adapter's {@code environment} setting takes. */
    public String endpoint() {
        return InetAddress.getLoopbackAddress().getHostAddress() + ":" + port();
    }

    /** Closes the port and every connection, cancels timers and stops the simulator's threads. Idempotent. */
    @Override
    public void close() {
        List<SimulatorConnection> toClose;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            scriptedTrading.stop();
            if (heartbeatTimer != null) {
                heartbeatTimer.cancel();
            }
            toClose = List.copyOf(openConnections);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (server != null) {
            try {
                server.close();
            } catch (IOException e) {
                LOG.debug("Closing the simulator's server socket failed: {}", e.toString());
            }
        }
        toClose.forEach(SimulatorConnection::close);
        shutdown(acceptThread);
        shutdown(connectionThreads);
        shutdown(writerThread);
        LOG.info("cTrader simulator closed");
    }

    // Scripting.

    /**
     * Opens a position, records its opening deal and pushes an {@code ORDER_FILLED} execution event.
     *
     * @param volumeInCents volume in hundredths of a unit, as the protocol counts it
     * @return the new position id
     */
    public long openPosition(long accountId, long symbolId, TradeSide side, long volumeInCents, double price) {
        lock.lock();
        try {
            var event = book.openPosition(accountId, symbolId, side, volumeInCents, price);
            push(accountId, ProtoOAPayloadType.PROTO_OA_EXECUTION_EVENT_VALUE, event);
            return event.getPosition().getPositionId();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Closes a position with a closing deal whose {@code closePositionDetail} carries
     * {@code grossProfit}, updates the balance and its version, and pushes the execution event.
     *
     * @return the id of the closing deal
     */
    public long closePosition(long accountId, long positionId, BigDecimal grossProfit) {
        lock.lock();
        try {
            var event = book.closePosition(accountId, positionId, grossProfit);
            push(accountId, ProtoOAPayloadType.PROTO_OA_EXECUTION_EVENT_VALUE, event);
            return event.getDeal().getDealId();
        } finally {
            lock.unlock();
        }
    }

    /** Sets the unrealized profit the next unrealized-P&L request reports for an open position. */
    public void setUnrealizedPnl(long accountId, long positionId, BigDecimal gross, BigDecimal net) {
        lock.lock();
        try {
            AccountState account = book.account(accountId);
            if (!account.positions.containsKey(positionId)) {
                throw new IllegalArgumentException("account " + accountId + " has no open position " + positionId);
            }
            account.unrealized.put(positionId, new long[] {account.scale(gross), account.scale(net)});
        } finally {
            lock.unlock();
        }
    }

    /** Changes the balance by {@code delta} and pushes a {@code DEPOSIT_WITHDRAW} execution event. */
    public void depositOrWithdraw(long accountId, BigDecimal delta) {
        lock.lock();
        try {
            push(accountId, ProtoOAPayloadType.PROTO_OA_EXECUTION_EVENT_VALUE, book.depositOrWithdraw(accountId, delta));
        } finally {
            lock.unlock();
        }
    }

    /** Sets the used margin of an open position and pushes a {@code ProtoOAMarginChangedEvent}. */
    public void changeMargin(long accountId, long positionId, BigDecimal usedMargin) {
        lock.lock();
        try {
            AccountState account = book.account(accountId);
            ProtoOAPosition position = account.positions.get(positionId);
            if (position == null) {
                throw new IllegalArgumentException("account " + accountId + " has no open position " + positionId);
            }
            long margin = account.scale(usedMargin);
            account.positions.put(positionId, position.toBuilder().setUsedMargin(margin).build());
            ProtoOAMarginChangedEvent.Builder event = ProtoOAMarginChangedEvent.newBuilder()
                    .setCtidTraderAccountId(accountId)
                    .setPositionId(positionId)
                    .setUsedMargin(margin);
            if (account.sentDigits() != null) {
                event.setMoneyDigits(account.sentDigits());
            }
            push(accountId, ProtoOAPayloadType.PROTO_OA_MARGIN_CHANGED_EVENT_VALUE, event.build());
        } finally {
            lock.unlock();
        }
    }

    /** Pushes a {@code ProtoOATraderUpdatedEvent} with the account's current trader entity. */
    public void pushTraderUpdate(long accountId) {
        lock.lock();
        try {
            push(accountId, ProtoOAPayloadType.PROTO_OA_TRADER_UPDATE_EVENT_VALUE, ProtoOATraderUpdatedEvent.newBuilder()
                    .setCtidTraderAccountId(accountId)
                    .setTrader(book.account(accountId).trader())
                    .build());
        } finally {
            lock.unlock();
        }
    }

    /** Pushes a {@code ProtoOAOrderErrorEvent} with order and position ids 0, as real servers sometimes send. */
    public void pushOrderError(long accountId, String errorCode, String description) {
        lock.lock();
        try {
            push(accountId, ProtoOAPayloadType.PROTO_OA_ORDER_ERROR_EVENT_VALUE, ProtoOAOrderErrorEvent.newBuilder()
                    .setCtidTraderAccountId(accountId)
                    .setErrorCode(errorCode)
                    .setOrderId(0)
                    .setPositionId(0)
                    .setDescription(description)
                    .build());
        } finally {
            lock.unlock();
        }
    }

    /** Adds a deal to the account's history without pushing an event, for example an old one. */
    public void addDeal(long accountId, ProtoOADeal deal) {
        lock.lock();
        try {
            book.account(accountId).addDeal(deal);
        } finally {
            lock.unlock();
        }
    }

    /** Adds an open position without pushing an event, with its unrealized profit in wire units. */
    public void addPosition(long accountId, ProtoOAPosition position, long grossUnrealized, long netUnrealized) {
        lock.lock();
        try {
            AccountState account = book.account(accountId);
            account.positions.put(position.getPositionId(), position);
            account.unrealized.put(position.getPositionId(), new long[] {grossUnrealized, netUnrealized});
        } finally {
            lock.unlock();
        }
    }

    /** Pushes any message to the connections on which {@code accountId} is authorised. */
    public void pushEvent(long accountId, int payloadType, MessageLite payload) {
        lock.lock();
        try {
            push(accountId, payloadType, payload);
        } finally {
            lock.unlock();
        }
    }

    /** Returns the current balance of an account. */
    public BigDecimal balance(long accountId) {
        lock.lock();
        try {
            AccountState account = book.account(accountId);
            return account.unscale(account.balance);
        } finally {
            lock.unlock();
        }
    }

    /** Returns the ids of the account's open positions, ascending. */
    public List<Long> openPositionIds(long accountId) {
        lock.lock();
        try {
            return List.copyOf(book.account(accountId).positions.keySet());
        } finally {
            lock.unlock();
        }
    }

    /** Returns the number of deals in the account's history. */
    public int dealCount(long accountId) {
        lock.lock();
        try {
            return book.account(accountId).dealCount();
        } finally {
            lock.unlock();
        }
    }

    /** Returns the access token that currently opens {@code accountId}, which changes on every refresh. */
    public String accessToken(long accountId) {
        lock.lock();
        try {
            BrokerBook.Grant grant = book.grantOfAccount(accountId);
            return grant == null ? null : grant.accessToken;
        } finally {
            lock.unlock();
        }
    }

    /** Returns the refresh token of the grant that opens {@code accountId}. */
    public String refreshToken(long accountId) {
        lock.lock();
        try {
            BrokerBook.Grant grant = book.grantOfAccount(accountId);
            return grant == null ? null : grant.refreshToken;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Opens or closes a position on one account every {@code every}, in turn over all accounts,
     * and moves the unrealized profit of open positions. For the demo; stop it with
     * {@link #stopScriptedTrading()}.
     */
    public void startScriptedTrading(Duration every) {
        scriptedTrading.start(every);
    }

    public void stopScriptedTrading() {
        scriptedTrading.stop();
    }

    // Faults.

    /** Closes every open connection at once, as a network failure would. */
    public void dropConnections() {
        List<SimulatorConnection> toClose;
        lock.lock();
        try {
            toClose = List.copyOf(openConnections);
        } finally {
            lock.unlock();
        }
        toClose.forEach(SimulatorConnection::close);
    }

    /**
     * Makes the open connections silent: the socket stays open, incoming frames are read and
     * discarded, and nothing is sent on them any more, heartbeats included. New connections behave
     * normally.
     */
    public void silenceConnections() {
        lock.lock();
        try {
            openConnections.forEach(connection -> connection.silent = true);
        } finally {
            lock.unlock();
        }
    }

    /** Delays every reply by {@code delay} on the simulator's timer; {@link Duration#ZERO} stops it. */
    public void delayReplies(Duration delay) {
        lock.lock();
        try {
            faults.replyDelay = Objects.requireNonNull(delay, "delay");
        } finally {
            lock.unlock();
        }
    }

    /**
     * Leaves the next {@code count} requests of {@code payloadType} (any type when {@code null})
     * without reply and unprocessed.
     */
    public void dropReplies(Integer payloadType, int count) {
        lock.lock();
        try {
            faults.addDrop(payloadType, count);
        } finally {
            lock.unlock();
        }
    }

    /** Replies to the next matching request(s) with {@code error} instead of the normal reply. */
    public void failNext(ErrorReply error) {
        lock.lock();
        try {
            faults.addError(error);
        } finally {
            lock.unlock();
        }
    }

    /** Removes injected errors, dropped replies, reply delay and maintenance. */
    public void clearFaults() {
        lock.lock();
        try {
            faults.clear();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Replies to every request with {@code SERVER_IS_UNDER_MAINTENANCE} until {@code end} on the
     * simulator's clock, with {@code maintenanceEndTimestamp} in seconds as the published comment
     * of {@code ProtoOAErrorRes} gives it.
     */
    public void announceMaintenance(Instant end) {
        lock.lock();
        try {
            faults.maintenanceEnd = Objects.requireNonNull(end, "end");
        } finally {
            lock.unlock();
        }
    }

    /** Sends, on every open connection, a length prefix that announces {@code announcedLength} bytes. */
    public void sendOversizedFrame(long announcedLength) {
        byte[] prefix = SimulatorFrames.lengthPrefix(announcedLength);
        sendToEstablished(connection -> connection.sendBytes(Arrays.copyOf(prefix, prefix.length + 16)));
    }

    /** Sends a frame of length zero on every open connection. */
    public void sendZeroLengthFrame() {
        sendToEstablished(connection -> connection.sendBytes(SimulatorFrames.lengthPrefix(0)));
    }

    /** Sends a correctly framed body that is not a {@code ProtoMessage} on every open connection. */
    public void sendMalformedFrame() {
        byte[] body = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F};
        byte[] frame = new byte[4 + body.length];
        System.arraycopy(SimulatorFrames.lengthPrefix(body.length), 0, frame, 0, 4);
        System.arraycopy(body, 0, frame, 4, body.length);
        sendToEstablished(connection -> connection.sendBytes(frame));
    }

    /** Sends {@code bytes} inside the TLS stream of every open connection, with no framing. */
    public void sendGarbage(byte[] bytes) {
        byte[] copy = bytes.clone();
        sendToEstablished(connection -> connection.sendBytes(copy));
    }

    /**
     * Writes a forged TLS record directly on the TCP socket of every open connection, so the
     * client's TLS layer fails in the middle of the stream.
     */
    public void corruptTlsStream() {
        byte[] record = new byte[5 + 32];
        record[0] = 0x17;
        record[1] = 0x03;
        record[2] = 0x03;
        record[4] = 32;
        Arrays.fill(record, 5, record.length, (byte) 0x5A);
        sendToEstablished(connection -> connection.sendBytesBeneathTls(record));
    }

    /** Writes every later frame in pieces of 3 bytes, each flushed into its own TLS record. */
    public void fragmentFrames(boolean fragment) {
        lock.lock();
        try {
            fragmentWrites = fragment;
            openConnections.forEach(connection -> connection.fragmentWrites(fragment));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Revokes {@code accessToken}: its account sessions end with a
     * {@code ProtoOAAccountsTokenInvalidatedEvent}, and it is rejected from now on.
     */
    public void invalidateAccessToken(String accessToken, String reason) {
        lock.lock();
        try {
            handler.invalidateSessions(accessToken, reason);
            book.revoke(accessToken);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Lets {@code accessToken} expire: requests of its sessions and new account auths fail with
     * {@code CH_ACCESS_TOKEN_INVALID} "Access token expired" until the client refreshes it.
     */
    public void expireAccessToken(String accessToken) {
        lock.lock();
        try {
            BrokerBook.Grant grant = book.grantOfAccessToken(accessToken);
            if (grant == null) {
                throw new IllegalArgumentException("the access token is not known to the simulator");
            }
            grant.accessTokenExpired = true;
        } finally {
            lock.unlock();
        }
    }

    /** Sends a {@code ProtoOAClientDisconnectEvent} on every open connection, then closes them. */
    public void sendClientDisconnect(String reason) {
        ProtoMessage event = RequestHandler.message(ProtoOAPayloadType.PROTO_OA_CLIENT_DISCONNECT_EVENT_VALUE,
                ProtoOAClientDisconnectEvent.newBuilder().setReason(reason).build(), "");
        sendToEstablished(connection -> connection.sendThenClose(event));
    }

    /** Ends the session of {@code accountId} with a {@code ProtoOAAccountDisconnectEvent}. */
    public void sendAccountDisconnect(long accountId) {
        lock.lock();
        try {
            ProtoMessage event = RequestHandler.message(ProtoOAPayloadType.PROTO_OA_ACCOUNT_DISCONNECT_EVENT_VALUE,
                    ProtoOAAccountDisconnectEvent.newBuilder().setCtidTraderAccountId(accountId).build(), "");
            for (SimulatorConnection connection : openConnections) {
                if (connection.authorisedAccounts.remove(accountId) != null) {
                    connection.send(event);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    // Inspection.

    /** Returns what was counted on every connection accepted so far, oldest first. */
    public List<ConnectionStats> connections() {
        lock.lock();
        try {
            List<ConnectionStats> stats = new ArrayList<>();
            for (SimulatorConnection connection : allConnections) {
                stats.add(new ConnectionStats(connection.id, connection.isOpen(), connection.applicationAuthorised,
                        connection.accountAuthRequests, connection.requests, connection.heartbeats,
                        connection.rateLimitRejections, connection.authorisedAccounts.keySet()));
            }
            return stats;
        } finally {
            lock.unlock();
        }
    }

    /** Returns the number of connections open now. */
    public int openConnectionCount() {
        lock.lock();
        try {
            return openConnections.size();
        } finally {
            lock.unlock();
        }
    }

    /** Returns the number of requests rejected with {@code REQUEST_FREQUENCY_EXCEEDED}, over all connections. */
    public long rateLimitRejections() {
        lock.lock();
        try {
            long total = 0;
            for (SimulatorConnection connection : allConnections) {
                total += connection.rateLimitRejections;
            }
            return total;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Returns the requests received so far, oldest first; heartbeats are not requests. Only the
     * latest 100,000 to 200,000 are kept.
     */
    public List<ReceivedRequest> receivedRequests() {
        lock.lock();
        try {
            return List.copyOf(received);
        } finally {
            lock.unlock();
        }
    }

    /** Returns the number of requests kept by {@link #receivedRequests()}. */
    public int requestCount() {
        lock.lock();
        try {
            return received.size();
        } finally {
            lock.unlock();
        }
    }

    /** Returns the heartbeats received from clients, over all connections. */
    public int heartbeatsReceived() {
        lock.lock();
        try {
            int total = 0;
            for (SimulatorConnection connection : allConnections) {
                total += connection.heartbeats;
            }
            return total;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until at least {@code count} received requests match {@code filter}.
     *
     * @return whether they arrived within {@code timeout}
     */
    public boolean awaitRequests(Predicate<ReceivedRequest> filter, int count, Duration timeout)
            throws InterruptedException {
        return awaitCondition(() -> received.stream().filter(filter).count() >= count, timeout);
    }

    /** Waits until at least {@code count} requests in total have arrived. */
    public boolean awaitRequestCount(int count, Duration timeout) throws InterruptedException {
        return awaitCondition(() -> received.size() >= count, timeout);
    }

    /** Waits until at least {@code count} connections have been accepted since start. */
    public boolean awaitConnectionsAccepted(int count, Duration timeout) throws InterruptedException {
        return awaitCondition(() -> allConnections.size() >= count, timeout);
    }

    /** Waits until at least {@code count} client heartbeats have arrived. */
    public boolean awaitHeartbeats(int count, Duration timeout) throws InterruptedException {
        return awaitCondition(() -> {
            int total = 0;
            for (SimulatorConnection connection : allConnections) {
                total += connection.heartbeats;
            }
            return total >= count;
        }, timeout);
    }

    /** Waits until exactly {@code count} connections are open. */
    public boolean awaitOpenConnections(int count, Duration timeout) throws InterruptedException {
        return awaitCondition(() -> openConnections.size() == count, timeout);
    }

    /** Calls {@code observer} with every received request, under the simulator's lock. */
    public void onRequest(Consumer<ReceivedRequest> observer) {
        observers.add(Objects.requireNonNull(observer, "observer"));
    }

    // Internals.

    void runLocked(Runnable action) {
        lock.lock();
        try {
            action.run();
        } finally {
            lock.unlock();
        }
    }

    BrokerBook book() {
        return book;
    }

    /** Sends an event to the connections on which the account is authorised; call with the lock held. */
    void push(long accountId, int payloadType, MessageLite payload) {
        ProtoMessage message = RequestHandler.message(payloadType, payload, "");
        for (SimulatorConnection connection : openConnections) {
            if (!connection.silent && connection.authorisedAccounts.containsKey(accountId)) {
                connection.send(message);
            }
        }
    }

    private boolean awaitCondition(java.util.function.BooleanSupplier condition, Duration timeout)
            throws InterruptedException {
        long remaining = timeout.toNanos();
        lock.lock();
        try {
            while (!condition.getAsBoolean()) {
                if (remaining <= 0 || closed) {
                    return condition.getAsBoolean();
                }
                remaining = changed.awaitNanos(remaining);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void deliver(SimulatorConnection connection, ProtoMessage message, boolean closeAfter) {
        Duration delay = faults.replyDelay;
        Runnable send = () -> {
            if (connection.silent) {
                return;
            }
            if (closeAfter) {
                connection.sendThenClose(message);
            } else {
                connection.send(message);
            }
        };
        if (delay.isZero() || delay.isNegative()) {
            send.run();
        } else {
            timer.schedule(delay, send);
        }
    }

    private void sendToEstablished(Consumer<SimulatorConnection> action) {
        lock.lock();
        try {
            established.forEach(action);
        } finally {
            lock.unlock();
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket raw;
            try {
                raw = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("Simulator stopped accepting connections: {}", e.toString());
                }
                return;
            }
            SimulatorConnection connection = register(raw);
            if (connection == null) {
                continue;
            }
            try {
                connectionThreads.execute(() -> connection.serve(new ConnectionEvents()));
            } catch (RejectedExecutionException e) {
                connection.close();
            }
        }
    }

    private SimulatorConnection register(Socket raw) {
        lock.lock();
        try {
            if (closed || openConnections.size() >= maxConnections) {
                LOG.warn("Simulator rejected a connection: {} of {} connections are open", openConnections.size(),
                        maxConnections);
                closeQuietly(raw);
                return null;
            }
            SimulatorConnection connection = new SimulatorConnection(++connectionSequence, raw, tls, writerThread,
                    maxFrameBytes);
            connection.fragmentWrites(fragmentWrites);
            allConnections.add(connection);
            openConnections.add(connection);
            changed.signalAll();
            return connection;
        } finally {
            lock.unlock();
        }
    }

    private void scheduleHeartbeat() {
        if (heartbeatInterval.isZero() || closed) {
            return;
        }
        try {
            heartbeatTimer = timer.schedule(heartbeatInterval, () -> {
                ProtoMessage heartbeat = RequestHandler.message(ProtoPayloadType.HEARTBEAT_EVENT_VALUE,
                        ProtoHeartbeatEvent.getDefaultInstance(), "");
                lock.lock();
                try {
                    for (SimulatorConnection connection : established) {
                        if (!connection.silent) {
                            connection.send(heartbeat);
                        }
                    }
                    scheduleHeartbeat();
                } finally {
                    lock.unlock();
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("Simulator heartbeats stopped: the timer service is closed");
        }
    }

    private static void shutdown(ExecutorService executor) {
        if (executor == null) {
            return;
        }
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("A simulator thread did not stop within {}", CLOSE_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("Closing a rejected socket failed: {}", e.toString());
        }
    }

    /** Moves each connection's read-loop events under the simulator's lock. */
    private final class ConnectionEvents implements SimulatorConnection.Handler {
        @Override
        public void onOpen(SimulatorConnection connection) {
            lock.lock();
            try {
                established.add(connection);
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void onFrame(SimulatorConnection connection, ProtoMessage message) {
            lock.lock();
            try {
                if (connection.silent) {
                    return;
                }
                if (message.getPayloadType() == ProtoPayloadType.HEARTBEAT_EVENT_VALUE) {
                    connection.heartbeats++;
                    changed.signalAll();
                    return;
                }
                long now = timer.nanoTime();
                ReceivedRequest request = new ReceivedRequest(connection.id, message.getPayloadType(),
                        message.getClientMsgId(), RequestFields.accountId(message), RequestFields.accessToken(message),
                        now);
                connection.requests++;
                if (request.is(ProtoOAPayloadType.PROTO_OA_ACCOUNT_AUTH_REQ)) {
                    connection.accountAuthRequests++;
                }
                if (received.size() >= MAX_RECORDED_REQUESTS) {
                    received.subList(0, MAX_RECORDED_REQUESTS / 2).clear();
                }
                received.add(request);
                for (Consumer<ReceivedRequest> observer : observers) {
                    observer.accept(request);
                }
                handler.handle(connection, message, now);
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void onClosed(SimulatorConnection connection) {
            lock.lock();
            try {
                openConnections.remove(connection);
                established.remove(connection);
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    private record GrantSpec(String accessToken, String refreshToken, Set<Long> accounts) {
    }

    public static final class Builder {
        private final IoThreads ioThreads;
        private final TimerService timer;
        private Clock clock;
        private int port;
        private String clientId = DEFAULT_CLIENT_ID;
        private String clientSecret = DEFAULT_CLIENT_SECRET;
        private final Map<Long, SimulatedAccount> accounts = new LinkedHashMap<>();
        private final List<GrantSpec> grants = new ArrayList<>();
        private int requestsPerSecond = 50;
        private int historicalRequestsPerSecond = 5;
        private int maxConnections = 4;
        private int maxFrameBytes = 1 << 20;
        private Duration heartbeatInterval = Duration.ofSeconds(10);

        private Builder(IoThreads ioThreads, TimerService timer) {
            this.ioThreads = Objects.requireNonNull(ioThreads, "ioThreads");
            this.timer = Objects.requireNonNull(timer, "timer");
        }

        /** Sets the wall clock for deal and position times; pass the tests' virtual clock. */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "value");
            return this;
        }

        /** Sets the loopback port; 0, the default, picks a free one. */
        public Builder port(int value) {
            if (value < 0 || value > 65_535) {
                throw new IllegalArgumentException("port " + value + " is outside 0..65535");
            }
            this.port = value;
            return this;
        }

        /** Sets the application credentials the simulator accepts. */
        public Builder application(String id, String secret) {
            this.clientId = Objects.requireNonNull(id, "id");
            this.clientSecret = Objects.requireNonNull(secret, "secret");
            return this;
        }

        public Builder account(SimulatedAccount value) {
            if (accounts.putIfAbsent(value.accountId(), value) != null) {
                throw new IllegalArgumentException("account " + value.accountId() + " is added twice");
            }
            return this;
        }

        /**
         * Adds an OAuth grant that opens {@code accountIds}. Without any grant, one with
         * {@link #DEFAULT_ACCESS_TOKEN} opens every account.
         */
        public Builder grant(String accessToken, String refreshToken, long... accountIds) {
            Set<Long> ids = new LinkedHashSet<>();
            for (long id : accountIds) {
                ids.add(id);
            }
            grants.add(new GrantSpec(Objects.requireNonNull(accessToken, "accessToken"), refreshToken, ids));
            return this;
        }

        /**
         * Sets the per-connection limits, in requests per second, above which requests are rejected
         * with {@code REQUEST_FREQUENCY_EXCEEDED}. The defaults, 50 and 5, are the published limits.
         */
        public Builder rateLimits(int requestsPerSecond, int historicalRequestsPerSecond) {
            if (requestsPerSecond < 1 || historicalRequestsPerSecond < 1) {
                throw new IllegalArgumentException("rate limits must be positive");
            }
            this.requestsPerSecond = requestsPerSecond;
            this.historicalRequestsPerSecond = historicalRequestsPerSecond;
            return this;
        }

        /** Sets how many connections may be open at once; each takes one thread. Default 4. */
        public Builder maxConnections(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("maxConnections " + value + " must be at least 1");
            }
            this.maxConnections = value;
            return this;
        }

        /** Sets the largest frame the simulator reads; larger ones close the connection. Default 1 MiB. */
        public Builder maxFrameBytes(int value) {
            if (value < 16) {
                throw new IllegalArgumentException("maxFrameBytes " + value + " is too small");
            }
            this.maxFrameBytes = value;
            return this;
        }

        /** Sets how often the simulator sends heartbeats on each connection; zero disables them. Default 10 s. */
        public Builder heartbeatInterval(Duration value) {
            if (value.isNegative()) {
                throw new IllegalArgumentException("heartbeatInterval " + value + " is negative");
            }
            this.heartbeatInterval = value;
            return this;
        }

        public CtraderSimulator build() {
            if (clock == null) {
                // Deal and event times come from this clock, so tests pass their virtual one.
                throw new IllegalStateException("set the simulator's clock with clock(...)");
            }
            if (accounts.isEmpty()) {
                throw new IllegalStateException("add at least one account to the simulator");
            }
            return new CtraderSimulator(this);
        }
    }
}
