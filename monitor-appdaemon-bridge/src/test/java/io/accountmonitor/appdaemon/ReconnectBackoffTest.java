package io.accountmonitor.appdaemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReconnectBackoffTest {
    @Test
    void delaysDoubleUpToCap() {
        ReconnectBackoff lowest = new ReconnectBackoff(Duration.ofSeconds(1), Duration.ofSeconds(60), () -> 0.0);
        ReconnectBackoff highest = new ReconnectBackoff(Duration.ofSeconds(1), Duration.ofSeconds(60), () -> 0.999999);
        long[] expectedCeilings = {1, 2, 4, 8, 16, 32, 60, 60, 60};

        for (long ceiling : expectedCeilings) {
            assertThat(lowest.nextDelay()).isEqualTo(Duration.ofSeconds(ceiling).minus(Duration.ofSeconds(ceiling).dividedBy(2)));
            assertThat(highest.nextDelay()).isBetween(Duration.ofSeconds(ceiling).minusMillis(1), Duration.ofSeconds(ceiling));
        }
        assertThat(lowest.failures()).isEqualTo(expectedCeilings.length);
    }

    @Test
    void resetRestartsFromInitialDelay() {
        ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofSeconds(1), Duration.ofSeconds(60), () -> 0.0);
        for (int i = 0; i < 10; i++) {
            backoff.nextDelay();
        }

        backoff.reset();

        assertThat(backoff.nextDelay()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void ceilingDoesNotOverflow() {
        ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofSeconds(1), Duration.ofMinutes(5), () -> 0.5);

        assertThat(backoff.ceiling(10_000)).isEqualTo(Duration.ofMinutes(5).toNanos());
    }
}
