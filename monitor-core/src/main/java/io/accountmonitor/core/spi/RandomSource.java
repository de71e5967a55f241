package io.accountmonitor.core.spi;

import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Source of randomness for phases and jitter, injected so tests can replay a sequence.
 * Implementations are safe from any thread.
 */
@FunctionalInterface
public interface RandomSource {
    /** Returns a value uniformly distributed in [0, 1). */
    double nextDouble();

    /** Returns a value uniformly distributed in [0, bound), or 0 when {@code bound <= 0}. */
    default long nextLong(long bound) {
        if (bound <= 0) {
            return 0;
        }
        return Math.min(bound - 1, (long) (nextDouble() * bound));
    }

    /** Returns the production source backed by {@link ThreadLocalRandom}. */
    static RandomSource system() {
        return () -> ThreadLocalRandom.current().nextDouble();
    }

    /** Returns a reproducible source for tests and benchmarks; synchronized, so shareable. */
    static RandomSource seeded(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        return () -> {
            synchronized (random) {
                return random.nextDouble();
            }
        };
    }
}
