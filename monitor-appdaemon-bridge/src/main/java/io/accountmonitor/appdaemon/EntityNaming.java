package io.accountmonitor.appdaemon;

import io.accountmonitor.core.model.AccountId;
import java.util.Locale;

/**
 * Entity ids and event names of one sink: {@code <domain>.<prefix>_<account>_<figure>} and
 * {@code <prefix>_<event>}. Account ids may contain upper case letters and {@code -}, which Home
 * Assistant object ids do not allow, so they are mapped to lower case words joined by {@code _}.
 */
final class EntityNaming {
    private final String prefix;

    EntityNaming(String prefix) {
        this.prefix = prefix;
    }

    String prefix() {
        return prefix;
    }

    /**
     * Maps {@code text} to a valid part of a Home Assistant object id: lower case ASCII letters and
     * digits, with every run of other characters replaced by one {@code _} and no {@code _} at either
     * end. Returns {@code x} when nothing remains.
     */
    static String objectIdPart(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        StringBuilder result = new StringBuilder(lower.length());
        boolean pendingSeparator = false;
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            if (!allowed) {
                pendingSeparator = true;
                continue;
            }
            if (pendingSeparator && result.length() > 0) {
                result.append('_');
            }
            pendingSeparator = false;
            result.append(c);
        }
        return result.length() == 0 ? "x" : result.toString();
    }

    /** Returns the object id shared by every entity of {@code account}, such as {@code ctrader_12345678}. */
    String accountObjectId(AccountId account) {
        return prefix + "_" + objectIdPart(account.value());
    }

    String sensor(AccountId account, Figure figure) {
        return "sensor." + accountObjectId(account) + "_" + figure.suffix();
    }

    String connectedBinarySensor(AccountId account) {
        return "binary_sensor." + accountObjectId(account) + "_connected";
    }

    String event(String suffix) {
        return prefix + "_" + suffix;
    }
}
