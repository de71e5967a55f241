package io.accountmonitor.ctrader;

import static io.accountmonitor.ctrader.SimulatorFixture.ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.accountmonitor.core.model.AccountId;
import io.accountmonitor.core.model.AccountSnapshot;
import io.accountmonitor.core.model.DealCursor;
import io.accountmonitor.core.spi.BrokerException;
import io.accountmonitor.core.spi.ErrorCategory;
import io.accountmonitor.ctrader.protocol.ProtoOAPayloadType;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceLifecycleTest {
    @TempDir
    Path directory;

    @Test
    void closeFailsPendingFetchAndReleasesThreads() throws Exception {
        try (SimulatorFixture fixture = SimulatorFixture.builder(directory).build().startAndAwait(ACCOUNT)) {
            fixture.simulator.delayReplies(Duration.ofHours(1));
            CompletableFuture<AccountSnapshot> pending = fixture.startFetch(ACCOUNT);
            fixture.awaitReceived(ProtoOAPayloadType.PROTO_OA_TRADER_REQ, 1);
            assertThat(fixture.sourceThreads.reservedThreads()).isEqualTo(2);

            fixture.source.close();

            BrokerException failure = SimulatorFixture.failure(pending);
            assertThat(failure.category()).isEqualTo(ErrorCategory.UNAVAILABLE);
            assertThat(failure.getMessage()).contains("closed");
            assertThat(fixture.sourceThreads.reservedThreads()).isZero();
            fixture.source.close();
            assertThat(SimulatorFixture.failure(fixture.startFetch(ACCOUNT)).category())
                    .isEqualTo(ErrorCategory.UNAVAILABLE);
        }
    }

    @Test
    void fetchBeforeStartFailsUnavailable() throws Exception {
        try (SimulatorFixture fixture = SimulatorFixture.builder(directory).build()) {
            assertThat(SimulatorFixture.failure(fixture.startFetch(ACCOUNT)).category())
                    .isEqualTo(ErrorCategory.UNAVAILABLE);
            assertThat(fixture.sourceThreads.reservedThreads()).isZero();
        }
    }

    @Test
    void secondStartIsRejected() throws Exception {
        try (SimulatorFixture fixture = SimulatorFixture.builder(directory).build().startAndAwait(ACCOUNT)) {
            assertThatThrownBy(() -> fixture.source.start(new RecordingListener()))
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void nonNumericAccountIsNotFound() throws Exception {
        try (SimulatorFixture fixture = SimulatorFixture.builder(directory).build().startAndAwait(ACCOUNT)) {
            CompletableFuture<AccountSnapshot> fetch = fixture.source.fetch(AccountId.of("not-a-number"),
                    DealCursor.startingAt(Instant.EPOCH)).toCompletableFuture();

            assertThat(SimulatorFixture.failure(fetch).category()).isEqualTo(ErrorCategory.NOT_FOUND);
        }
    }

    @Test
    void startReturnsBeforeServerAnswers() throws Exception {
        try (SimulatorFixture fixture = SimulatorFixture.builder(directory).build()) {
            fixture.simulator.delayReplies(Duration.ofHours(1));
            long started = System.nanoTime();

            fixture.start();

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
            assertThat(fixture.listener.connectionStatus()).isNotNull();
        }
    }
}
