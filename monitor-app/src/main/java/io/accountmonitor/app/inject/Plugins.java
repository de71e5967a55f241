package io.accountmonitor.app.inject;

import io.accountmonitor.core.plugin.PluginRegistry;
import io.accountmonitor.core.spi.BrokerPlugin;
import io.accountmonitor.core.spi.SinkPlugin;

/** The broker and sink plugins on the class path, found with {@link java.util.ServiceLoader}. */
public record Plugins(PluginRegistry<BrokerPlugin<?>> brokers, PluginRegistry<SinkPlugin<?>> sinks) {

    /**
     * Loads every plugin visible to {@code classLoader}.
     *
     * @throws io.accountmonitor.core.plugin.PluginException if two plugins share a type name
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static Plugins load(ClassLoader classLoader) {
        PluginRegistry brokers = PluginRegistry.load(BrokerPlugin.class, "broker", classLoader);
        PluginRegistry sinks = PluginRegistry.load(SinkPlugin.class, "sink", classLoader);
        return new Plugins(brokers, sinks);
    }
}
