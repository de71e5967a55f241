package io.accountmonitor.app.config;

import java.util.Objects;

/**
 * One problem found in a configuration file.
 *
 * @param path where the problem is, such as {@code monitors[0].broker.clientSecret}; empty for a
 *     problem of the whole file, such as invalid YAML
 * @param line 1-based line of the offending key or value, or 0 when no line applies, such as for a
 *     required top-level key that is missing
 * @param message what is wrong and what to do; it never contains a secret or a value that came
 *     from a {@code ${...}} reference
 */
public record ConfigProblem(String path, int line, String message) {
    public ConfigProblem {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
        if (line < 0) {
            throw new IllegalArgumentException("line must not be negative: " + line);
        }
    }

    /** Formats the problem as one line of the error report: {@code line 4, monitors[0].name: message}. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        if (line > 0) {
            text.append("line ").append(line);
        }
        if (!path.isEmpty()) {
            text.append(text.length() > 0 ? ", " : "").append(path);
        }
        return text.length() > 0 ? text + ": " + message : message;
    }
}
