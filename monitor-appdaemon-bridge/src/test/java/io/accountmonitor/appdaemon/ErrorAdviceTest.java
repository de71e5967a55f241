package io.accountmonitor.appdaemon;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ErrorAdviceTest {
    @Test
    void rejectedPasswordMentionsTheMaskingBug() {
        ErrorAdvice.Advice advice = ErrorAdvice.of("hello", "Error handling HTTP request: authorization failed",
                "default", true);

        assertThat(advice.kind()).isEqualTo(ErrorAdvice.Kind.AUTHORIZATION);
        assertThat(advice.message()).contains("4.5.0 to 4.5.12", "**********");
    }

    @Test
    void unknownNamespaceSaysWhereToDeclareIt() {
        ErrorAdvice.Advice advice = ErrorAdvice.of("call_service",
                "Unknown error occurred, check AppDaemon logs: Unknown namespace 'trading'", "trading", false);

        assertThat(advice.kind()).isEqualTo(ErrorAdvice.Kind.NAMESPACE);
        assertThat(advice.message()).contains("appdaemon: namespaces:", "trading: {writeback: safe}",
                "or set namespace: default");
    }

    @Test
    void otherErrorsAreClassified() {
        assertThat(ErrorAdvice.of("fire_event", "Error handling HTTP request: unauthorized", "default", false).kind())
                .isEqualTo(ErrorAdvice.Kind.AUTHORIZATION);
        assertThat(ErrorAdvice.of("call_service", "Unknown error occurred, check AppDaemon logs: Unknown service"
                + " (admin/state/set)", "admin", false).kind()).isEqualTo(ErrorAdvice.Kind.SERVICE);
        assertThat(ErrorAdvice.of("hello", "unavailable request", "default", false).kind())
                .isEqualTo(ErrorAdvice.Kind.REQUEST);
        assertThat(ErrorAdvice.of("call_service", "Unknown error occurred, check AppDaemon logs: HA is down",
                "default", false).kind()).isEqualTo(ErrorAdvice.Kind.APPDAEMON);
    }
}
