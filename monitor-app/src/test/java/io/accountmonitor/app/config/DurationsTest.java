package io.accountmonitor.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationsTest {
    @ParameterizedTest
    @CsvSource({
        "500ms, PT0.5S",
        "30s, PT30S",
        "5m, PT5M",
        "1h, PT1H",
        "2d, PT48H",
        "1.5s, PT1.5S",
        "0.25m, PT15S",
        "'10 s', PT10S",
        "' 7s ', PT7S",
        "0, PT0S",
        "0s, PT0S",
        "PT30S, PT30S",
        "pt1m30s, PT1M30S",
        "P1D, PT24H",
        "30d, PT720H",
    })
    void parsesUnitsAndIso(String text, String expected) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "2x | use a number and a unit (ms, s, m, h, d), such as 2s",
        "s | use a number and a unit (ms, s, m, h, d), such as 2s",
        "''  | use a number and a unit (ms, s, m, h, d), such as 2s",
        "5S | use a number and a unit (ms, s, m, h, d), such as 2s",
        "30 | add a unit (ms, s, m, h, d), such as 30s",
        "-5s | a duration must not be negative",
        "PT-1S | a duration must not be negative",
        "P1X | use a number and a unit (ms, s, m, h, d), such as 2s, or ISO-8601 such as PT2S",
        "0.0000001ms | the smallest step is one nanosecond",
        "99999999999999999999d | the duration is too long",
        "31d | the longest accepted duration is 30d; use at most that",
        "200000d | the longest accepted duration is 30d; use at most that",
        "PT721H | the longest accepted duration is 30d; use at most that",
    })
    void rejectsInvalidText(String text, String reason) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(reason);
    }

    @ParameterizedTest
    @CsvSource({
        "PT0S, 0s",
        "PT0.5S, 500ms",
        "PT1.5S, 1500ms",
        "PT90S, 90s",
        "PT5M, 5m",
        "PT1H30M, 90m",
        "PT36H, 36h",
        "PT48H, 2d",
        "PT0.000000001S, PT0.000000001S",
    })
    void formatsInLargestExactUnit(String iso, String expected) {
        assertThat(Durations.format(Duration.parse(iso))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"PT0.000001S", "PT0.25S", "PT59S", "PT61M", "PT25H", "PT720H", "PT1.000000001S"})
    void formatRoundTripsThroughParse(String iso) {
        Duration duration = Duration.parse(iso);

        assertThat(Durations.parse(Durations.format(duration))).isEqualTo(duration);
    }

    @Test
    void rewritesIsoDurationsInMessages() {
        String message = "is PT0.5S, shorter than backoff.initial PT1S; make it at least as long";

        assertThat(Durations.rewriteIsoDurations(message))
                .isEqualTo("is 500ms, shorter than backoff.initial 1s; make it at least as long");
    }

    @Test
    void rewriteLeavesOtherWordsAlone() {
        String message = "APT1S and PTX stay; PT720H becomes 30d";

        assertThat(Durations.rewriteIsoDurations(message)).isEqualTo("APT1S and PTX stay; 30d becomes 30d");
    }
}
