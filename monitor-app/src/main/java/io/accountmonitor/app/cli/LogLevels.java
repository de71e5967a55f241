package io.accountmonitor.app.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** Sets the root log level of the console logging that logback.xml configures. */
final class LogLevels {
    private LogLevels() {
    }

    /**
     * Applies {@code level} ({@code error}, {@code warn}, {@code info}, {@code debug} or {@code trace}).
     *
     * @throws IllegalArgumentException naming the value and the valid levels
     */
    static void apply(String level) {
        Level parsed = Level.toLevel(level, null);
        if (parsed == null || !java.util.Set.of("ERROR", "WARN", "INFO", "DEBUG", "TRACE").contains(parsed.toString())) {
            throw new IllegalArgumentException("invalid log level '" + level + "'; use error, warn, info, debug or trace");
        }
        if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger root) {
            root.setLevel(parsed);
        }
    }
}
