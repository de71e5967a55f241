package io.accountmonitor.ctrader;

import io.accountmonitor.core.spi.Secret;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The {@code broker} section of a cTrader monitor. The host binds YAML to it; missing keys arrive
 * as {@code null} and the constructor replaces them with the defaults below. The constructor never
 * rejects a value: {@link CtraderPlugin#validate} reports every invalid one with its path.
 *
 * @param environment {@code live}, {@code demo}, or {@code host:port} of another Open API server,
 *     such as a regional proxy or the simulator; required
 * @param clientId client id of the Open API application; required
 * @param clientSecret client secret of the application; required
 * @param accessToken OAuth access token that opens the accounts; required
 * @param refreshToken OAuth refresh token, used to renew the access token in-band; optional but
 *     without it the monitor stops when the access token expires (about 30 days)
 * @param accounts {@code ctidTraderAccountId}s to watch; empty (the default) watches every account
 *     the access token opens that matches {@code tokenAccounts}
 * @param tokenAccounts which accounts of the token to watch when {@code accounts} is empty:
 *     {@code live}, {@code demo} or {@code all}; defaults to the environment ({@code all} for
 *     {@code host:port})
 * @param trustCertificate path of a PEM file whose certificates are trusted instead of the JDK's
 *     trust store, for a server with its own certificate such as the simulator; default none
 * @param maxFrameBytes largest frame accepted from the server; default 16 MiB
 * @param heartbeatInterval a heartbeat is sent after this long without any write; default 10 s
 * @param readTimeout the connection is replaced after this long without any inbound byte; a
 *     version request probes it at half this time; default 60 s
 * @param requestTimeout how long one request waits for its reply; default 15 s
 * @param connectTimeout how long the TCP connect and TLS handshake may take; default 15 s
 * @param requestsPerSecond most non-historical requests sent in any one second, per connection;
 *     default 40, below the server's limit of 50
 * @param historicalRequestsPerSecond most historical requests (deal and order lists and other
 *     history) sent in any one second, per connection; default 4, below the server's limit of 5
 * @param reconnectInitialBackoff first delay before reconnecting; default 1 s
 * @param reconnectMaxBackoff cap of the doubling reconnect delay; default 2 min
 * @param dealPageSize {@code maxRows} of each deal-list request; default 1000
 * @param dealSyncInterval a check reads the deal list at least this often even when no execution
 *     was pushed and neither balance nor positions changed; default 1 h
 * @param resolveSymbolNames whether to load each account's symbol list to name symbols; default
 *     {@code true}; with {@code false} positions and deals carry the numeric symbol id
 */
public record CtraderSettings(
        String environment,
        String clientId,
        Secret clientSecret,
        Secret accessToken,
        Secret refreshToken,
        List<Long> accounts,
        String tokenAccounts,
        Path trustCertificate,
        Integer maxFrameBytes,
        Duration heartbeatInterval,
        Duration readTimeout,
        Duration requestTimeout,
        Duration connectTimeout,
        Integer requestsPerSecond,
        Integer historicalRequestsPerSecond,
        Duration reconnectInitialBackoff,
        Duration reconnectMaxBackoff,
        Integer dealPageSize,
        Duration dealSyncInterval,
        Boolean resolveSymbolNames) {

    public static final int DEFAULT_MAX_FRAME_BYTES = 16 * 1024 * 1024;
    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(10);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(15);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(15);
    public static final int DEFAULT_REQUESTS_PER_SECOND = 40;
    public static final int DEFAULT_HISTORICAL_REQUESTS_PER_SECOND = 4;
    public static final Duration DEFAULT_RECONNECT_INITIAL_BACKOFF = Duration.ofSeconds(1);
    public static final Duration DEFAULT_RECONNECT_MAX_BACKOFF = Duration.ofMinutes(2);
    public static final int DEFAULT_DEAL_PAGE_SIZE = 1000;
    public static final Duration DEFAULT_DEAL_SYNC_INTERVAL = Duration.ofHours(1);

    public CtraderSettings {
        if (refreshToken != null && refreshToken.isEmpty()) {
            // An unset environment variable substitutes an empty string; treat it as "no refresh token".
            refreshToken = null;
        }
        // Null elements are kept so that validation can name them.
        accounts = accounts == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(accounts));
        maxFrameBytes = orDefault(maxFrameBytes, DEFAULT_MAX_FRAME_BYTES);
        heartbeatInterval = orDefault(heartbeatInterval, DEFAULT_HEARTBEAT_INTERVAL);
        readTimeout = orDefault(readTimeout, DEFAULT_READ_TIMEOUT);
        requestTimeout = orDefault(requestTimeout, DEFAULT_REQUEST_TIMEOUT);
        connectTimeout = orDefault(connectTimeout, DEFAULT_CONNECT_TIMEOUT);
        requestsPerSecond = orDefault(requestsPerSecond, DEFAULT_REQUESTS_PER_SECOND);
        historicalRequestsPerSecond = orDefault(historicalRequestsPerSecond, DEFAULT_HISTORICAL_REQUESTS_PER_SECOND);
        reconnectInitialBackoff = orDefault(reconnectInitialBackoff, DEFAULT_RECONNECT_INITIAL_BACKOFF);
        reconnectMaxBackoff = orDefault(reconnectMaxBackoff, DEFAULT_RECONNECT_MAX_BACKOFF);
        dealPageSize = orDefault(dealPageSize, DEFAULT_DEAL_PAGE_SIZE);
        dealSyncInterval = orDefault(dealSyncInterval, DEFAULT_DEAL_SYNC_INTERVAL);
        resolveSymbolNames = orDefault(resolveSymbolNames, Boolean.TRUE);
    }

    /** Returns settings with only the required keys set and every tuning key at its default. */
    public static CtraderSettings of(String environment, String clientId, Secret clientSecret, Secret accessToken,
            Secret refreshToken) {
        return new CtraderSettings(environment, clientId, clientSecret, accessToken, refreshToken, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null);
    }

    private static <T> T orDefault(T value, T fallback) {
        return value == null ? fallback : value;
    }
}
