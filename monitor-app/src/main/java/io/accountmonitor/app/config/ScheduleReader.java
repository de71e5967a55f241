package io.accountmonitor.app.config;

import io.accountmonitor.app.config.ConfigDocument.BackoffSection;
import io.accountmonitor.app.config.ConfigDocument.ScheduleSection;
import io.accountmonitor.core.check.Schedule;
import io.accountmonitor.core.check.ScheduleMode;
import java.time.Duration;
import java.util.Map;

/**
 * Builds a monitor's {@link Schedule} from its {@code schedule} section: keys that are not written
 * take their value from {@link Schedule#defaults()}, and {@link Schedule#problems} checks the result.
 */
final class ScheduleReader {
    private ScheduleReader() {
    }

    /**
     * Returns the schedule, or {@code null} after reporting its problems at the path and line of each
     * key, such as {@code monitors[0].schedule.backoff.max}.
     *
     * @param section the section as written, or {@code null} when the monitor has none
     */
    static Schedule read(ScheduleSection section, ConfigPath path, ProblemCollector problems) {
        Schedule defaults = Schedule.defaults();
        if (section == null) {
            return defaults;
        }
        BackoffSection backoff = section.backoff() == null ? new BackoffSection(null, null) : section.backoff();
        ScheduleMode mode = orDefault(section.mode(), defaults.mode());
        Duration fallbackInterval = orDefault(section.fallbackInterval(), defaults.fallbackInterval());
        Duration periodicInterval = orDefault(section.periodicInterval(), defaults.periodicInterval());
        Duration debounce = orDefault(section.debounce(), defaults.debounce());
        Duration minSpacing = orDefault(section.minSpacing(), defaults.minSpacing());
        Duration checkTimeout = orDefault(section.checkTimeout(), defaults.checkTimeout());
        Duration backoffInitial = orDefault(backoff.initial(), defaults.backoffInitial());
        Duration backoffMax = orDefault(backoff.max(), defaults.backoffMax());

        Map<String, String> found = Schedule.problems(mode, fallbackInterval, periodicInterval, debounce, minSpacing,
                checkTimeout, backoffInitial, backoffMax);
        if (!found.isEmpty()) {
            found.forEach((key, message) -> {
                ConfigPath keyPath = path.resolve(ConfigPath.parse(key));
                String note = problems.isWritten(keyPath) ? "" : "; " + key + " is not set, so this is its default";
                problems.reportUnlessCovered(keyPath, Durations.rewriteIsoDurations(message) + note);
            });
            return null;
        }
        return new Schedule(mode, fallbackInterval, periodicInterval, debounce, minSpacing, checkTimeout,
                backoffInitial, backoffMax);
    }

    private static <T> T orDefault(T value, T defaultValue) {
        return value == null ? defaultValue : value;
    }
}
