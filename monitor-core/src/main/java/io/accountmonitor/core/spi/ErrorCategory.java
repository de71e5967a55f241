package io.accountmonitor.core.spi;

/**
 * Why a broker operation failed, as far as retrying is concerned. The scheduler and the host pick
 * their reaction from the category, never from the message.
 */
public enum ErrorCategory {
    /** Credentials or tokens were rejected. Retrying only helps after the source re-authorises. */
    AUTHENTICATION,
    /** The broker's rate limit was hit. Retry after {@link BrokerException#retryAfter()} at the earliest. */
    RATE_LIMITED,
    /** The broker or the link is down, or under maintenance. Retry with backoff. */
    UNAVAILABLE,
    /** No reply arrived in time. Retry with backoff. */
    TIMEOUT,
    /** The broker sent something this client does not understand, or rejected a request as invalid. */
    PROTOCOL,
    /** The account or entity does not exist for these credentials. Retrying rarely helps. */
    NOT_FOUND
}
