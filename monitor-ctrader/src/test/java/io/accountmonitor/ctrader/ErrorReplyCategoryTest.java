package io.accountmonitor.ctrader;

import static io.accountmonitor.ctrader.SimulatorFixture.ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;

import io.accountmonitor.core.spi.BrokerException;
import io.accountmonitor.core.spi.ErrorCategory;
import io.accountmonitor.ctrader.protocol.ProtoOAPayloadType;
import io.accountmonitor.ctrader.simulator.ErrorReply;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every error code, sent in reply to a trader request over the wire, fails the fetch with its category. */
class ErrorReplyCategoryTest {
    @TempDir
    Path directory;

    static Stream<Arguments> codes() {
        return Stream.of(
                Arguments.of("OA_AUTH_TOKEN_EXPIRED", ErrorCategory.AUTHENTICATION, false),
                Arguments.of("ACCOUNT_NOT_AUTHORIZED", ErrorCategory.AUTHENTICATION, false),
                Arguments.of("RET_NO_SUCH_LOGIN", ErrorCategory.NOT_FOUND, false),
                Arguments.of("RET_ACCOUNT_DISABLED", ErrorCategory.AUTHENTICATION, false),
                Arguments.of("CONNECTIONS_LIMIT_EXCEEDED", ErrorCategory.UNAVAILABLE, false),
                Arguments.of("CH_CLIENT_AUTH_FAILURE", ErrorCategory.AUTHENTICATION, false),
                Arguments.of("CH_CLIENT_NOT_AUTHENTICATED", ErrorCategory.UNAVAILABLE, false),
                Arguments.of("CH_ACCESS_TOKEN_INVALID", ErrorCategory.AUTHENTICATION, false),
                Arguments.of("CH_SERVER_NOT_REACHABLE", ErrorCategory.UNAVAILABLE, false),
                Arguments.of("CH_CTID_TRADER_ACCOUNT_NOT_FOUND", ErrorCategory.NOT_FOUND, false),
                Arguments.of("CH_OA_CLIENT_NOT_FOUND", ErrorCategory.AUTHENTICATION, false),
                Arguments.of("REQUEST_FREQUENCY_EXCEEDED", ErrorCategory.RATE_LIMITED, false),
                Arguments.of("SERVER_IS_UNDER_MAINTENANCE", ErrorCategory.UNAVAILABLE, false),
                Arguments.of("CHANNEL_IS_BLOCKED", ErrorCategory.AUTHENTICATION, false),
                Arguments.of("INCORRECT_BOUNDARIES", ErrorCategory.PROTOCOL, false),
                Arguments.of("SYMBOL_NOT_FOUND", ErrorCategory.NOT_FOUND, false),
                Arguments.of("UNKNOWN_ERROR", ErrorCategory.UNAVAILABLE, true),
                Arguments.of("UNSUPPORTED_MESSAGE", ErrorCategory.PROTOCOL, true),
                Arguments.of("INVALID_REQUEST", ErrorCategory.PROTOCOL, true),
                Arguments.of("TIMEOUT_ERROR", ErrorCategory.TIMEOUT, true),
                Arguments.of("ENTITY_NOT_FOUND", ErrorCategory.NOT_FOUND, true),
                Arguments.of("CANT_ROUTE_REQUEST", ErrorCategory.UNAVAILABLE, false),
                Arguments.of("FRAME_TOO_LONG", ErrorCategory.PROTOCOL, true),
                Arguments.of("MARKET_CLOSED", ErrorCategory.UNAVAILABLE, true),
                Arguments.of("CONCURRENT_MODIFICATION", ErrorCategory.UNAVAILABLE, true),
                Arguments.of("BLOCKED_PAYLOAD_TYPE", ErrorCategory.RATE_LIMITED, true),
                Arguments.of("A_CODE_FROM_THE_FUTURE", ErrorCategory.PROTOCOL, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("codes")
    void errorReplyFailsFetchWithCategory(String code, ErrorCategory category, boolean commonMessage) throws Exception {
        try (SimulatorFixture fixture = SimulatorFixture.builder(directory).build().startAndAwait(ACCOUNT)) {
            ErrorReply error = ErrorReply.of(code).description("injected by the test")
                    .forPayloadType(ProtoOAPayloadType.PROTO_OA_TRADER_REQ_VALUE);
            fixture.simulator.failNext(commonMessage ? error.asCommonError() : error);

            BrokerException failure = fixture.fetchFailure(ACCOUNT);

            assertThat(failure.category()).isEqualTo(category);
            assertThat(failure.brokerCode()).isEqualTo(code);
            assertThat(failure.getMessage()).contains(code).contains("PROTO_OA_TRADER_REQ").contains("injected by the test");
        }
    }
}
