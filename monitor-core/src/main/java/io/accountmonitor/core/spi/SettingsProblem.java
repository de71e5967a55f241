package io.accountmonitor.core.spi;

import java.util.Objects;

/**
 * One invalid setting found by a plugin's validation.
 *
 * @param path where the problem is, relative to the plugin's own section, such as
 *     {@code clientSecret} or {@code accounts[2]}; the host prefixes the section's path and line
 * @param message what is wrong and what to do, without the secret value itself
 */
public record SettingsProblem(String path, String message) {
    public SettingsProblem {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }
}
