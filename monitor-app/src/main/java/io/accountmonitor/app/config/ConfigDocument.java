package io.accountmonitor.app.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.accountmonitor.core.check.ScheduleMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The top level of the configuration file as written, before defaults and checks. Plugin sections
 * stay trees here, because their plugin, and so their settings type, is known only after reading
 * their {@code type}.
 */
record ConfigDocument(
        Path dataDirectory,
        LoggingConfig logging,
        SchedulerConfig scheduler,
        StatusConfig status,
        List<MonitorSection> monitors,
        List<JsonNode> sinks) {

    /** One entry of {@code monitors} as written. */
    record MonitorSection(String name, JsonNode broker, ScheduleSection schedule) {
    }

    /** A monitor's {@code schedule} as written; a missing key takes its value from {@code Schedule.defaults()}. */
    record ScheduleSection(
            ScheduleMode mode,
            Duration fallbackInterval,
            Duration periodicInterval,
            Duration debounce,
            Duration minSpacing,
            Duration checkTimeout,
            BackoffSection backoff) {
    }

    /** The {@code backoff} mapping of a schedule. */
    record BackoffSection(Duration initial, Duration max) {
    }
}
