package io.accountmonitor.ctrader;

import io.accountmonitor.core.spi.Secret;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Removes known secret values from text that comes from the server, such as error descriptions,
 * before it reaches a log line or an exception message. Thread-safe.
 */
final class Redactor {
    /** Secrets shorter than this are not searched for, so that a short value does not mask ordinary words. */
    private static final int MIN_LENGTH = 6;

    private final Set<String> secrets = ConcurrentHashMap.newKeySet();

    void add(Secret secret) {
        if (secret != null && secret.reveal().length() >= MIN_LENGTH) {
            secrets.add(secret.reveal());
        }
    }

    String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String result = text;
        for (String secret : secrets) {
            if (result.contains(secret)) {
                result = result.replace(secret, Secret.MASK);
            }
        }
        return result;
    }
}
