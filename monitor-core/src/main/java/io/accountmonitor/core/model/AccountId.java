package io.accountmonitor.core.model;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Identifier of one trading account as the broker assigns it, for example cTrader's
 * {@code ctidTraderAccountId} written in decimal.
 *
 * <p>The value is restricted to letters, digits, {@code _} and {@code -} because it becomes part
 * of Home Assistant entity ids and of file names in the data directory.
 */
public record AccountId(String value) implements Comparable<AccountId> {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public AccountId {
        Objects.requireNonNull(value, "value");
        if (!VALID.matcher(value).matches()) {
            throw new IllegalArgumentException("invalid account id '" + value
                    + "': use 1 to 64 letters, digits, '_' or '-'");
        }
    }

    public static AccountId of(String value) {
        return new AccountId(value);
    }

    public static AccountId of(long value) {
        return new AccountId(Long.toString(value));
    }

    @Override
    public int compareTo(AccountId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
