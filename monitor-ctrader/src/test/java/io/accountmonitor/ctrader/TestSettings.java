package io.accountmonitor.ctrader;

import io.accountmonitor.core.spi.Secret;
import io.accountmonitor.ctrader.simulator.CtraderSimulator;
import java.time.Duration;
import java.util.List;

/** Builds {@link CtraderSettings} for tests; every key left unset keeps the record's default. */
final class TestSettings {
    String environment;
    String clientId = CtraderSimulator.DEFAULT_CLIENT_ID;
    Secret clientSecret = Secret.of(CtraderSimulator.DEFAULT_CLIENT_SECRET);
    Secret accessToken = Secret.of(CtraderSimulator.DEFAULT_ACCESS_TOKEN);
    Secret refreshToken = Secret.of(CtraderSimulator.DEFAULT_REFRESH_TOKEN);
    List<Long> accounts;
    String tokenAccounts;
    java.nio.file.Path trustCertificate;
    Integer maxFrameBytes;
    Duration heartbeatInterval;
    Duration readTimeout;
    Duration requestTimeout;
    Duration connectTimeout;
    Integer requestsPerSecond;
    Integer historicalRequestsPerSecond;
    Duration reconnectInitialBackoff;
    Duration reconnectMaxBackoff;
    Integer dealPageSize;
    Duration dealSyncInterval;
    Boolean resolveSymbolNames;

    CtraderSettings build() {
        return new CtraderSettings(environment, clientId, clientSecret, accessToken, refreshToken, accounts,
                tokenAccounts, trustCertificate, maxFrameBytes, heartbeatInterval, readTimeout, requestTimeout,
                connectTimeout, requestsPerSecond, historicalRequestsPerSecond, reconnectInitialBackoff,
                reconnectMaxBackoff, dealPageSize, dealSyncInterval, resolveSymbolNames);
    }
}
