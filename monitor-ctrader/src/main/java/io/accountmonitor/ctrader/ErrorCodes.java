package io.accountmonitor.ctrader;

import io.accountmonitor.core.spi.ErrorCategory;
import java.util.Map;

/**
 * The adapter's reaction to each error code of the Open API: the category a failed fetch reports,
 * and the session's action. Codes not listed get {@link ErrorCategory#PROTOCOL} and no action.
 */
final class ErrorCodes {
    /** Session action on receipt of a code, besides failing the request. */
    enum Action {
        /** Nothing beyond failing the request. */
        NONE,
        /** The request had already succeeded earlier, such as a second auth on one connection; treat as success. */
        ALREADY_DONE,
        /** The application credentials are wrong: report once, stop, never reconnect. */
        FATAL_CREDENTIALS,
        /** The access token is invalid or expired: refresh it in-band, then authorise the accounts again. */
        REFRESH_TOKEN,
        /** The account session is gone: authorise the account again. */
        REAUTHORISE_ACCOUNT,
        /** The account does not exist for this token or environment: stop using it. */
        ACCOUNT_NOT_FOUND,
        /** The account is disabled or blocked at the broker: stop using it. */
        ACCOUNT_DISABLED,
        /** The server is under maintenance: close and reconnect when it ends. */
        MAINTENANCE,
        /** A rate limit was exceeded: pause the request bucket. */
        THROTTLE,
        /** The application has too many connections: reconnect only after the longest backoff. */
        CONNECTION_LIMIT,
        /** The connection lost its application auth: reconnect. */
        RECONNECT
    }

    /**
     * The reaction to one code.
     *
     * @param category what a failed fetch reports
     * @param action what the session does
     * @param advice what the user can do, for messages; empty when nothing
     */
    record Reaction(ErrorCategory category, Action action, String advice) {
    }

    private static final Reaction UNKNOWN = new Reaction(ErrorCategory.PROTOCOL, Action.NONE, "");

    private static final Map<String, Reaction> REACTIONS = Map.ofEntries(
            // Common codes (ProtoErrorCode).
            Map.entry("UNKNOWN_ERROR", new Reaction(ErrorCategory.UNAVAILABLE, Action.NONE, "")),
            Map.entry("UNSUPPORTED_MESSAGE", new Reaction(ErrorCategory.PROTOCOL, Action.NONE, "")),
            Map.entry("INVALID_REQUEST", new Reaction(ErrorCategory.PROTOCOL, Action.NONE, "")),
            Map.entry("TIMEOUT_ERROR", new Reaction(ErrorCategory.TIMEOUT, Action.NONE, "")),
            Map.entry("ENTITY_NOT_FOUND", new Reaction(ErrorCategory.NOT_FOUND, Action.NONE, "")),
            Map.entry("CANT_ROUTE_REQUEST", new Reaction(ErrorCategory.UNAVAILABLE, Action.NONE,
                    "the server could not route the request; check that the account belongs to the configured "
                            + "environment (live or demo)")),
            Map.entry("FRAME_TOO_LONG", new Reaction(ErrorCategory.PROTOCOL, Action.NONE, "")),
            Map.entry("MARKET_CLOSED", new Reaction(ErrorCategory.UNAVAILABLE, Action.NONE, "")),
            Map.entry("CONCURRENT_MODIFICATION", new Reaction(ErrorCategory.UNAVAILABLE, Action.NONE, "")),
            Map.entry("BLOCKED_PAYLOAD_TYPE", new Reaction(ErrorCategory.RATE_LIMITED, Action.THROTTLE, "")),
            // Open API codes (ProtoOAErrorCode) that a monitor can meet.
            Map.entry("OA_AUTH_TOKEN_EXPIRED", new Reaction(ErrorCategory.AUTHENTICATION, Action.REFRESH_TOKEN, "")),
            Map.entry("ACCOUNT_NOT_AUTHORIZED", new Reaction(ErrorCategory.AUTHENTICATION,
                    Action.REAUTHORISE_ACCOUNT, "")),
            Map.entry("RET_NO_SUCH_LOGIN", new Reaction(ErrorCategory.NOT_FOUND, Action.ACCOUNT_NOT_FOUND,
                    "the account no longer exists at the broker; remove it from accounts")),
            Map.entry("ALREADY_LOGGED_IN", new Reaction(ErrorCategory.AUTHENTICATION, Action.ALREADY_DONE, "")),
            Map.entry("RET_ACCOUNT_DISABLED", new Reaction(ErrorCategory.AUTHENTICATION, Action.ACCOUNT_DISABLED,
                    "the broker disabled the account; contact the broker")),
            Map.entry("CONNECTIONS_LIMIT_EXCEEDED", new Reaction(ErrorCategory.UNAVAILABLE, Action.CONNECTION_LIMIT,
                    "the Open API application has too many connections; stop other programs that use it")),
            Map.entry("CH_CLIENT_AUTH_FAILURE", new Reaction(ErrorCategory.AUTHENTICATION, Action.FATAL_CREDENTIALS,
                    "check clientId and clientSecret against the application at openapi.ctrader.com and that the "
                            + "application is active, then restart the monitor")),
            Map.entry("CH_CLIENT_NOT_AUTHENTICATED", new Reaction(ErrorCategory.UNAVAILABLE, Action.RECONNECT, "")),
            Map.entry("CH_CLIENT_ALREADY_AUTHENTICATED", new Reaction(ErrorCategory.AUTHENTICATION,
                    Action.ALREADY_DONE, "")),
            Map.entry("CH_ACCESS_TOKEN_INVALID", new Reaction(ErrorCategory.AUTHENTICATION, Action.REFRESH_TOKEN, "")),
            Map.entry("CH_SERVER_NOT_REACHABLE", new Reaction(ErrorCategory.UNAVAILABLE, Action.NONE,
                    "the broker's trading server is down; retrying")),
            Map.entry("CH_CTID_TRADER_ACCOUNT_NOT_FOUND", new Reaction(ErrorCategory.NOT_FOUND,
                    Action.ACCOUNT_NOT_FOUND, "check the account id in accounts, that the access token was granted "
                            + "for it, and that it belongs to the configured environment (live or demo)")),
            Map.entry("CH_OA_CLIENT_NOT_FOUND", new Reaction(ErrorCategory.AUTHENTICATION, Action.FATAL_CREDENTIALS,
                    "no Open API application has this clientId; copy it from openapi.ctrader.com and restart "
                            + "the monitor")),
            Map.entry("REQUEST_FREQUENCY_EXCEEDED", new Reaction(ErrorCategory.RATE_LIMITED, Action.THROTTLE, "")),
            Map.entry("SERVER_IS_UNDER_MAINTENANCE", new Reaction(ErrorCategory.UNAVAILABLE, Action.MAINTENANCE, "")),
            Map.entry("CHANNEL_IS_BLOCKED", new Reaction(ErrorCategory.AUTHENTICATION, Action.ACCOUNT_DISABLED,
                    "the broker blocked operations on the account; contact the broker")),
            Map.entry("INCORRECT_BOUNDARIES", new Reaction(ErrorCategory.PROTOCOL, Action.NONE, "")),
            Map.entry("NOT_SUBSCRIBED_TO_SPOTS", new Reaction(ErrorCategory.PROTOCOL, Action.NONE, "")),
            Map.entry("ALREADY_SUBSCRIBED", new Reaction(ErrorCategory.PROTOCOL, Action.ALREADY_DONE, "")),
            Map.entry("SYMBOL_NOT_FOUND", new Reaction(ErrorCategory.NOT_FOUND, Action.NONE, "")),
            Map.entry("UNKNOWN_SYMBOL", new Reaction(ErrorCategory.NOT_FOUND, Action.NONE, "")),
            Map.entry("NOT_SUBSCRIBED_TO_PNL", new Reaction(ErrorCategory.PROTOCOL, Action.NONE, "")),
            Map.entry("POSITION_NOT_FOUND", new Reaction(ErrorCategory.NOT_FOUND, Action.NONE, "")),
            Map.entry("ORDER_NOT_FOUND", new Reaction(ErrorCategory.NOT_FOUND, Action.NONE, "")));

    private ErrorCodes() {
    }

    static Reaction reactionTo(String code) {
        return REACTIONS.getOrDefault(code, UNKNOWN);
    }

    /** Returns every code with a defined reaction, for tests and documentation. */
    static Map<String, Reaction> all() {
        return REACTIONS;
    }
}
