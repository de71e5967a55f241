package io.accountmonitor.ctrader;

import io.accountmonitor.core.spi.BrokerException;
import io.accountmonitor.core.spi.ErrorCategory;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Common {@link BrokerException}s and the unwrapping of failures from futures. */
final class BrokerFailures {
    private BrokerFailures() {
    }

    /** Returns the failure of an operation on a closed source. */
    static BrokerException closed() {
        return new BrokerException(ErrorCategory.UNAVAILABLE, "", "the cTrader source is closed");
    }

    /**
     * Returns the {@link BrokerException} behind a future's failure. Any other exception is a bug of
     * this adapter; it is wrapped as {@link ErrorCategory#PROTOCOL} with the original as cause, so the
     * stage still fails with the one SPI exception type.
     */
    static BrokerException unwrap(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof BrokerException broker) {
            return broker;
        }
        if (cause instanceof CancellationException) {
            return new BrokerException(ErrorCategory.UNAVAILABLE, "", "the request was cancelled", Duration.ZERO,
                    cause);
        }
        return new BrokerException(ErrorCategory.PROTOCOL, "", "internal error of the cTrader adapter: " + cause,
                Duration.ZERO, cause);
    }
}
