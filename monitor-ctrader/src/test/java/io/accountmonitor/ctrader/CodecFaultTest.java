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
