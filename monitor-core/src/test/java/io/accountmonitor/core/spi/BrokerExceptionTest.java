package io.accountmonitor.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BrokerExceptionTest {
    @Test
    void keepsARetryDelayUpToTheCap() {
        BrokerException error = new BrokerException(ErrorCategory.RATE_LIMITED, "BLOCKED_PAYLOAD_TYPE", "blocked",
                Duration.ofMinutes(5), null);

        assertThat(error.retryAfter()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void cutsALongerRetryDelaySoTheValueStaysUsableInNanoseconds() {
        BrokerException error = new BrokerException(ErrorCategory.UNAVAILABLE, "SERVER_IS_UNDER_MAINTENANCE",
                "maintenance", Duration.ofSeconds(Long.MAX_VALUE), null);

        assertThat(error.retryAfter()).isEqualTo(BrokerException.MAX_RETRY_AFTER);
        assertThat(error.retryAfter().toNanos()).isPositive();
    }

    @Test
    void rejectsANegativeRetryDelay() {
        assertThatThrownBy(() -> new BrokerException(ErrorCategory.UNAVAILABLE, "", "down", Duration.ofSeconds(-1),
                null)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT-1S");
    }
}
