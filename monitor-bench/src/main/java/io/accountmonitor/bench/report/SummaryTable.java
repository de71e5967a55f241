package io.accountmonitor.bench.report;

import io.accountmonitor.bench.scale.ScaleHarness;
import io.accountmonitor.bench.trigger.Designs;
import io.accountmonitor.bench.trigger.TriggerAccounting;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.util.Statistics;

/** Collects the benchmark figures and renders them as Markdown tables, with each target met or missed. */
public final class SummaryTable {
    private final String set;
    private final Map<String, double[]> throughput = new LinkedHashMap<>();
    private final Map<String, double[]> throughputError = new LinkedHashMap<>();
    private final List<String> latencyRows = new ArrayList<>();
    private double guardedP50OneThread = Double.NaN;
    private final List<TriggerAccounting.Result> accounting = new ArrayList<>();
    private final List<ScaleHarness.Result> scale = new ArrayList<>();
    private final List<String> extraSections = new ArrayList<>();
    private final List<String> targets = new ArrayList<>();

    public SummaryTable(String set) {
        this.set = set;
    }

    public void addTriggerThroughput(Collection<RunResult> results) {
        for (RunResult result : results) {
            String design = result.getParams().getParam("design");
            int threads = result.getParams().getThreads();
            double[] scores = throughput.computeIfAbsent(design, d -> new double[] {Double.NaN, Double.NaN});
            double[] errors = throughputError.computeIfAbsent(design, d -> new double[] {Double.NaN, Double.NaN});
            scores[threads == 1 ? 0 : 1] = result.getPrimaryResult().getScore();
            errors[threads == 1 ? 0 : 1] = result.getPrimaryResult().getScoreError();
        }
    }

    public void addTriggerLatency(Collection<RunResult> results) {
        for (RunResult result : results) {
            Statistics statistics = result.getPrimaryResult().getStatistics();
            int threads = result.getParams().getThreads();
            double p50 = statistics.getPercentile(50);
            if (threads == 1) {
                guardedP50OneThread = p50;
            }
            latencyRows.add(String.format(Locale.ROOT, "| %d | %.0f | %.0f | %.0f | %.0f |", threads, p50,
                    statistics.getPercentile(90), statistics.getPercentile(99), statistics.getPercentile(99.9)));
        }
    }

    public void addAccounting(List<TriggerAccounting.Result> results) {
        accounting.addAll(results);
    }

    public void addScale(List<ScaleHarness.Result> results) {
        scale.addAll(results);
    }

    /** Adds a section rendered elsewhere, such as the end-to-end latency table. */
    public void addSection(String markdown, List<String> sectionTargets) {
        extraSections.add(markdown);
        targets.addAll(sectionTargets);
    }

    public String render() {
        StringBuilder text = new StringBuilder();
        text.append("## Benchmark summary (").append(set).append(" set)\n\n");
        renderThroughput(text);
        renderLatency(text);
        renderAccounting(text);
        renderScale(text);
        for (String section : extraSections) {
            text.append(section).append('\n');
        }
        text.append("### Targets\n\n");
        for (String target : targets) {
            text.append("- ").append(target).append('\n');
        }
        return text.toString();
    }

    private void renderThroughput(StringBuilder text) {
        text.append("### Trigger throughput (ops/s, higher is better)\n\n");
        text.append("| design | 1 thread | 2 threads | guarded ÷ design, 1 thread | guarded ÷ design, 2 threads |\n");
        text.append("|---|---:|---:|---:|---:|\n");
        double[] guarded = throughput.getOrDefault(Designs.GUARDED, new double[] {Double.NaN, Double.NaN});
        for (Map.Entry<String, double[]> entry : throughput.entrySet()) {
            double[] scores = entry.getValue();
            double[] errors = throughputError.get(entry.getKey());
            text.append(String.format(Locale.ROOT, "| %s | %s ± %s | %s ± %s | %.1f× | %.1f× |%n", entry.getKey(),
                    number(scores[0]), number(errors[0]), number(scores[1]), number(errors[1]), guarded[0] / scores[0],
                    guarded[1] / scores[1]));
        }
        text.append('\n');
        for (int i = 0; i < 2; i++) {
            String threads = i == 0 ? "1 thread" : "2 threads";
            double ratioA = guarded[i] / score(Designs.UNGUARDED_TIMER, i);
            double ratioB = guarded[i] / score(Designs.LOCK_AND_FLAG, i);
            double ratioC = guarded[i] / score(Designs.CANCEL_AND_RESCHEDULE, i);
            targets.add(verdict(ratioA >= 100, String.format(Locale.ROOT,
                    "guarded ≥ 100 × design (a), %s: %.1f×", threads, ratioA)));
            targets.add(verdict(ratioB >= 1, String.format(Locale.ROOT,
                    "guarded ≥ design (b), %s: %.2f×", threads, ratioB)));
            targets.add(verdict(ratioC >= 2, String.format(Locale.ROOT,
                    "guarded ≥ 2 × design (c), %s: %.1f×", threads, ratioC)));
        }
    }

    private void renderLatency(StringBuilder text) {
        text.append("### Trigger latency of the guarded design (ns per trigger, JMH sample time)\n\n");
        text.append("| threads | p50 | p90 | p99 | p99.9 |\n|---:|---:|---:|---:|---:|\n");
        for (String row : latencyRows) {
            text.append(row).append('\n');
        }
        text.append('\n');
        targets.add(verdict(guardedP50OneThread < 100, String.format(Locale.ROOT,
                "trigger p50 < 100 ns (1 thread): %.0f ns; JMH sample time includes about 20 ns of timer"
                        + " overhead per sample", guardedP50OneThread)));
    }

    private void renderAccounting(StringBuilder text) {
        text.append("### Threads and lost triggers\n\n");
        text.append("Steady run: triggers back to back, checks 5 ms after a trigger. Bursty run: bursts of 1 to 20"
                + " triggers up to 2 ms apart, checks lasting 3 ms, a quiet period after each burst.\n\n");
        text.append("| design | threads created per 10^6 triggers | checks per 10^3 triggers | bursty triggers"
                + " | triggers that led to no check | bursts left without a check |\n");
        text.append("|---|---:|---:|---:|---:|---:|\n");
        for (TriggerAccounting.Result result : accounting) {
            text.append(String.format(Locale.ROOT, "| %s | %s | %.2f | %d | %d | %d of %d |%n", result.design(),
                    number(result.threadsCreatedPerMillion()), result.checksPerThousand(), result.burstTriggers(),
                    result.lostTriggers(), result.lostRounds(), result.rounds()));
            if (result.design().equals(Designs.GUARDED)) {
                targets.add(verdict(result.threadsCreatedPerMillion() == 0, String.format(Locale.ROOT,
                        "a trigger creates no thread: %s threads per 10^6 triggers",
                        number(result.threadsCreatedPerMillion()))));
                targets.add(verdict(result.lostTriggers() == 0, "guarded loses no trigger: "
                        + result.lostTriggers() + " lost"));
            }
        }
        text.append('\n');
    }

    private void renderScale(StringBuilder text) {
        text.append("### Scale (fallback interval 1 s, checks do no work)\n\n");
        text.append("| scheduler | accounts | JVM threads | scheduler threads | heap per account (bytes)"
                + " | timer queue | checks/s | CPU ms per wall s |\n");
        text.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (ScaleHarness.Result result : scale) {
            text.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %.0f | %s | %s | %.0f |%n", result.scheduler(),
                    number(result.accounts()), result.liveThreads(), result.schedulerThreads(),
                    result.heapBytesPerAccount(), number(result.pendingTimers()), number(result.checksPerSecond()),
                    result.cpuMillisPerSecond()));
            if (result.scheduler().equals("real") && result.accounts() == 100_000) {
                targets.add(verdict(result.schedulerThreads() <= 16, "100,000 accounts on at most 16 threads: "
                        + result.schedulerThreads() + " scheduler threads (" + result.liveThreads()
                        + " in the whole JVM, counting JIT, GC and JMX threads)"));
                targets.add(verdict(result.heapBytesPerAccount() < 2_048, String.format(Locale.ROOT,
                        "under 2 KB of heap per account: %.0f bytes", result.heapBytesPerAccount())));
            }
        }
        text.append('\n');
    }

    private double score(String design, int index) {
        double[] scores = throughput.get(design);
        return scores == null ? Double.NaN : scores[index];
    }

    static String verdict(boolean met, String description) {
        return (met ? "met: " : "MISSED: ") + description;
    }

    static String number(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }
}
