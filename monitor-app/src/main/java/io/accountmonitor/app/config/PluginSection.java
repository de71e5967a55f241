package io.accountmonitor.app.config;

import java.util.Objects;

/**
 * A configuration section owned by a plugin: its type, and its keys bound to the plugin's settings
 * record and validated by the plugin.
 *
 * @param type the plugin type that selected the plugin, such as {@code ctrader}
 * @param settings an instance of the plugin's {@code settingsType()}
 */
public record PluginSection(String type, Object settings) {
    public PluginSection {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(settings, "settings");
    }
}
