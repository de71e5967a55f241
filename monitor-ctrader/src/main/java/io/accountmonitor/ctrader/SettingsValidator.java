package io.accountmonitor.ctrader;

import io.accountmonitor.core.spi.Secret;
import io.accountmonitor.core.spi.SettingsProblem;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Finds every problem of a {@link CtraderSettings}, each with its key and what to do. */
final class SettingsValidator {
    static final int MIN_FRAME_BYTES = 1024 * 1024;
    static final int MAX_FRAME_BYTES = 256 * 1024 * 1024;
    /** The server rejects requests beyond 50 per second and connection with REQUEST_FREQUENCY_EXCEEDED. */
    static final int SERVER_REQUESTS_PER_SECOND = 50;
    /** The server rejects historical requests beyond 5 per second and connection the same way. */
    static final int SERVER_HISTORICAL_REQUESTS_PER_SECOND = 5;
    static final int MAX_DEAL_PAGE_SIZE = 10_000;

    private final List<SettingsProblem> problems = new ArrayList<>();

    private SettingsValidator() {
    }

    static List<SettingsProblem> validate(CtraderSettings settings) {
        SettingsValidator validator = new SettingsValidator();
        validator.check(settings);
        return List.copyOf(validator.problems);
    }

    private void check(CtraderSettings settings) {
        Endpoint endpoint = null;
        try {
            endpoint = Endpoint.parse(settings.environment());
        } catch (IllegalArgumentException e) {
            problem("environment", e.getMessage());
        }
        if (settings.clientId() == null || settings.clientId().isBlank()) {
            problem("clientId", "is missing; copy the client id of your Open API application from "
                    + "openapi.ctrader.com");
        }
        requireSecret("clientSecret", settings.clientSecret(),
                "copy the secret of your Open API application from openapi.ctrader.com");
        requireSecret("accessToken", settings.accessToken(),
                "obtain one with the OAuth code flow of your Open API application");

        checkAccounts(settings.accounts());
        checkTokenAccounts(settings.tokenAccounts(), endpoint);
        checkTrustCertificate(settings.trustCertificate());
        checkRange("maxFrameBytes", settings.maxFrameBytes(), MIN_FRAME_BYTES, MAX_FRAME_BYTES,
                "symbol lists can be several MiB; the default is " + CtraderSettings.DEFAULT_MAX_FRAME_BYTES);

        requirePositive("heartbeatInterval", settings.heartbeatInterval());
        requirePositive("readTimeout", settings.readTimeout());
        requirePositive("requestTimeout", settings.requestTimeout());
        requirePositive("connectTimeout", settings.connectTimeout());
        requirePositive("reconnectInitialBackoff", settings.reconnectInitialBackoff());
        requirePositive("reconnectMaxBackoff", settings.reconnectMaxBackoff());
        requirePositive("dealSyncInterval", settings.dealSyncInterval());
        if (isPositive(settings.heartbeatInterval()) && isPositive(settings.readTimeout())
                && settings.readTimeout().compareTo(settings.heartbeatInterval()) <= 0) {
            problem("readTimeout", "is " + settings.readTimeout() + " but must be longer than heartbeatInterval ("
                    + settings.heartbeatInterval() + "); the default is 60s");
        }
        if (isPositive(settings.reconnectInitialBackoff()) && isPositive(settings.reconnectMaxBackoff())
                && settings.reconnectMaxBackoff().compareTo(settings.reconnectInitialBackoff()) < 0) {
            problem("reconnectMaxBackoff", "is " + settings.reconnectMaxBackoff()
                    + ", shorter than reconnectInitialBackoff (" + settings.reconnectInitialBackoff()
                    + "); make it at least as long");
        }

        checkRange("requestsPerSecond", settings.requestsPerSecond(), 1, SERVER_REQUESTS_PER_SECOND - 1,
                "the server allows " + SERVER_REQUESTS_PER_SECOND + " per second and connection; keep a margin");
        checkRange("historicalRequestsPerSecond", settings.historicalRequestsPerSecond(), 1,
                SERVER_HISTORICAL_REQUESTS_PER_SECOND - 1, "the server allows "
                        + SERVER_HISTORICAL_REQUESTS_PER_SECOND + " per second and connection; keep a margin");
        checkRange("dealPageSize", settings.dealPageSize(), 1, MAX_DEAL_PAGE_SIZE, "the default is "
                + CtraderSettings.DEFAULT_DEAL_PAGE_SIZE);
    }

    private void checkAccounts(List<Long> accounts) {
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < accounts.size(); i++) {
            Long account = accounts.get(i);
            String path = "accounts[" + i + "]";
            if (account == null) {
                problem(path, "is empty; write the ctidTraderAccountId, a positive number");
            } else if (account <= 0) {
                problem(path, "is " + account + "; a ctidTraderAccountId is a positive number");
            } else if (!seen.add(account)) {
                problem(path, "repeats account " + account + "; list each account once");
            }
        }
    }

    private void checkTokenAccounts(String tokenAccounts, Endpoint endpoint) {
        if (tokenAccounts == null) {
            return;
        }
        Endpoint.TokenAccounts parsed;
        try {
            parsed = Endpoint.TokenAccounts.parse(tokenAccounts);
        } catch (IllegalArgumentException e) {
            problem("tokenAccounts", e.getMessage() + "; use live, demo or all, or remove the key");
            return;
        }
        if (endpoint != null && endpoint.defaultTokenAccounts() != Endpoint.TokenAccounts.ALL
                && parsed != endpoint.defaultTokenAccounts()) {
            problem("tokenAccounts", "is " + tokenAccounts + " but environment is "
                    + endpoint.defaultTokenAccounts().name().toLowerCase(Locale.ROOT)
                    + "; a live connection serves only live accounts and a demo connection only demo accounts");
        }
    }

    private void checkTrustCertificate(Path trustCertificate) {
        if (trustCertificate == null) {
            return;
        }
        if (trustCertificate.toString().isBlank()) {
            problem("trustCertificate", "is empty; set the path of a PEM certificate or remove the key");
            return;
        }
        try {
            TlsContexts.loadCertificates(trustCertificate);
        } catch (IOException e) {
            problem("trustCertificate", "cannot be used: " + e.getMessage()
                    + "; point it to a readable PEM certificate");
        }
    }

    private void requireSecret(String path, Secret secret, String advice) {
        if (secret == null || secret.isEmpty() || secret.reveal().isBlank()) {
            problem(path, "is missing; " + advice);
        }
    }

    private void requirePositive(String path, Duration value) {
        if (!isPositive(value)) {
            problem(path, "is " + value + "; use a positive duration such as 10s");
        }
    }

    private void checkRange(String path, int value, int min, int max, String reason) {
        if (value < min || value > max) {
            problem(path, "is " + value + "; use " + min + " to " + max + " (" + reason + ")");
        }
    }

    private static boolean isPositive(Duration value) {
        return value != null && !value.isNegative() && !value.isZero();
    }

    private void problem(String path, String message) {
        problems.add(new SettingsProblem(path, message));
    }
}
