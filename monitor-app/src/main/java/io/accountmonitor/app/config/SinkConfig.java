package io.accountmonitor.app.config;

import java.util.Objects;

/**
 * One sink.
 *
 * @param name unique name of the sink; defaults to its type, or type and position when a type is
 *     configured more than once ({@code appdaemon-2})
 * @param plugin the sink plugin's section
 */
public record SinkConfig(String name, PluginSection plugin) {
    public SinkConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(plugin, "plugin");
    }
}
