package io.accountmonitor.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.accountmonitor.app.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** check-config on worker counts and budgets at their limits, and on an AppDaemon url from a variable. */
class CheckConfigFaultTest {
    @TempDir
    Path directory;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int checkConfig(String head, String sinks, Map<String, String> variables) throws Exception {
        Path config = Files.writeString(directory.resolve("config.yaml"), head + """
                monitors:
                  - name: main
                    broker:
                      type: ctrader
                      environment: 127.0.0.1:9
                      clientId: app
                      clientSecret: secret
                      accessToken: token
                """ + sinks);
        MainEnvironment environment = MainEnvironment.forTest(
                new ConsoleOutput(new PrintWriter(out, true), new PrintWriter(err, true)), variables::get);
        return Main.run(new String[] {"check-config", "--config", config.toString()}, environment);
    }

    @Test
    void manyWorkersGrowUnsetBudget() throws Exception {
        int code = checkConfig("scheduler:\n  workerThreads: 20\n", "", Map.of());

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("threadBudget: 23");
    }

    @Test
    void hugeWorkerCountIsRejected() throws Exception {
        int code = checkConfig("scheduler:\n  workerThreads: 1000000\n  threadBudget: 2000000\n", "", Map.of());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("line 2, scheduler.workerThreads: is 1000000; use 1 to 256");
        assertThat(err.toString()).contains("line 3, scheduler.threadBudget: is 2000000; use at most 4096");
    }

    @Test
    void urlFromVariableNeverQuotedInPart() throws Exception {
        String sinks = """
                sinks:
                  - type: appdaemon
                    url: ${AD_URL}
                """;

        int hash = checkConfig("", sinks, Map.of("AD_URL", "ws://user:Tops3cret#pw@127.0.0.1:5050/stream"));
        int at = checkConfig("", sinks, Map.of("AD_URL", "ws://user:Tops3cret@pw@127.0.0.1:5050/stream"));

        assertThat(hash).isEqualTo(2);
        assertThat(at).isEqualTo(2);
        assertThat(err.toString()).doesNotContain("Tops3");
        assertThat(err.toString()).doesNotContain("pw@127");
        assertThat(err.toString()).doesNotContain("user:");
    }
}
