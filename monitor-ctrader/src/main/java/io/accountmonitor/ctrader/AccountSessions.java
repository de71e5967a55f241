package io.accountmonitor.ctrader;

import com.google.protobuf.InvalidProtocolBufferException;
import io.accountmonitor.core.model.LinkState;
import io.accountmonitor.core.spi.BrokerException;
import io.accountmonitor.core.spi.Cancellable;
import io.accountmonitor.core.spi.ErrorCategory;
import io.accountmonitor.core.spi.Metrics;
import io.accountmonitor.core.spi.RandomSource;
import io.accountmonitor.core.spi.Secret;
import io.accountmonitor.core.spi.StoreException;
import io.accountmonitor.core.spi.TimerService;
import io.accountmonitor.ctrader.protocol.ProtoMessage;
import io.accountmonitor.ctrader.protocol.ProtoOAAccountAuthReq;
import io.accountmonitor.ctrader.protocol.ProtoOACtidTraderAccount;
import io.accountmonitor.ctrader.protocol.ProtoOAGetAccountListByAccessTokenReq;
import io.accountmonitor.ctrader.protocol.ProtoOAGetAccountListByAccessTokenRes;
import io.accountmonitor.ctrader.protocol.ProtoOAPayloadType;
import io.accountmonitor.ctrader.protocol.ProtoOARefreshTokenReq;
import io.accountmonitor.ctrader.protocol.ProtoOARefreshTokenRes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The account sessions on the connection: which accounts the monitor serves and their account
 * auth, which is redone after every reconnect and after every event that ends a session. It also
 * refreshes the access token in-band and keeps the fetches that wait for an account to come up.
 *
 * <p>Threads: like {@link Session}, every method except {@link #awaitAccount} runs on the session
 * executor; {@link #awaitAccount} may be called from any thread.
 */
final class AccountSessions {
    private static final Logger LOG = LoggerFactory.getLogger(AccountSessions.class);
    /** A token rejected this soon after a refresh is not refreshed again: the grant itself is gone. */
    private static final Duration REFRESH_QUARANTINE = Duration.ofSeconds(60);
    /** How long before the access token expires it is refreshed proactively. */
    private static final Duration REFRESH_AHEAD = Duration.ofDays(1);

    /** One account served by the monitor. */
    private static final class AccountLink {
        final long id;
        final Backoff retry;
        final List<CompletableFuture<Long>> waiters = new ArrayList<>();
        LinkState state = LinkState.CONNECTING;
        boolean authorising;
        boolean authoriseAgain;
        boolean upBefore;
        BrokerException failure;
        Cancellable retryTimer;

        AccountLink(long id, Backoff retry) {
            this.id = id;
            this.retry = retry;
        }
    }

    private final String monitorName;
    private final CtraderSettings settings;
    private final Endpoint.TokenAccounts tokenAccounts;
    private final Session session;
    private final TokenStore tokens;
    private final Redactor redactor;
    private final LinkReporter reporter;
    private final TimerService timer;
    private final Clock clock;
    private final RandomSource random;
    private final Metrics metrics;
    private final Executor executor;
    private final boolean listFromToken;
    private final Map<Long, AccountLink> links = new TreeMap<>();
    private final Map<Long, List<CompletableFuture<Long>>> unknownAccountWaiters = new HashMap<>();
    private final Backoff refreshRetry;
    private final LogLimiter authLog;
    private boolean accountSetKnown;
    private boolean listedOnConnection;
    private boolean refreshing;
    private TokenStore.TokenPair unsavedTokens;
    private String tokenSaveProblem = "";
    private long lastRefreshNanos;
    private boolean refreshedBefore;
    private BrokerException tokenFailure;
    private Cancellable expiryTimer;
    private Cancellable tokenRetryTimer;
    private boolean closed;

    AccountSessions(String monitorName, CtraderSettings settings, Endpoint endpoint, Session session,
            TokenStore tokens, Redactor redactor, LinkReporter reporter, TimerService timer, Clock clock,
            RandomSource random, Metrics metrics) {
        this.monitorName = monitorName;
        this.settings = settings;
        this.tokenAccounts = settings.tokenAccounts() == null
                ? endpoint.defaultTokenAccounts()
                : Endpoint.TokenAccounts.parse(settings.tokenAccounts());
        this.session = session;
        this.tokens = tokens;
        this.redactor = redactor;
        this.reporter = reporter;
        this.timer = timer;
        this.clock = clock;
        this.random = random;
        this.metrics = metrics;
        this.executor = session.executor();
        this.listFromToken = settings.accounts().isEmpty();
        this.refreshRetry = new Backoff(settings.reconnectInitialBackoff(), settings.reconnectMaxBackoff(), random);
        this.authLog = new LogLimiter(timer, 5, Duration.ofMinutes(10));
        for (Long id : settings.accounts()) {
            links.put(id, newLink(id));
        }
        accountSetKnown = !listFromToken;
    }

    /** Reports the configured account set; with accounts listed from the token, that waits for the list. */
    void start() {
        if (!listFromToken) {
            reporter.accounts(links.keySet());
        }
    }

    /**
     * Returns a future that completes with the connection id once {@code accountId} is authorised, or
     * fails at once when it cannot be soon: {@code NOT_FOUND} for an account the monitor does not
     * serve, the failure's category for an account that failed for good, {@code UNAVAILABLE} while
     * the connection is down, and {@code TIMEOUT} after the request timeout.
     */
    CompletableFuture<Long> awaitAccount(long accountId) {
        CompletableFuture<Long> ready = new CompletableFuture<>();
        executor.execute(() -> addWaiter(accountId, ready));
        return ready;
    }

    boolean isUp(long accountId) {
        AccountLink link = links.get(accountId);
        return link != null && link.state == LinkState.UP;
    }

    boolean serves(long accountId) {
        return links.containsKey(accountId);
    }

    // Session callbacks, on the session executor.

    /** Lists and authorises the accounts, now that the application is authorised on {@code connectionId}. */
    void connectionReady(long connectionId) {
        listedOnConnection = false;
        TokenStore.TokenPair current = tokens.current();
        if (current.expiresAt() != null && tokens.canRefresh()
                && !clock.instant().isBefore(current.expiresAt().minus(REFRESH_AHEAD))) {
            refresh("the access token expires at " + current.expiresAt());
            return;
        }
        openAccounts();
    }

    void connectionLost(BrokerException lost) {
        refreshing = false;
        for (AccountLink link : links.values()) {
            link.authorising = false;
            link.authoriseAgain = false;
            cancel(link.retryTimer);
            link.retryTimer = null;
            if (link.state != LinkState.FAILED) {
                setState(link, LinkState.DOWN, lost.getMessage());
            }
            failWaiters(link, lost);
        }
        failUnknownWaiters(lost);
    }

    void failAll(BrokerException failure) {
        for (AccountLink link : links.values()) {
            fail(link, failure);
        }
        failUnknownWaiters(failure);
    }

    void closed(BrokerException failure) {
        closed = true;
        cancel(expiryTimer);
        cancel(tokenRetryTimer);
        for (AccountLink link : links.values()) {
            cancel(link.retryTimer);
            failWaiters(link, failure);
        }
        failUnknownWaiters(failure);
    }

    /**
     * Refreshes the access token in-band, if possible, after the server rejected it as invalid or
     * expired. {@code request} is the rejected request, or {@code null} for an unsolicited error.
     */
    void accessTokenRejected(CtraderError error, OutgoingRequest request) {
        if (closed || tokenFailure != null || refreshing || unsavedTokens != null) {
            return;
        }
        boolean recentlyRefreshed = refreshedBefore
                && timer.nanoTime() - lastRefreshNanos < REFRESH_QUARANTINE.toNanos();
        boolean sessionRequest = request == null
                || request.type == ProtoOAPayloadType.PROTO_OA_ACCOUNT_AUTH_REQ
                || request.type == ProtoOAPayloadType.PROTO_OA_GET_ACCOUNTS_BY_ACCESS_TOKEN_REQ;
        if (recentlyRefreshed && !sessionRequest) {
            // The account's session still carries the token from before the refresh.
            sessionEnded(request.accountId, "the session still used the previous access token");
            return;
        }
        String rejection = error.code() + describe(error.description());
        if (!tokens.canRefresh()) {
            failTokens(error.code(), "cTrader rejected the access token with " + rejection
                    + "; no refreshToken is configured, so grant access again and set accessToken and refreshToken");
            return;
        }
        if (recentlyRefreshed) {
            failTokens(error.code(), "cTrader rejected the access token with " + rejection
                    + " right after it was refreshed; grant access again and put the new accessToken and "
                    + "refreshToken into the configuration");
            return;
        }
        refresh("cTrader rejected it with " + rejection);
    }

    /** Authorises an account again after the server ended its session (2164 or ACCOUNT_NOT_AUTHORIZED). */
    void sessionEnded(long accountId, String why) {
        AccountLink link = links.get(accountId);
        if (link == null || link.failure != null) {
            return;
        }
        setState(link, LinkState.DOWN, why);
        authorise(link);
    }

    /** Authorises accounts again after the server invalidated the token of their sessions (2147). */
    void tokenInvalidated(List<Long> accountIds, String reason) {
        String why = "cTrader invalidated the access token of the session" + (reason.isEmpty() ? "" : ": " + reason);
        for (long accountId : accountIds) {
            sessionEnded(accountId, why);
        }
    }

    /** Stops an account that a data request showed to be missing or disabled. */
    void accountRejected(long accountId, ErrorCodes.Reaction reaction, CtraderError error) {
        AccountLink link = links.get(accountId);
        if (link != null) {
            fail(link, new BrokerException(reaction.category(), error.code(), "cTrader rejected account "
                    + accountId + " with " + error.code() + describe(error.description()) + "; " + reaction.advice(),
                    Duration.ZERO, null));
        }
    }

    // Account list and account auth.

    private void openAccounts() {
        if (closed || session.connectionId() == 0 || refreshing || unsavedTokens != null || tokenFailure != null) {
            return;
        }
        if (listFromToken && !listedOnConnection) {
            listAccounts();
            return;
        }
        armExpiryTimer();
        for (AccountLink link : List.copyOf(links.values())) {
            if (link.failure == null) {
                authorise(link);
            }
        }
    }

    private void listAccounts() {
        long connectionId = session.connectionId();
        ProtoOAGetAccountListByAccessTokenReq request = ProtoOAGetAccountListByAccessTokenReq.newBuilder()
                .setAccessToken(tokens.current().accessToken().reveal())
                .build();
        session.controlRequest(ProtoOAPayloadType.PROTO_OA_GET_ACCOUNTS_BY_ACCESS_TOKEN_REQ, request, 0)
                .whenCompleteAsync((reply, error) -> accountsListed(connectionId, reply, error), executor);
    }

    private void accountsListed(long connectionId, ProtoMessage reply, Throwable error) {
        if (closed || connectionId != session.connectionId()) {
            return;
        }
        if (error != null) {
            BrokerException failure = BrokerFailures.unwrap(error);
            ErrorCodes.Action action = ErrorCodes.reactionTo(failure.brokerCode()).action();
            if (action != ErrorCodes.Action.REFRESH_TOKEN && action != ErrorCodes.Action.FATAL_CREDENTIALS) {
                LOG.warn("Monitor {}: listing the accounts of the access token failed: {}", monitorName,
                        failure.getMessage());
                session.closeConnection("listing the accounts of the access token failed");
            }
            return;
        }
        ProtoOAGetAccountListByAccessTokenRes list;
        try {
            list = ProtoOAGetAccountListByAccessTokenRes.parseFrom(reply.getPayload());
        } catch (InvalidProtocolBufferException e) {
            LOG.warn("Monitor {}: unreadable account list from cTrader: {}", monitorName, e.getMessage());
            session.closeConnection("unreadable account list");
            return;
        }
        Set<Long> accepted = new TreeSet<>();
        for (ProtoOACtidTraderAccount account : list.getCtidTraderAccountList()) {
            if (tokenAccounts.accepts(account.getIsLive())) {
                accepted.add(account.getCtidTraderAccountId());
            }
        }
        if (!accepted.equals(links.keySet()) || !accountSetKnown) {
            LOG.info("Monitor {}: the access token opens {} account(s); watching {} of them (tokenAccounts {}): {}",
                    monitorName, list.getCtidTraderAccountCount(), accepted.size(),
                    tokenAccounts.name().toLowerCase(Locale.ROOT), accepted);
        }
        updateAccountSet(accepted);
        listedOnConnection = true;
        openAccounts();
    }

    private void updateAccountSet(Set<Long> accepted) {
        for (Long removed : new TreeSet<>(links.keySet())) {
            if (!accepted.contains(removed)) {
                AccountLink link = links.remove(removed);
                cancel(link.retryTimer);
                failWaiters(link, notServed(removed));
            }
        }
        for (Long id : accepted) {
            links.computeIfAbsent(id, this::newLink);
        }
        accountSetKnown = true;
        reporter.accounts(links.keySet());
        for (Map.Entry<Long, List<CompletableFuture<Long>>> entry : Map.copyOf(unknownAccountWaiters).entrySet()) {
            unknownAccountWaiters.remove(entry.getKey());
            AccountLink link = links.get(entry.getKey());
            for (CompletableFuture<Long> waiter : entry.getValue()) {
                if (link == null) {
                    waiter.completeExceptionally(notServed(entry.getKey()));
                } else {
                    link.waiters.add(waiter);
                }
            }
        }
    }

    private void authorise(AccountLink link) {
        long connectionId = session.connectionId();
        if (closed || connectionId == 0 || link.failure != null || tokenFailure != null) {
            return;
        }
        if (unsavedTokens != null) {
            setState(link, LinkState.DOWN, tokenSaveProblem);
            return;
        }
        if (refreshing) {
            setState(link, LinkState.CONNECTING, "waiting for a new access token");
            return;
        }
        if (link.authorising) {
            link.authoriseAgain = true;
            return;
        }
        cancel(link.retryTimer);
        link.retryTimer = null;
        link.authorising = true;
        if (link.state != LinkState.UP) {
            setState(link, LinkState.CONNECTING, "authorising the account");
        }
        ProtoOAAccountAuthReq request = ProtoOAAccountAuthReq.newBuilder()
                .setCtidTraderAccountId(link.id)
                .setAccessToken(tokens.current().accessToken().reveal())
                .build();
        session.controlRequest(ProtoOAPayloadType.PROTO_OA_ACCOUNT_AUTH_REQ, request, link.id)
                .whenCompleteAsync((reply, error) -> authorised(link, connectionId, error), executor);
    }

    private void authorised(AccountLink link, long connectionId, Throwable error) {
        link.authorising = false;
        if (closed || connectionId != session.connectionId() || links.get(link.id) != link) {
            return;
        }
        if (error == null) {
            setState(link, LinkState.UP, "authorised");
            link.retry.reset();
            session.connectionProven();
            if (!link.upBefore) {
                link.upBefore = true;
                LOG.info("Monitor {}: account {} is authorised", monitorName, link.id);
            }
            for (CompletableFuture<Long> waiter : List.copyOf(link.waiters)) {
                waiter.complete(connectionId);
            }
            link.waiters.clear();
            if (link.authoriseAgain) {
                link.authoriseAgain = false;
                authorise(link);
            }
            return;
        }
        BrokerException failure = BrokerFailures.unwrap(error);
        ErrorCodes.Reaction reaction = ErrorCodes.reactionTo(failure.brokerCode());
        switch (reaction.action()) {
            case REFRESH_TOKEN -> {
                if (tokenFailure == null) {
                    setState(link, LinkState.CONNECTING, "waiting for a new access token");
                }
            }
            case ACCOUNT_NOT_FOUND, ACCOUNT_DISABLED -> fail(link, failure);
            case FATAL_CREDENTIALS, MAINTENANCE, RECONNECT, CONNECTION_LIMIT -> {
                // The session reacts to these for the whole connection.
            }
            default -> retryLater(link, failure);
        }
    }

    private void retryLater(AccountLink link, BrokerException failure) {
        Duration backoff = link.retry.next();
        Duration delay = failure.retryAfter().compareTo(backoff) > 0 ? failure.retryAfter() : backoff;
        String detail = "account auth failed: " + failure.getMessage() + "; retrying in " + delay.toSeconds() + " s";
        setState(link, LinkState.DOWN, detail);
        int suppressed = authLog.tryLog();
        if (suppressed >= 0) {
            LOG.warn("Monitor {}: {} for account {}{}", monitorName, detail, link.id,
                    LogLimiter.suppressedNote(suppressed));
        }
        failWaiters(link, new BrokerException(failure.category(), failure.brokerCode(), failure.getMessage(), delay,
                null));
        try {
            link.retryTimer = timer.schedule(delay, () -> executor.execute(() -> {
                link.retryTimer = null;
                authorise(link);
            }));
        } catch (RejectedExecutionException e) {
            link.retryTimer = null;
        }
    }

    // Tokens.

    private void refresh(String why) {
        long connectionId = session.connectionId();
        if (closed || connectionId == 0 || refreshing || tokenFailure != null) {
            return;
        }
        Secret refreshToken = tokens.current().refreshToken();
        if (refreshToken == null) {
            return;
        }
        refreshing = true;
        LOG.info("Monitor {}: refreshing the cTrader access token because {}", monitorName, why);
        for (AccountLink link : links.values()) {
            if (link.failure == null && link.state != LinkState.UP) {
                setState(link, LinkState.CONNECTING, "waiting for a new access token");
            }
        }
        ProtoOARefreshTokenReq request = ProtoOARefreshTokenReq.newBuilder()
                .setRefreshToken(refreshToken.reveal())
                .build();
        session.controlRequest(ProtoOAPayloadType.PROTO_OA_REFRESH_TOKEN_REQ, request, 0)
                .whenCompleteAsync((reply, error) -> refreshed(reply, error), executor);
    }

    private void refreshed(ProtoMessage reply, Throwable error) {
        refreshing = false;
        if (closed) {
            return;
        }

        if (error != null) {
            BrokerException failure = BrokerFailures.unwrap(error);
            ErrorCategory category = failure.category();
            if (category == ErrorCategory.AUTHENTICATION || category == ErrorCategory.PROTOCOL
                    || category == ErrorCategory.NOT_FOUND) {
                failTokens(failure.brokerCode(), "cTrader rejected the refresh token: " + failure.getMessage()
                        + "; grant access again and put the new accessToken and refreshToken into the configuration");
            } else {
                Duration delay = refreshRetry.next();
                LOG.warn("Monitor {}: refreshing the cTrader access token failed ({}); retrying in {} s", monitorName,
                        failure.getMessage(), delay.toSeconds());
                tokenRetryTimer = schedule(delay, () -> refresh("the previous refresh attempt failed"));
            }
            return;
        }

        ProtoOARefreshTokenRes response;
        try {
            response = ProtoOARefreshTokenRes.parseFrom(reply.getPayload());
        } catch (InvalidProtocolBufferException e) {
            failTokens("", "cTrader sent an unreadable token refresh response (" + e.getMessage()
                    + "); grant access again and put the new tokens into the configuration");
            return;
        }

        Secret accessToken = Secret.of(response.getAccessToken());
        Secret refreshToken = Secret.of(response.getRefreshToken());
        redactor.add(accessToken);
        redactor.add(refreshToken);
        unsavedTokens = new TokenStore.TokenPair(accessToken, refreshToken,
                clock.instant().plusSeconds(Math.max(0, response.getExpiresIn())));
        metrics.counter("ctrader.token.refreshes").increment();
        saveAndUseTokens();
    }

    /** Saves the refreshed pair and only then uses it: the old refresh token is already used up. */
    private void saveAndUseTokens() {
        if (closed || unsavedTokens == null) {
            return;
        }
        try {
            tokens.save(unsavedTokens);
        } catch (StoreException e) {
            Duration delay = refreshRetry.next();
            String detail = "cannot save the refreshed access token (" + e.getMessage() + "); retrying in "
                    + delay.toSeconds() + " s";
            tokenSaveProblem = detail;
            LOG.error("Monitor {}: {}. The new token pair is not used until it is saved, because the previous "
                    + "refresh token no longer works; check the data directory", monitorName, detail);
            for (AccountLink link : links.values()) {
                if (link.failure == null) {
                    setState(link, LinkState.DOWN, detail);
                }
            }
            tokenRetryTimer = schedule(delay, this::saveAndUseTokens);
            return;
        }
        tokens.use(unsavedTokens);
        Instant expiresAt = unsavedTokens.expiresAt();
        unsavedTokens = null;
        refreshedBefore = true;
        lastRefreshNanos = timer.nanoTime();
        refreshRetry.reset();
        LOG.info("Monitor {}: saved the refreshed cTrader token pair; the new access token expires at {}", monitorName,
                expiresAt);
        // Every account is authorised again, UP ones included: sessions opened with the old token end.
        openAccounts();
    }

    private void failTokens(String code, String message) {
        tokenFailure = new BrokerException(ErrorCategory.AUTHENTICATION, code, message);
        LOG.error("Monitor {}: {}. Account checks stop until the monitor is restarted with new tokens.", monitorName,
                message);
        for (AccountLink link : links.values()) {
            fail(link, tokenFailure);
        }
        failUnknownWaiters(tokenFailure);
    }

    private void armExpiryTimer() {
        Instant expiresAt = tokens.current().expiresAt();
        cancel(expiryTimer);
        expiryTimer = null;
        if (expiresAt == null || !tokens.canRefresh()) {
            return;
        }
        Duration until = Duration.between(clock.instant(), expiresAt.minus(REFRESH_AHEAD));
        if (until.isNegative() || until.isZero()) {
            return;
        }
        expiryTimer = schedule(until, () -> refresh("the access token expires at " + expiresAt));
    }

    // Waiters and states.

    private void addWaiter(long accountId, CompletableFuture<Long> ready) {
        BrokerException fatal = session.fatalFailure();
        if (closed || session.phase() == Session.Phase.CLOSED) {
            ready.completeExceptionally(BrokerFailures.closed());
            return;
        }
        if (fatal != null) {
            ready.completeExceptionally(fatal);
            return;
        }

        AccountLink link = links.get(accountId);
        if (link == null) {
            if (accountSetKnown) {
                ready.completeExceptionally(notServed(accountId));
            } else {
                unknownAccountWaiters.computeIfAbsent(accountId, id -> new ArrayList<>()).add(ready);
                expireWaiter(accountId, ready);
            }
            return;
        }
        if (link.failure != null) {
            ready.completeExceptionally(link.failure);
            return;
        }

        long connectionId = session.connectionId();
        if (link.state == LinkState.UP && connectionId != 0) {
            ready.complete(connectionId);
            return;
        }
        if (session.phase() == Session.Phase.WAITING) {
            Duration retryAfter = session.untilNextAttempt();
            ready.completeExceptionally(new BrokerException(ErrorCategory.UNAVAILABLE, "", "the cTrader connection to "
                    + session.endpointName() + " is down; reconnecting in " + retryAfter.toSeconds() + " s",
                    retryAfter, null));
            return;
        }
        if (link.retryTimer != null) {
            ready.completeExceptionally(new BrokerException(ErrorCategory.UNAVAILABLE, "", "account " + accountId
                    + " is not authorised: " + reporterDetail(link), Duration.ZERO, null));
            return;
        }

        link.waiters.add(ready);
        expireWaiter(accountId, ready);
    }

    private void expireWaiter(long accountId, CompletableFuture<Long> ready) {
        Cancellable timeout = schedule(settings.requestTimeout(), () -> {
            AccountLink link = links.get(accountId);
            if (link != null) {
                link.waiters.remove(ready);
            }
            List<CompletableFuture<Long>> unknown = unknownAccountWaiters.get(accountId);
            if (unknown != null) {
                unknown.remove(ready);
            }
            ready.completeExceptionally(new BrokerException(ErrorCategory.TIMEOUT, "", "account " + accountId
                    + " was not authorised within " + settings.requestTimeout().toSeconds() + " s (requestTimeout)",
                    Duration.ZERO, null));
        });
        ready.whenComplete((value, error) -> cancel(timeout));
    }

    private String reporterDetail(AccountLink link) {
        return link.state.name().toLowerCase(Locale.ROOT);
    }

    private void fail(AccountLink link, BrokerException failure) {
        if (link.failure != null) {
            return;
        }
        link.failure = failure;
        cancel(link.retryTimer);
        link.retryTimer = null;
        setState(link, LinkState.FAILED, failure.getMessage());
        if (tokenFailure != failure && session.fatalFailure() != failure) {
            LOG.error("Monitor {}: account {} stopped: {}", monitorName, link.id, failure.getMessage());
        }
        failWaiters(link, failure);
    }

    private void setState(AccountLink link, LinkState state, String detail) {
        link.state = state;
        reporter.account(link.id, state, detail);
    }

    private static void failWaiters(AccountLink link, BrokerException failure) {
        List<CompletableFuture<Long>> waiting = List.copyOf(link.waiters);
        link.waiters.clear();
        waiting.forEach(waiter -> waiter.completeExceptionally(failure));
    }

    private void failUnknownWaiters(BrokerException failure) {
        List<CompletableFuture<Long>> waiting = new ArrayList<>();
        unknownAccountWaiters.values().forEach(waiting::addAll);
        unknownAccountWaiters.clear();
        waiting.forEach(waiter -> waiter.completeExceptionally(failure));
    }

    private BrokerException notServed(long accountId) {
        String why = listFromToken
                ? "the access token does not open it, or it is not a " + tokenAccounts.name().toLowerCase(Locale.ROOT)
                        + " account"
                : "it is not listed in accounts";
        return new BrokerException(ErrorCategory.NOT_FOUND, "", "account " + accountId + " is not served by monitor "
                + monitorName + ": " + why);
    }

    private AccountLink newLink(long id) {
        return new AccountLink(id, new Backoff(settings.reconnectInitialBackoff(), settings.reconnectMaxBackoff(),
                random));
    }

    private Cancellable schedule(Duration delay, Runnable task) {
        try {
            return timer.schedule(delay, () -> executor.execute(() -> {
                if (!closed) {
                    task.run();
                }
            }));
        } catch (RejectedExecutionException e) {
            return null;
        }
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
