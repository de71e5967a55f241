package io.accountmonitor.bench;

import io.accountmonitor.bench.e2e.EndToEndHarness;
import io.accountmonitor.bench.e2e.EndToEndReport;
import io.accountmonitor.bench.report.ReportOutput;
import io.accountmonitor.bench.report.SummaryTable;
import io.accountmonitor.bench.scale.ScaleHarness;
import io.accountmonitor.bench.trigger.Designs;
import io.accountmonitor.bench.trigger.TriggerAccounting;
import io.accountmonitor.bench.trigger.TriggerBenchmark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.annotations.Mode;

/**
 * Runs the benchmark sets and prints a summary table: {@code quick} (under 5 minutes on 2 cores)
 * or {@code full} (longer JMH runs, more accounts, and the end-to-end run with 1,000 accounts). Figures are ratios against baselines run in
 * the same process, as the summary shows.
 */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        String set = args.length == 0 ? "quick" : args[0];
        if (set.equals("floor")) {
            EndToEndHarness.Floor floor = EndToEndHarness.floor(200);
            new ReportOutput().line(EndToEndReport.render(floor, List.of()));
            return;
        }
        if (!set.equals("quick") && !set.equals("full")) {
            new ReportOutput().line("usage: java -jar monitor-bench/target/benchmarks.jar [quick|full|floor] [summary-file]");
            System.exit(2);
        }
        boolean full = set.equals("full");
        Path summaryFile = Path.of(args.length > 1 ? args[1] : "monitor-bench/target/bench-summary.md");
        ReportOutput output = new ReportOutput();
        SummaryTable summary = new SummaryTable(set);

        output.line("# Trigger cost (JMH)");
        summary.addTriggerThroughput(runJmh(full, Mode.Throughput));
        summary.addTriggerLatency(runJmh(full, Mode.SampleTime));

        output.line("# Trigger accounting");
        List<TriggerAccounting.Result> accounting = new ArrayList<>();
        for (String design : Designs.ALL) {
            accounting.add(TriggerAccounting.measure(design, full ? 1_000_000 : 100_000, full ? 400 : 100, 7));
        }
        summary.addAccounting(accounting);

        output.line("# Scale");
        List<ScaleHarness.Result> scale = new ArrayList<>();
        Duration fallback = Duration.ofSeconds(1);
        for (int accounts : List.of(1_000, 10_000, 100_000)) {
            scale.add(ScaleHarness.virtual(accounts, fallback, Duration.ofSeconds(full ? 120 : 30)));
            scale.add(ScaleHarness.real(accounts, fallback, Duration.ofSeconds(full ? 30 : 5)));
        }
        summary.addScale(scale);

        output.line("# End to end");
        EndToEndHarness.Floor floor = EndToEndHarness.floor(full ? 1_000 : 100);
        List<EndToEndHarness.Result> endToEnd = new ArrayList<>();
        for (int accounts : full ? List.of(1, 100, 1_000) : List.of(1, 100)) {
            endToEnd.add(EndToEndHarness.run(accounts, 2.0, Duration.ofSeconds(full ? 120 : 30)));
        }
        summary.addSection(EndToEndReport.render(floor, endToEnd), EndToEndReport.targets(floor, endToEnd));

        String text = summary.render();
        output.blank();
        output.line(text);
        Files.createDirectories(summaryFile.toAbsolutePath().getParent());
        Files.writeString(summaryFile, text);
        output.line("Summary written to " + summaryFile.toAbsolutePath());
    }

    private static Collection<RunResult> runJmh(boolean full, Mode mode) throws RunnerException, IOException {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(TriggerBenchmark.class.getName())
                .mode(mode)
                .timeUnit(mode == Mode.Throughput ? java.util.concurrent.TimeUnit.SECONDS
                        : java.util.concurrent.TimeUnit.NANOSECONDS)
                .forks(1)
                .warmupIterations(full ? 5 : 2)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(full ? 10 : 3)
                .measurementTime(TimeValue.seconds(1))
                .shouldFailOnError(true);
        if (mode == Mode.SampleTime) {
            // Latency percentiles only for this project's design: the quick set stays within its budget.
            options.param("design", Designs.GUARDED);
        }
        return new Runner(options.build()).run();
    }

    static String format(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }
}
