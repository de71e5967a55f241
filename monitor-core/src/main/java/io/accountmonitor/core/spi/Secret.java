package io.accountmonitor.core.spi;

import java.util.Objects;

/**
 * A configuration value that must never reach a log, an error message or printed configuration,
 * such as a client secret, a token or a password. {@link #toString()} returns a mask; only
 * {@link #reveal()} returns the value, and only code that sends it to its destination calls it.
 */
public final class Secret {
    /** The text printed in place of every secret. */
    public static final String MASK = "******";

    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    public static Secret of(String value) {
        return new Secret(value);
    }

    /** Returns the secret value; callers must not log or print it. */
    public String reveal() {
        return value;
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret secret && secret.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return MASK;
    }
}
