package io.accountmonitor.ctrader;

import static io.accountmonitor.ctrader.SimulatorFixture.ACCOUNT;
import static io.accountmonitor.ctrader.SimulatorFixture.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.accountmonitor.core.model.LinkState;
import io.accountmonitor.ctrader.simulator.CtraderSimulator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Framing faults on a live TLS connection close that connection only, with a clear log line. */
class CodecFaultTest {
    @TempDir
    Path directory;

    @Test
    void framesSplitIntoTinyTlsRecordsAreReassembled() throws Exception {
        try (SimulatorFixture fixture = SimulatorFixture.builder(directory).build()) {
            fixture.simulator.fragmentFrames(true);
            fixture.startAndAwait(ACCOUNT);

            assertThat(fixture.fetch(ACCOUNT).balance()).isEqualByComparingTo("10000.00");
            assertThat(fixture.listener.connectionCount(LinkState.DOWN)).isZero();
        }
    }

    @Test
    void slowlyArrivingFrameCountsAsTrafficUntilItsBytesStop() throws Exception {
        try (LogCapture logs = new LogCapture();
                SimulatorFixture fixture = SimulatorFixture.builder(directory)
                        .simulator(simulator -> simulator.heartbeatInterval(Duration.ZERO))
                        .build().startAndAwait(ACCOUNT)) {
            // The length prefix of a 1000-byte frame, then one byte of it every 5 s for three read
            // timeouts. Each byte is read before time moves on; the source cannot settle meanwhile,
            // because any reply is swallowed by the open frame.
            long received = sendAndAwaitRead(fixture, new byte[] {0, 0, 0x03, (byte) 0xE8},
                    fixture.host.recordedMetrics().count("ctrader.received.bytes"));
            for (int i = 0; i < 36; i++) {
                fixture.time.advance(Duration.ofSeconds(5));
                received = sendAndAwaitRead(fixture, new byte[] {0x08}, received);
            }
            assertThat(fixture.listener.connectionCount(LinkState.DOWN)).isZero();

            // The quiet-connection probe goes out after half the read timeout; its reply joins the
            // open frame as a few more bytes, so a second read timeout passes before nothing arrives.
            fixture.time.advance(CtraderSettings.DEFAULT_READ_TIMEOUT);
            fixture.time.advance(CtraderSettings.DEFAULT_READ_TIMEOUT);

            assertThat(fixture.listener.awaitConnectionCount(LinkState.DOWN, 1, WAIT)).isTrue();
            assertThat(logs.linesContaining("WARN", "connection 1", "closed", "no data arrived"))
                    .as("log lines %s", logs.lines()).hasSize(1);
        }
    }

    private static long sendAndAwaitRead(SimulatorFixture fixture, byte[] bytes, long receivedBefore)
            throws InterruptedException {
        long expected = receivedBefore + bytes.length;
        fixture.simulator.sendGarbage(bytes);
        assertThat(fixture.host.recordedMetrics().awaitCount(expected, WAIT, "ctrader.received.bytes"))
                .as("the client read %s byte(s)", bytes.length).isTrue();
        return expected;
    }

    static Stream<Arguments> faults() {
        return Stream.of(
                Arguments.of("frame over the limit", (Consumer<CtraderSimulator>) simulator ->
                        simulator.sendOversizedFrame(20L * 1024 * 1024), "more than maxFrameBytes (16777216)"),
                Arguments.of("zero-length frame", (Consumer<CtraderSimulator>) CtraderSimulator::sendZeroLengthFrame,
                        "empty frame"),
                Arguments.of("malformed frame", (Consumer<CtraderSimulator>) CtraderSimulator::sendMalformedFrame,
                        "not a ProtoMessage"),
                Arguments.of("garbage bytes", (Consumer<CtraderSimulator>) simulator ->
                        simulator.sendGarbage("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII)),
                        "more than maxFrameBytes"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void faultClosesConnectionAndSourceReconnects(String name, Consumer<CtraderSimulator> fault, String logged)
            throws Exception {
        try (LogCapture logs = new LogCapture();
                SimulatorFixture fixture = SimulatorFixture.builder(directory).build().startAndAwait(ACCOUNT)) {
            int threadsBefore = fixture.sourceThreads.liveThreads();

            fault.accept(fixture.simulator);

            assertThat(fixture.listener.awaitConnectionCount(LinkState.DOWN, 1, WAIT)).isTrue();
            assertThat(logs.linesContaining("WARN", "connection 1", "closed", logged, "reconnecting in"))
                    .as("log lines %s", logs.lines()).hasSize(1);
            fixture.advance(Duration.ofSeconds(2), Duration.ofMillis(100));
            assertThat(fixture.listener.awaitAccountCount(ACCOUNT, LinkState.UP, 2, WAIT)).isTrue();
            assertThat(fixture.fetch(ACCOUNT).balance()).isEqualByComparingTo("10000.00");
            assertThat(fixture.simulator.connections()).hasSize(2);
            assertThat(fixture.sourceThreads.liveThreads()).isEqualTo(threadsBefore);
        }
    }
}
