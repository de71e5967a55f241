package io.accountmonitor.ctrader.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.accountmonitor.scheduler.ThreadBudget;
import io.accountmonitor.scheduler.virtual.VirtualTime;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RoundTripProbeTest {
    private static final long ACCOUNT = 1001;

    private final VirtualTime time = new VirtualTime();
    private final ThreadBudget threads = new ThreadBudget(12);
    private CtraderSimulator simulator;

    @BeforeEach
    void startSimulator() throws Exception {
        simulator = CtraderSimulator.builder(threads, time)
                .clock(time.clock())
                .account(SimulatedAccount.builder(ACCOUNT).build())
                .build();
        simulator.start();
    }

    @AfterEach
    void stopSimulator() {
        simulator.close();
    }

    @Test
    void roundTripSendsOneRequestPerSample() throws IOException {
        int before = simulator.requestCount();

        long[] samples = RoundTripProbe.measure(simulator.port(), CtraderSimulator.DEFAULT_CLIENT_ID,
                CtraderSimulator.DEFAULT_CLIENT_SECRET, 5, countingClock());

        assertThat(samples).containsOnly(1L);
        assertThat(simulator.requestCount() - before).as("application auth and five version requests")
                .isEqualTo(6);
    }

    @Test
    void checkRequestsAwaitAllThreeReplies() throws IOException {
        int before = simulator.requestCount();

        long[] samples = RoundTripProbe.measureCheckRequests(simulator.port(), CtraderSimulator.DEFAULT_CLIENT_ID,
                CtraderSimulator.DEFAULT_CLIENT_SECRET, CtraderSimulator.DEFAULT_ACCESS_TOKEN, ACCOUNT, 4,
                countingClock());

        assertThat(samples).hasSize(4).containsOnly(1L);
        assertThat(simulator.requestCount() - before).as("two auth requests and three per sample").isEqualTo(14);
    }

    @Test
    void rejectedTokenNamesTheAccount() {
        assertThatThrownBy(() -> RoundTripProbe.measureCheckRequests(simulator.port(),
                CtraderSimulator.DEFAULT_CLIENT_ID, CtraderSimulator.DEFAULT_CLIENT_SECRET, "not-a-token", ACCOUNT, 1,
                countingClock()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("account 1001");
    }

    /** Returns a clock that moves one tick per reading, so each sample measures exactly one tick. */
    private static LongSupplier countingClock() {
        AtomicLong ticks = new AtomicLong();
        return ticks::incrementAndGet;
    }
}
