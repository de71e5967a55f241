package io.accountmonitor.app.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.accountmonitor.app.config.StatusConfig;
import io.accountmonitor.app.runtime.AppStatus;
import io.accountmonitor.scheduler.ThreadBudget;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The status endpoint keeps answering while clients stall on real loopback sockets. */
class StatusServerTest {
    private static final AppStatus IDLE = new AppStatus(Instant.parse("2026-01-05T00:00:00Z"), List.of(), List.of(),
            0, 8);

    private final List<Socket> stalled = new ArrayList<>();
    private StatusServer server;

    @BeforeEach
    void start() {
        server = new StatusServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), new ThreadBudget(8),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), () -> IDLE);
        server.start();
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket socket : stalled) {
            socket.close();
        }
        server.stop();
    }

    @Test
    void healthAnswersWhileOneClientSendsHalfARequest() throws Exception {
        stallOneClient();

        assertThat(statusLineOfHealth(5_000)).isEqualTo("HTTP/1.1 200 OK");
    }

    @Test
    void clientsThatStallLongerThanTheLimitAreCutOff() throws Exception {
        // As many stalled clients as request threads: nothing else is answered until they are cut off.
        for (int i = 0; i < StatusConfig.THREADS; i++) {
            stallOneClient();
        }

        for (Socket socket : stalled) {
            socket.setSoTimeout(4 * StatusServer.SLOW_CLIENT_SECONDS * 1_000);
            assertThat(socket.getInputStream().read()).as("the server closed a stalled connection").isEqualTo(-1);
        }
        assertThat(statusLineOfHealth(5_000)).isEqualTo("HTTP/1.1 200 OK");
    }

    private void stallOneClient() throws IOException {
        Socket socket = new Socket(server.address().getAddress(), server.address().getPort());
        stalled.add(socket);
        OutputStream out = socket.getOutputStream();
        out.write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private String statusLineOfHealth(int timeoutMillis) throws IOException {
        try (Socket socket = new Socket(server.address().getAddress(), server.address().getPort())) {
            socket.setSoTimeout(timeoutMillis);
            OutputStream out = socket.getOutputStream();
            out.write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            return in.readLine();
        }
    }
}
