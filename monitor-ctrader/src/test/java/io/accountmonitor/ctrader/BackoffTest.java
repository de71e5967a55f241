package io.accountmonitor.ctrader;

import static org.assertj.core.api.Assertions.assertThat;

import io.accountmonitor.core.spi.RandomSource;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void delaysDoubleWithinJitterUntilCap() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10), RandomSource.seeded(7));
        long[] ceilings = {1, 2, 4, 8, 10, 10, 10};
        for (long ceiling : ceilings) {
            Duration delay = backoff.next();
            assertThat(delay).isBetween(Duration.ofMillis(ceiling * 500), Duration.ofSeconds(ceiling));
        }
        assertThat(backoff.attempts()).isEqualTo(ceilings.length);
    }

    @Test
    void resetStartsAgainFromInitialDelay() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(2), () -> Math.nextDown(1.0));
        for (int i = 0; i < 20; i++) {
            backoff.next();
        }
        assertThat(backoff.next()).isEqualTo(Duration.ofMinutes(2));

        backoff.reset();

        assertThat(backoff.next()).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
    }

    @Test
    void manyAttemptsNeverOverflow() {
        Backoff backoff = new Backoff(Duration.ofDays(1), Duration.ofDays(3), RandomSource.seeded(1));
        for (int i = 0; i < 200; i++) {
            assertThat(backoff.next()).isPositive().isLessThanOrEqualTo(Duration.ofDays(3));
        }
    }
}
