package io.accountmonitor.architecture.archfixture;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/** Classes that break the stream, sleep and clock rules. */
public final class MiscFixtures {
    private MiscFixtures() {
    }

    public static class PrintsToStandardOut {
        public void print(String line) {
            System.out.println(line);
        }
    }

    public static class PrintsStackTrace {
        public void print(Exception error) {
            error.printStackTrace();
        }
    }

    public static class SleepsOnThread {
        public void pause() throws InterruptedException {
            Thread.sleep(10);
        }
    }

    public static class SleepsOnTimeUnit {
        public void pause() throws InterruptedException {
            TimeUnit.MILLISECONDS.sleep(10);
        }
    }

    public static class ReadsCurrentTimeMillis {
        public long now() {
            return System.currentTimeMillis();
        }
    }

    public static class CallsInstantNow {
        public Instant now() {
            return Instant.now();
        }
    }

    public static class CreatesSystemClock {
        public Clock clock() {
            return Clock.systemUTC();
        }
    }

    /** Allowed: time read from an injected clock. */
    public static class ReadsInjectedClock {
        public Instant now(Clock clock) {
            return Instant.now(clock);
        }
    }
}
