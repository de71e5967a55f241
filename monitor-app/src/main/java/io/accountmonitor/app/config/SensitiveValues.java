package io.accountmonitor.app.config;

import io.accountmonitor.core.spi.Secret;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The values that messages about one configuration must not repeat: every value resolved from a
 * reference and every value bound to a {@link Secret}. For each value that came from a reference, it
 * also keeps the text as written, so messages can quote that text instead.
 */
final class SensitiveValues {
    /**
     * Shortest value that {@link #redact} replaces. Shorter values would replace parts of ordinary
     * words and numbers in messages; a secret that short protects nothing anyway.
     */
    static final int MIN_REDACTED_LENGTH = 4;

    private final Map<ConfigPath, String> originals = new HashMap<>();
    private final Set<String> values = new HashSet<>();

    void addOriginal(ConfigPath path, String text) {
        originals.put(path, text);
    }

    void addValue(String value) {
        if (value.length() >= MIN_REDACTED_LENGTH) {
            values.add(value);
        }
    }

    /**
     * Returns {@code value} quoted for a message, or, when the value at {@code path} came from a
     * reference, the text as written with a note that the value is not shown.
     */
    String quote(ConfigPath path, String value) {
        String original = originals.get(path);
        return original == null ? "'" + value + "'" : "'" + original + "' (resolved value not shown)";
    }

    boolean isReferenced(ConfigPath path) {
        return originals.containsKey(path);
    }

    /**
     * Returns {@code message} with every sensitive value of at least {@link #MIN_REDACTED_LENGTH}
     * characters replaced by {@link Secret#MASK}. It is for text written by plugins or Jackson.
     * Messages written in this package quote references instead, so they need no redaction, which
     * would garble paths and words that happen to contain a secret.
     */
    String redact(String message) {
        String result = message;
        for (String value : values.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList()) {
            result = result.replace(value, Secret.MASK);
        }
        return result;
    }
}
