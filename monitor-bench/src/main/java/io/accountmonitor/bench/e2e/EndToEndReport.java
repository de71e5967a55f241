package io.accountmonitor.bench.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Renders the end-to-end figures as Markdown and checks them against their targets. */
public final class EndToEndReport {
    private EndToEndReport() {
    }

    public static String render(EndToEndHarness.Floor floor, List<EndToEndHarness.Result> results) {
        StringBuilder text = new StringBuilder();
        text.append("### Floor: one round trip and one check over TLS on loopback (ms)\n\n");
        text.append("| measurement | samples | p50 | p99 | max |\n|---|---:|---:|---:|---:|\n");
        row(text, "bare request round trip", floor.roundTrip());
        row(text, "the check's three requests, bare", floor.checkRequests());
        row(text, "check of an unchanged account", floor.check());
        text.append(String.format(Locale.ROOT, "%nA check costs %.2f round trips at p50 (its requests go out together),"
                + " and %.2f times its own three requests sent bare from one thread; the rest of that is the"
                + " adapter's thread hand-offs.%n%n", ratio(floor),
                floor.check().p50Millis() / floor.checkRequests().p50Millis()));
        if (results.isEmpty()) {
            return text.toString();
        }
        text.append("### End to end: execution pushed by the simulator to snapshot in the sink\n\n");
        text.append("Executions at 2 per second on random accounts, debounce 0 s, fallback 5 min; every figure"
                + " from one run.\n\n");
        text.append("| accounts | start-up (s) | samples | p50 (ms) | p99 (ms) | max (ms) | checks/s | requests per check"
                + " | most normal requests in 1 s | most historical in 1 s | rejected |\n");
        text.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (EndToEndHarness.Result result : results) {
            text.append(String.format(Locale.ROOT, "| %,d | %.1f | %d | %.1f | %.1f | %.1f | %.2f | %.2f | %d | %d | %d |%n",
                    result.accounts(), result.startupSeconds(), result.latency().count(), result.latency().p50Millis(),
                    result.latency().p99Millis(), result.latency().maxMillis(), result.checksPerSecond(),
                    result.requestsPerCheck(), result.maxNormalPerSecond(), result.maxHistoricalPerSecond(),
                    result.rejections()));
        }
        text.append('\n');
        return text.toString();
    }

    public static List<String> targets(EndToEndHarness.Floor floor, List<EndToEndHarness.Result> results) {
        List<String> targets = new ArrayList<>();
        double ratio = ratio(floor);
        targets.add(verdict(ratio <= 1.5, String.format(Locale.ROOT,
                "a check takes at most 1.5 round trips: %.2f at p50", ratio)));
        for (EndToEndHarness.Result result : results) {
            boolean withinLimits = result.rejections() == 0 && result.maxNormalPerSecond() <= 50
                    && result.maxHistoricalPerSecond() <= 5;
            targets.add(verdict(withinLimits, String.format(Locale.ROOT,
                    "%,d accounts: broker requests within 50/s and 5/s: at most %d and %d, %d rejected",
                    result.accounts(), result.maxNormalPerSecond(), result.maxHistoricalPerSecond(),
                    result.rejections())));
            if (result.accounts() == 1_000) {
                targets.add(verdict(result.latency().p99Millis() < 50, String.format(Locale.ROOT,
                        "end-to-end p99 under 50 ms at 1,000 accounts: %.1f ms", result.latency().p99Millis())));
            }
        }
        return targets;
    }

    private static double ratio(EndToEndHarness.Floor floor) {
        return floor.check().p50Millis() / floor.roundTrip().p50Millis();
    }

    private static void row(StringBuilder text, String name, Percentiles percentiles) {
        text.append(String.format(Locale.ROOT, "| %s | %d | %.3f | %.3f | %.3f |%n", name, percentiles.count(),
                percentiles.p50Millis(), percentiles.p99Millis(), percentiles.maxMillis()));
    }

    private static String verdict(boolean met, String description) {
        return (met ? "met: " : "MISSED: ") + description;
    }
}
