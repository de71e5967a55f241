package io.accountmonitor.bench.trigger;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of one trigger on one account, from 1 and 2 threads, for this project's design and the three
 * baselines. Checks run during the measurement: each design starts a check 10 ms after a trigger.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class TriggerBenchmark {
    static final Duration DEBOUNCE = Duration.ofMillis(10);

    @Param({Designs.GUARDED, Designs.UNGUARDED_TIMER, Designs.LOCK_AND_FLAG, Designs.CANCEL_AND_RESCHEDULE})
    public String design;

    private TriggerDesign target;

    @Setup(Level.Trial)
    public void setUp() {
        target = Designs.create(design, DEBOUNCE, Duration.ZERO);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        target.close();
    }

    @Benchmark
    @Threads(1)
    public void oneThread() {
        target.trigger();
    }

    @Benchmark
    @Threads(2)
    public void twoThreads() {
        target.trigger();
    }
}
