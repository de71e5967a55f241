package io.accountmonitor.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.accountmonitor.app.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The demo command with unusual data directories and a simulator port that is taken. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DemoFaultTest {
    @TempDir
    Path directory;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private MainEnvironment environment() {
        return MainEnvironment.forTest(new ConsoleOutput(new PrintWriter(out, true), new PrintWriter(err, true)),
                Map.<String, String>of()::get);
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    /** Starts the demo, waits until /health responds or the demo exits, stops it and returns its exit code. */
    private int runDemoUntilHealthy(String... extra) throws Exception {
        int statusPort = freePort();
        String[] args = new String[extra.length + 3];
        args[0] = "demo";
        args[1] = "--status";
        args[2] = "127.0.0.1:" + statusPort;
        System.arraycopy(extra, 0, args, 3, extra.length);
        MainEnvironment environment = environment();
        ExecutorService thread = Executors.newSingleThreadExecutor();
        HttpClient http = HttpClient.newHttpClient();
        try {
            Future<Integer> exit = thread.submit(() -> Main.run(args, environment));
            HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + statusPort + "/health")).build();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!exit.isDone() && System.nanoTime() < deadline) {
                try {
                    if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() > 0) {
                        break;
                    }
                } catch (IOException notYet) {
                    try {
                        exit.get(100, TimeUnit.MILLISECONDS);
                    } catch (TimeoutException stillStarting) {
                        // The status endpoint is not up yet.
                    }
                }
            }
            boolean exitedEarly = exit.isDone();
            environment.requestStop();
            int code = exit.get(60, TimeUnit.SECONDS);
            assertThat(exitedEarly).as("the demo exited before /health answered: " + err).isFalse();
            return code;
        } finally {
            thread.shutdownNow();
        }
    }

    @Test
    void relativeDataDirectoryStarts() throws Exception {
        // Relative to the working directory, which the build sets to the module's directory.
        Path relative = Path.of("target", "demo-relative-" + System.nanoTime());
        try {
            int code = runDemoUntilHealthy("--data-dir", relative.toString());

            assertThat(code).as(err.toString()).isZero();
            assertThat(relative.resolve("ctrader-simulator.pem")).isRegularFile();
        } finally {
            try (Stream<Path> paths = Files.walk(relative)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }

    @Test
    void quotedDataDirectoryStarts() throws Exception {
        Path quoted = directory.resolve("it's-data");

        int code = runDemoUntilHealthy("--data-dir", quoted.toString());

        assertThat(code).as(err.toString()).isZero();
    }

    @Test
    void simulatorPortInUseNamesPort() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int code = Main.run(new String[] {"demo", "--simulator-port", Integer.toString(taken.getLocalPort())},
                    environment());

            assertThat(code).isEqualTo(1);
            assertThat(err.toString()).contains(Integer.toString(taken.getLocalPort()));
            assertThat(err.toString()).contains("--simulator-port");
        }
    }

    @Test
    void passwordVariableMustBeAName() {
        int code = Main.run(new String[] {"demo", "--appdaemon", "ws://127.0.0.1:5050/stream",
            "--appdaemon-password-env", "A}B"}, environment());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--appdaemon-password-env is 'A}B'; give the name of an environment"
                + " variable");
    }

    @Test
    void dataDirectoryFileIsUsageError() throws Exception {
        Path file = Files.writeString(directory.resolve("not-a-directory"), "x");

        int code = Main.run(new String[] {"demo", "--data-dir", file.toString()}, environment());

        assertThat(code).as(err.toString()).isEqualTo(2);
        assertThat(err.toString()).contains("--data-dir");
        assertThat(err.toString()).contains(file.toString());
        assertThat(Files.readString(file)).isEqualTo("x");
    }
}
