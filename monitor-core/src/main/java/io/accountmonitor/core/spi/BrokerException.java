package io.accountmonitor.core.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * The one exception type a broker plugin fails its operations with. It carries a category for
 * decisions, the broker's own error code for diagnosis, and an optional earliest retry time.
 * Messages never contain secrets.
 */
public final class BrokerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * The longest retry delay kept. A broker that announces a later time, by error or in a reply
     * from a faulty server, still gets asked again after this long instead of the account going
     * quiet for years.
     */
    public static final Duration MAX_RETRY_AFTER = Duration.ofHours(12);

    private final ErrorCategory category;
    private final String brokerCode;
    private final Duration retryAfter;

    public BrokerException(ErrorCategory category, String brokerCode, String message) {
        this(category, brokerCode, message, Duration.ZERO, null);
    }

    public BrokerException(ErrorCategory category, String brokerCode, String message, Duration retryAfter,
            Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.category = Objects.requireNonNull(category, "category");
        this.brokerCode = brokerCode == null ? "" : brokerCode;
        Objects.requireNonNull(retryAfter, "retryAfter");
        if (retryAfter.isNegative()) {
            throw new IllegalArgumentException("retryAfter is negative: " + retryAfter);
        }
        this.retryAfter = retryAfter.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : retryAfter;
    }

    public ErrorCategory category() {
        return category;
    }

    /** Returns the broker's error code, such as {@code REQUEST_FREQUENCY_EXCEEDED}, or an empty string. */
    public String brokerCode() {
        return brokerCode;
    }

    /**
     * Returns the earliest time to retry, as the broker announced it but at most
     * {@link #MAX_RETRY_AFTER}; {@link Duration#ZERO} when unknown.
     */
    public Duration retryAfter() {
        return retryAfter;
    }
}
