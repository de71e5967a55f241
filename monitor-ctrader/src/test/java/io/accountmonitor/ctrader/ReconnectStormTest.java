package io.accountmonitor.ctrader;

import static io.accountmonitor.ctrader.SimulatorFixture.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.accountmonitor.core.model.LinkState;
import io.accountmonitor.ctrader.simulator.ConnectionStats;
import io.accountmonitor.ctrader.simulator.SimulatedAccount;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** 1,000 forced disconnects in a row: threads stay fixed and every reconnect authorises every account. */
class ReconnectStormTest {
    private static final Logger LOG = LoggerFactory.getLogger(ReconnectStormTest.class);
    private static final int DISCONNECTS = 1000;
    private static final long[] ACCOUNTS = {7001, 7002, 7003};

    @TempDir
    Path directory;

    @Test
    void thousandDisconnectsKeepThreadsAndAuthoriseAllAccounts() throws Exception {
        SimulatorFixture.Builder builder = SimulatorFixture.builder(directory);
        for (long account : ACCOUNTS) {
            builder.account(SimulatedAccount.builder(account).build());
        }
        try (SimulatorFixture fixture = builder.build().startAndAwait(ACCOUNTS)) {
            ThreadMXBean jvm = ManagementFactory.getThreadMXBean();
            int sourceThreads = fixture.sourceThreads.liveThreads();
            int simulatorThreads = fixture.simulatorThreads.liveThreads();
            int jvmThreads = jvm.getThreadCount();
            int maxSourceThreads = sourceThreads;
            long realStart = System.nanoTime();

            for (int disconnect = 1; disconnect <= DISCONNECTS; disconnect++) {
                fixture.simulator.dropConnections();
                assertThat(fixture.listener.awaitConnectionCount(LinkState.DOWN, disconnect, WAIT))
                        .as("disconnect %d is noticed", disconnect).isTrue();
                fixture.settle();
                // The first reconnect delay is between 0.5 and 1 s, and each success resets it.
                fixture.time.advance(Duration.ofSeconds(1));
                for (long account : ACCOUNTS) {
                    assertThat(fixture.listener.awaitAccountCount(account, LinkState.UP, disconnect + 1, WAIT))
                            .as("account %d is authorised after disconnect %d", account, disconnect).isTrue();
                }
                maxSourceThreads = Math.max(maxSourceThreads, fixture.sourceThreads.liveThreads());
            }
            fixture.settle();

            List<ConnectionStats> connections = fixture.simulator.connections();
            LOG.info("{} disconnects in {} ms; source threads {} (max {}), simulator threads {} -> {}, "
                    + "JVM threads {} -> {}", DISCONNECTS, (System.nanoTime() - realStart) / 1_000_000,
                    sourceThreads, maxSourceThreads, simulatorThreads, fixture.simulatorThreads.liveThreads(),
                    jvmThreads, jvm.getThreadCount());
            assertThat(connections).hasSize(DISCONNECTS + 1);
            assertThat(connections).allSatisfy(connection -> {
                assertThat(connection.applicationAuthorised()).isTrue();
                assertThat(connection.accountAuthRequests()).isEqualTo(ACCOUNTS.length);
                assertThat(connection.authorisedAccounts()).containsExactlyInAnyOrder(7001L, 7002L, 7003L);
            });
            assertThat(sourceThreads).isEqualTo(2);
            assertThat(maxSourceThreads).isEqualTo(sourceThreads);
            assertThat(fixture.sourceThreads.liveThreads()).isEqualTo(sourceThreads);
            assertThat(fixture.simulatorThreads.liveThreads()).isLessThanOrEqualTo(simulatorThreads + 4);
            // The JVM may start or stop compiler threads on its own; a leak would add about 1,000.
            assertThat(jvm.getThreadCount()).isLessThan(jvmThreads + 10);
            assertThat(fixture.time.pendingTasks()).isLessThan(50);
        }
    }
}
