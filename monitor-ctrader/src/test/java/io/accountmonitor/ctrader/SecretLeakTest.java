package io.accountmonitor.ctrader;

import static io.accountmonitor.ctrader.SimulatorFixture.ACCOUNT;
import static io.accountmonitor.ctrader.SimulatorFixture.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.accountmonitor.core.model.LinkState;
import io.accountmonitor.core.spi.BrokerException;
import io.accountmonitor.core.spi.Secret;
import io.accountmonitor.ctrader.protocol.ProtoOAPayloadType;
import io.accountmonitor.ctrader.simulator.ErrorReply;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No secret reaches a log line, a listener detail or an exception message, even when the server quotes one. */
class SecretLeakTest {
    private static final String CLIENT_SECRET = "client-secret-7f3a9c";
    private static final String ACCESS_TOKEN = "access-token-5d2e81";
    private static final String REFRESH_TOKEN = "refresh-token-b40c6a";

    @TempDir
    Path directory;

    @Test
    void secretsStayOutOfLogsDetailsAndMessages() throws Exception {
        List<String> texts = new ArrayList<>();
        List<String> secrets = new ArrayList<>(List.of(CLIENT_SECRET, ACCESS_TOKEN, REFRESH_TOKEN));
        try (LogCapture logs = new LogCapture();
                SimulatorFixture fixture = SimulatorFixture.builder(directory)
                        .simulator(simulator -> simulator
                                .application("client-id", CLIENT_SECRET)
                                .grant(ACCESS_TOKEN, REFRESH_TOKEN, ACCOUNT))
                        .settings(values -> {
                            values.clientId = "client-id";
                            values.clientSecret = Secret.of(CLIENT_SECRET);
                            values.accessToken = Secret.of(ACCESS_TOKEN);
                            values.refreshToken = Secret.of(REFRESH_TOKEN);
                        })
                        .build().startAndAwait(ACCOUNT)) {
            // A server that quotes the token in its description, then a refresh that issues new tokens.
            fixture.simulator.failNext(ErrorReply.of("CH_ACCESS_TOKEN_INVALID")
                    .description("Access token " + ACCESS_TOKEN + " expired")
                    .forPayloadType(ProtoOAPayloadType.PROTO_OA_TRADER_REQ_VALUE));
            fixture.simulator.expireAccessToken(ACCESS_TOKEN);
            BrokerException failure = fixture.fetchFailure(ACCOUNT);
            texts.add(failure.getMessage());
            fixture.advance(Duration.ofSeconds(1), Duration.ofMillis(50));
            assertThat(fixture.listener.awaitAccountCount(ACCOUNT, LinkState.UP, 2, WAIT)).isTrue();
            secrets.add(fixture.simulator.accessToken(ACCOUNT));
            secrets.add(fixture.simulator.refreshToken(ACCOUNT));
            fixture.simulator.failNext(ErrorReply.of("CH_CLIENT_AUTH_FAILURE")
                    .description("clientSecret " + CLIENT_SECRET + " is incorrect")
                    .forPayloadType(ProtoOAPayloadType.PROTO_OA_TRADER_REQ_VALUE));
            texts.add(fixture.fetchFailure(ACCOUNT).getMessage());
            assertThat(fixture.listener.awaitConnectionCount(LinkState.FAILED, 1, WAIT)).isTrue();

            texts.addAll(logs.lines());
            fixture.listener.connectionStates().forEach(status -> texts.add(status.detail()));
            fixture.listener.accountLinks().forEach(link -> texts.add(link.status().detail()));
            texts.add(fixture.settings.toString());
        }

        assertThat(texts).hasSizeGreaterThan(10);
        for (String secret : secrets) {
            assertThat(texts).noneMatch(text -> text.contains(secret));
        }
        assertThat(texts).anyMatch(text -> text.contains("Access token " + Secret.MASK + " expired"));
    }
}
