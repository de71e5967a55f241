package io.accountmonitor.ctrader;

import io.accountmonitor.core.model.AccountId;
import io.accountmonitor.core.model.AccountSnapshot;
import io.accountmonitor.core.model.DealCursor;
import io.accountmonitor.core.spi.AccountSource;
import io.accountmonitor.core.spi.BrokerException;
import io.accountmonitor.core.spi.ErrorCategory;
import io.accountmonitor.core.spi.HostContext;
import io.accountmonitor.core.spi.SourceListener;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The accounts of one cTrader monitor: one connection to the configured environment carries them
 * all.
 *
 * <p>Threads: {@link #start} takes two I/O threads from the host,
 * {@code monitor-io-ctrader-<monitor>-read} for connecting and reading and
 * {@code monitor-io-ctrader-<monitor>-write} for writing, and keeps them
 * across reconnects; session logic runs on the host's workers, timers on the host's timer. Both
 * I/O threads are shut down by {@link #close}.
 */
final class CtraderAccountSource implements AccountSource {
    private static final Logger LOG = LoggerFactory.getLogger(CtraderAccountSource.class);
    private static final Duration THREAD_STOP_WAIT = Duration.ofSeconds(2);

    private final String monitorName;
    private final CtraderSettings settings;
    private final HostContext host;
    private final Endpoint endpoint;
    private final SSLContext tls;
    private final TokenStore tokens;
    private final Redactor redactor = new Redactor();
    private final AccountCaches caches = new AccountCaches();
    private final DealSync dealSync;
    private final LogLimiter deferralLog;
    private final Quiescence quiescence = new Quiescence();
    private final Set<CompletableFuture<AccountSnapshot>> openFetches = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Session session;
    private volatile LinkReporter reporter;
    private volatile AccountSessions accounts;
    private ExecutorService reader;
    private ExecutorService writer;

    CtraderAccountSource(String monitorName, CtraderSettings settings, HostContext host, Endpoint endpoint,
            SSLContext tls, TokenStore tokens) {
        this.monitorName = Objects.requireNonNull(monitorName, "monitorName");
        this.settings = settings;
        this.host = host;
        this.endpoint = endpoint;
        this.tls = tls;
        this.tokens = tokens;
        MetricDescriptions.describe(host.metrics());
        this.dealSync = new DealSync(settings.dealSyncInterval().toNanos());
        this.deferralLog = new LogLimiter(host.timer(), 1, Duration.ofMinutes(1));
        redactor.add(settings.clientSecret());
        redactor.add(settings.accessToken());
        redactor.add(settings.refreshToken());
        redactor.add(tokens.current().accessToken());
        redactor.add(tokens.current().refreshToken());
    }

    @Override
    public void start(SourceListener listener) {
        Objects.requireNonNull(listener, "listener");
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("the cTrader source of monitor " + monitorName + " was started already");
        }
        if (closed.get()) {
            return;
        }
        String purpose = "ctrader-" + threadNamePart(monitorName);
        reader = host.ioThreads().newExecutor(purpose + "-read", 1);
        writer = host.ioThreads().newExecutor(purpose + "-write", 1);
        LinkReporter newReporter = new LinkReporter(listener, host.clock());
        reporter = newReporter;
        Session newSession = new Session(monitorName, settings, endpoint, tls, host.timer(), host.clock(),
                host.random(), host.workers(), reader, writer, quiescence, redactor, newReporter, host.metrics());
        AccountSessions newAccounts = new AccountSessions(monitorName, settings, endpoint, newSession, tokens,
                redactor, newReporter, host.timer(), host.clock(), host.random(), host.metrics());
        newSession.attach(newAccounts, new EventDispatcher(monitorName, newSession, newAccounts, caches, dealSync,
                newReporter, host.metrics(), redactor, host.timer()));
        host.metrics().gauge("ctrader.requests.inflight", newSession::requestsInFlight, "monitor", monitorName);
        host.metrics().gauge("ctrader.requests.queued", newSession::requestsQueued, "monitor", monitorName);
        session = newSession;
        accounts = newAccounts;
        LOG.info("Monitor {}: starting the cTrader source for {}", monitorName, endpoint);
        newAccounts.start();
        newSession.start();
    }

    /**
     * Returns a RATE_LIMITED failure when the connection's queue already holds more than a third of
     * the request timeout's worth of requests, else null. Starting a check then would only make it
     * wait in the queue until the scheduler's check timeout abandons it; deferring it by about the
     * backlog, with jitter so deferred checks do not return together, lets the scheduler start it
     * when the budget has room. This spreads the burst of first checks of many accounts over the
     * time the rate limits need for them.
     */
    private BrokerException deferralWhenBusy(Session current) {
        long backlog = current.backlogNanos();
        if (backlog <= settings.requestTimeout().toNanos() / 3) {
            return null;
        }
        host.metrics().counter("ctrader.checks.deferred").increment();
        long seconds = Math.max(1, Duration.ofNanos(backlog).toSeconds());
        int suppressed = deferralLog.tryLog();
        if (suppressed >= 0) {
            LOG.info("Monitor {}: about {} s of requests wait for the rate limit; checks are deferred until there"
                    + " is room{}", monitorName, seconds, suppressed > 0 ? " (" + suppressed + " more deferred)" : "");
        }
        long retryAfter = backlog + (long) (host.random().nextDouble() * backlog);
        return new BrokerException(ErrorCategory.RATE_LIMITED, "", "about " + seconds + " s of requests wait for"
                + " the rate limit of the connection; the check is deferred", Duration.ofNanos(retryAfter), null);
    }

    @Override
    public CompletionStage<AccountSnapshot> fetch(AccountId account, DealCursor since) {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(since, "since");
        Session current = session;
        if (closed.get()) {
            return CompletableFuture.failedFuture(BrokerFailures.closed());
        }
        if (current == null) {
            return CompletableFuture.failedFuture(new BrokerException(ErrorCategory.UNAVAILABLE, "",
                    "the cTrader source of monitor " + monitorName + " is not started"));
        }
        long accountId;
        try {
            accountId = Long.parseLong(account.value());
        } catch (NumberFormatException e) {
            return CompletableFuture.failedFuture(new BrokerException(ErrorCategory.NOT_FOUND, "", "account '"
                    + account + "' is not a cTrader ctidTraderAccountId, which is a number"));
        }

        BrokerException deferral = deferralWhenBusy(current);
        if (deferral != null) {
            return CompletableFuture.failedFuture(deferral);
        }

        CompletableFuture<AccountSnapshot> result = new CompletableFuture<>();
        openFetches.add(result);
        result.whenComplete((value, error) -> openFetches.remove(result));
        accounts.awaitAccount(accountId)
                .thenCompose(connectionId -> {
                    AccountCheck check = new AccountCheck(accountId, since, connectionId, current, caches, settings,
                            host.clock(), host.timer(), dealSync, host.metrics(),
                            () -> reporter.accountChanged(accountId, "older deals still to read"));
                    result.whenComplete((value, error) -> {
                        if (error != null) {
                            check.cancel();
                        }
                    });
                    return check.run();
                })
                .whenComplete((snapshot, error) -> {
                    if (error == null) {
                        result.complete(snapshot);
                    } else {
                        result.completeExceptionally(BrokerFailures.unwrap(error));
                    }
                });
        // A close that ran between the first check and registering the fetch did not see it.
        if (closed.get()) {
            result.completeExceptionally(BrokerFailures.closed());
        }
        return result;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        Session current = session;
        if (current != null) {
            current.close();
        }
        BrokerException closedFailure = BrokerFailures.closed();
        for (CompletableFuture<AccountSnapshot> fetch : Set.copyOf(openFetches)) {
            fetch.completeExceptionally(closedFailure);
        }
        stop(reader);
        stop(writer);
        LOG.info("Monitor {}: cTrader source closed", monitorName);
    }

    /** Waits until no session task, connection attempt or request is under way; for tests. */
    boolean awaitIdle(Duration timeout) throws InterruptedException {
        return quiescence.awaitIdle(timeout);
    }

    /** Returns the monitor name reduced to lower-case letters, digits and '-', for thread names. */
    static String threadNamePart(String name) {
        String cleaned = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        if (cleaned.isEmpty()) {
            return "monitor";
        }
        return cleaned.length() > 32 ? cleaned.substring(0, 32) : cleaned;
    }

    private static void stop(ExecutorService executor) {
        if (executor == null) {
            return;
        }
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(THREAD_STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("A cTrader I/O thread did not stop within {}", THREAD_STOP_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
