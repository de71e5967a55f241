package io.accountmonitor.app.config;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Console logging.
 *
 * @param level threshold of the root logger: {@code error}, {@code warn}, {@code info},
 *     {@code debug} or {@code trace}; default {@code info}
 */
public record LoggingConfig(String level) {
    public static final Set<String> LEVELS = Set.of("error", "warn", "info", "debug", "trace");

    public LoggingConfig {
        level = level == null ? "info" : level.toLowerCase(Locale.ROOT);
        Objects.requireNonNull(level, "level");
    }

    public static LoggingConfig defaults() {
        return new LoggingConfig(null);
    }
}
