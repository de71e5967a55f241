package io.accountmonitor.ctrader;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RateBucketTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void bucketAllowsQuarterOfBudgetAtOnce() {
        RateBucket bucket = new RateBucket(40, 0);
        int granted = 0;
        while (bucket.delayNanos(0) == 0) {
            bucket.consume(0);
            granted++;
        }

        assertThat(granted).isEqualTo(10);
        assertThat(bucket.delayNanos(0)).isEqualTo(SECOND / 30);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 40, 49})
    void grantsInAnySecondNeverExceedRate(int perSecond) {
        SplittableRandom random = new SplittableRandom(perSecond);
        RateBucket bucket = new RateBucket(perSecond, 0);
        List<Long> grants = new ArrayList<>();
        long now = 0;
        // Callers arrive at random moments, often in bursts, for 60 seconds.
        while (now < 60 * SECOND) {
            now += random.nextInt(4) == 0 ? random.nextLong(SECOND / 2) : 0;
            long delay = bucket.delayNanos(now);
            if (delay > 0) {
                now += delay;
            }
            assertThat(bucket.delayNanos(now)).isZero();
            bucket.consume(now);
            grants.add(now);
        }

        assertThat(maxInAnyWindow(grants, SECOND)).isLessThanOrEqualTo(perSecond);
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 4, 40})
    void constantDemandIsServedAtRateMinusBurst(int perSecond) {
        RateBucket bucket = new RateBucket(perSecond, 0);
        long now = 0;
        int granted = 0;
        while (now <= 60 * SECOND) {
            now += bucket.delayNanos(now);
            bucket.consume(now);
            granted++;
        }
        int burst = Math.max(1, perSecond / 4);

        assertThat(granted).isBetween((perSecond - burst) * 60, (perSecond - burst) * 60 + burst + 1);
    }

    @Test
    void pauseDelaysNextGrantAndSuppressesBurst() {
        RateBucket bucket = new RateBucket(40, 0);
        bucket.pauseUntil(SECOND);

        assertThat(bucket.delayNanos(0)).isEqualTo(SECOND);
        bucket.consume(SECOND);
        assertThat(bucket.delayNanos(SECOND)).isPositive();
    }

    /** Returns the largest number of grants in a closed window of {@code window} nanoseconds. */
    static int maxInAnyWindow(List<Long> sortedTimes, long window) {
        int max = 0;
        int start = 0;
        for (int end = 0; end < sortedTimes.size(); end++) {
            while (sortedTimes.get(end) - sortedTimes.get(start) > window) {
                start++;
            }
            max = Math.max(max, end - start + 1);
        }
        return max;
    }
}
