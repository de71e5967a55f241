package io.accountmonitor.app.config;

import io.accountmonitor.core.check.Schedule;
import java.util.Objects;

/**
 * One monitor: a broker connection with its accounts and the schedule of their checks.
 *
 * @param name unique name of the monitor: lower case letters, digits, {@code -} and {@code _}
 * @param broker the broker plugin's section
 * @param schedule when accounts are checked
 */
public record MonitorConfig(String name, PluginSection broker, Schedule schedule) {
    public MonitorConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(broker, "broker");
        Objects.requireNonNull(schedule, "schedule");
    }
}
