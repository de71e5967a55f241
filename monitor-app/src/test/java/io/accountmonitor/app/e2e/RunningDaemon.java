package io.accountmonitor.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.accountmonitor.app.Main;
import io.accountmonitor.app.cli.ConsoleOutput;
import io.accountmonitor.app.cli.MainEnvironment;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** The daemon started through {@link Main#run} on a test thread, as {@code account-monitor run --config FILE}. */
final class RunningDaemon {
    private final MainEnvironment environment;
    private final Future<Integer> exitCode;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private RunningDaemon(Path config, Map<String, String> variables, ExecutorService threads) {
        environment = MainEnvironment.forTest(new ConsoleOutput(new PrintWriter(out, true), new PrintWriter(err, true)),
                variables::get);
        exitCode = threads.submit(() -> Main.run(new String[] {"run", "--config", config.toString()}, environment));
    }

    static RunningDaemon start(Path config, Map<String, String> variables, ExecutorService threads) {
        return new RunningDaemon(config, variables, threads);
    }

    /** Requests a stop, as SIGTERM does, and asserts the command ends with exit code 0. */
    void stop() throws Exception {
        environment.requestStop();
        int code = exitCode.get(60, TimeUnit.SECONDS);
        assertThat(code).as("exit code; console said: %s%s", out, err).isZero();
    }

    String console() {
        return out + "\n" + err;
    }
}
