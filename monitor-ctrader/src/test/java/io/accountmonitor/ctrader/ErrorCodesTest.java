package io.accountmonitor.ctrader;

import static org.assertj.core.api.Assertions.assertThat;

import io.accountmonitor.core.spi.ErrorCategory;
import io.accountmonitor.ctrader.ErrorCodes.Action;
import io.accountmonitor.ctrader.protocol.ProtoErrorCode;
import io.accountmonitor.ctrader.protocol.ProtoOAErrorCode;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class ErrorCodesTest {
    static Stream<Arguments> reactions() {
        return Stream.of(
                Arguments.of("OA_AUTH_TOKEN_EXPIRED", ErrorCategory.AUTHENTICATION, Action.REFRESH_TOKEN),
                Arguments.of("ACCOUNT_NOT_AUTHORIZED", ErrorCategory.AUTHENTICATION, Action.REAUTHORISE_ACCOUNT),
                Arguments.of("RET_NO_SUCH_LOGIN", ErrorCategory.NOT_FOUND, Action.ACCOUNT_NOT_FOUND),
                Arguments.of("ALREADY_LOGGED_IN", ErrorCategory.AUTHENTICATION, Action.ALREADY_DONE),
                Arguments.of("RET_ACCOUNT_DISABLED", ErrorCategory.AUTHENTICATION, Action.ACCOUNT_DISABLED),
                Arguments.of("CONNECTIONS_LIMIT_EXCEEDED", ErrorCategory.UNAVAILABLE, Action.CONNECTION_LIMIT),
                Arguments.of("CH_CLIENT_AUTH_FAILURE", ErrorCategory.AUTHENTICATION, Action.FATAL_CREDENTIALS),
                Arguments.of("CH_CLIENT_NOT_AUTHENTICATED", ErrorCategory.UNAVAILABLE, Action.RECONNECT),
                Arguments.of("CH_CLIENT_ALREADY_AUTHENTICATED", ErrorCategory.AUTHENTICATION, Action.ALREADY_DONE),
                Arguments.of("CH_ACCESS_TOKEN_INVALID", ErrorCategory.AUTHENTICATION, Action.REFRESH_TOKEN),
                Arguments.of("CH_SERVER_NOT_REACHABLE", ErrorCategory.UNAVAILABLE, Action.NONE),
                Arguments.of("CH_CTID_TRADER_ACCOUNT_NOT_FOUND", ErrorCategory.NOT_FOUND, Action.ACCOUNT_NOT_FOUND),
                Arguments.of("CH_OA_CLIENT_NOT_FOUND", ErrorCategory.AUTHENTICATION, Action.FATAL_CREDENTIALS),
                Arguments.of("REQUEST_FREQUENCY_EXCEEDED", ErrorCategory.RATE_LIMITED, Action.THROTTLE),
                Arguments.of("SERVER_IS_UNDER_MAINTENANCE", ErrorCategory.UNAVAILABLE, Action.MAINTENANCE),
                Arguments.of("CHANNEL_IS_BLOCKED", ErrorCategory.AUTHENTICATION, Action.ACCOUNT_DISABLED),
                Arguments.of("INCORRECT_BOUNDARIES", ErrorCategory.PROTOCOL, Action.NONE),
                Arguments.of("NOT_SUBSCRIBED_TO_SPOTS", ErrorCategory.PROTOCOL, Action.NONE),
                Arguments.of("ALREADY_SUBSCRIBED", ErrorCategory.PROTOCOL, Action.ALREADY_DONE),
                Arguments.of("SYMBOL_NOT_FOUND", ErrorCategory.NOT_FOUND, Action.NONE),
                Arguments.of("UNKNOWN_SYMBOL", ErrorCategory.NOT_FOUND, Action.NONE),
                Arguments.of("NOT_SUBSCRIBED_TO_PNL", ErrorCategory.PROTOCOL, Action.NONE),
                Arguments.of("UNKNOWN_ERROR", ErrorCategory.UNAVAILABLE, Action.NONE),
                Arguments.of("UNSUPPORTED_MESSAGE", ErrorCategory.PROTOCOL, Action.NONE),
                Arguments.of("INVALID_REQUEST", ErrorCategory.PROTOCOL, Action.NONE),
                Arguments.of("TIMEOUT_ERROR", ErrorCategory.TIMEOUT, Action.NONE),
                Arguments.of("ENTITY_NOT_FOUND", ErrorCategory.NOT_FOUND, Action.NONE),
                Arguments.of("CANT_ROUTE_REQUEST", ErrorCategory.UNAVAILABLE, Action.NONE),
                Arguments.of("FRAME_TOO_LONG", ErrorCategory.PROTOCOL, Action.NONE),
                Arguments.of("MARKET_CLOSED", ErrorCategory.UNAVAILABLE, Action.NONE),
                Arguments.of("CONCURRENT_MODIFICATION", ErrorCategory.UNAVAILABLE, Action.NONE),
                Arguments.of("BLOCKED_PAYLOAD_TYPE", ErrorCategory.RATE_LIMITED, Action.THROTTLE),
                Arguments.of("SOME_FUTURE_CODE", ErrorCategory.PROTOCOL, Action.NONE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reactions")
    void codeMapsToCategoryAndAction(String code, ErrorCategory category, Action action) {
        ErrorCodes.Reaction reaction = ErrorCodes.reactionTo(code);

        assertThat(reaction.category()).isEqualTo(category);
        assertThat(reaction.action()).isEqualTo(action);
    }

    @ParameterizedTest
    @EnumSource(ProtoOAErrorCode.class)
    void everyOpenApiCodeOfSchemaHasReaction(ProtoOAErrorCode code) {
        assertThat(ErrorCodes.all()).containsKey(code.name());
    }

    @ParameterizedTest
    @EnumSource(ProtoErrorCode.class)
    void everyCommonCodeOfSchemaHasReaction(ProtoErrorCode code) {
        assertThat(ErrorCodes.all()).containsKey(code.name());
    }

    @ParameterizedTest
    @EnumSource(value = Action.class, names = {"FATAL_CREDENTIALS", "ACCOUNT_NOT_FOUND", "ACCOUNT_DISABLED"})
    void permanentFailuresTellUserWhatToDo(Action action) {
        ErrorCodes.all().values().stream()
                .filter(reaction -> reaction.action() == action)
                .forEach(reaction -> assertThat(reaction.advice()).isNotBlank());
    }
}
