package io.accountmonitor.core.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScheduleTest {
    @Test
    void defaultsAreValid() {
        Schedule schedule = Schedule.defaults();

        assertThat(schedule.mode()).isEqualTo(ScheduleMode.EVENT_DRIVEN);
        assertThat(schedule.phaseWindow()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void problemsListsEverySettingWithItsKey() {
        Map<String, String> problems = Schedule.problems(null, Duration.ZERO, null, Duration.ofSeconds(-1),
                Duration.ofDays(31), Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(5));

        assertThat(problems).containsOnlyKeys("mode", "fallbackInterval", "periodicInterval", "debounce", "minSpacing",
                "backoff.max");
        assertThat(problems.get("fallbackInterval")).isEqualTo("is PT0S; must be longer than zero");
        assertThat(problems.get("periodicInterval")).isEqualTo("missing; give a duration such as 30s or 5m");
        assertThat(problems.get("debounce")).isEqualTo("is PT-1S; must not be negative");
        assertThat(problems.get("minSpacing")).isEqualTo("is PT744H; must be at most 30 days");
        assertThat(problems.get("backoff.max")).contains("shorter than backoff.initial");
    }

    @Test
    void constructorRejectsInvalidSettingsNamingThem() {
        assertThatThrownBy(() -> Schedule.defaults().withCheckTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid schedule: checkTimeout: is PT0S; must be longer than zero");
    }
}
