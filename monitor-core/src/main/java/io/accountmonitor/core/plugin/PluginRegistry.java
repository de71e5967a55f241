package io.accountmonitor.core.plugin;

import io.accountmonitor.core.spi.Plugin;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Plugins of one kind, found with {@link ServiceLoader} and indexed by their type name. Loading
 * fails when two plugins claim one type or a type name is malformed, so start-up never picks one of
 * two silently.
 *
 * @param <P> the plugin interface, such as {@code BrokerPlugin}
 */
public final class PluginRegistry<P extends Plugin<?>> {
    private static final Pattern TYPE_NAME = Pattern.compile("[a-z][a-z0-9-]{0,39}");

    private final String kind;
    private final Map<String, P> byType;

    private PluginRegistry(String kind, Map<String, P> byType) {
        this.kind = kind;
        this.byType = byType;
    }

    /**
     * Loads every provider of {@code pluginType} visible to {@code classLoader}.
     *
     * @param kind word for messages, such as {@code broker}
     * @throws PluginException listing every duplicate and malformed type name
     */
    public static <P extends Plugin<?>> PluginRegistry<P> load(Class<P> pluginType, String kind,
            ClassLoader classLoader) {
        List<P> plugins = new ArrayList<>();
        ServiceLoader.load(pluginType, classLoader).forEach(plugins::add);
        return of(kind, plugins);
    }

    /** Indexes the given plugins; used by {@link #load} and by tests that supply plugins directly. */
    public static <P extends Plugin<?>> PluginRegistry<P> of(String kind, Collection<P> plugins) {
        Objects.requireNonNull(kind, "kind");
        Map<String, P> byType = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        for (P plugin : plugins) {
            String type = plugin.type();
            if (type == null || !TYPE_NAME.matcher(type).matches()) {
                problems.add(kind + " plugin " + plugin.getClass().getName() + " has the invalid type name '"
                        + type + "'; type names are lower case letters, digits and '-'");
                continue;
            }
            P previous = byType.putIfAbsent(type, plugin);
            if (previous != null) {
                problems.add("two " + kind + " plugins have the type '" + type + "': "
                        + previous.getClass().getName() + " and " + plugin.getClass().getName()
                        + "; remove one of them from the class path");
            }
        }
        if (!problems.isEmpty()) {
            throw new PluginException(String.join("\n", problems));
        }
        return new PluginRegistry<>(kind, byType);
    }

    public Optional<P> find(String type) {
        return Optional.ofNullable(byType.get(type));
    }

    /**
     * Returns the plugin of {@code type}.
     *
     * @throws PluginException naming the known types when none has this type
     */
    public P require(String type) {
        P plugin = byType.get(type);
        if (plugin == null) {
            throw new PluginException(unknownTypeMessage(type));
        }
        return plugin;
    }

    /** Returns the message for a configured type that no plugin provides, listing the known types. */
    public String unknownTypeMessage(String type) {
        return "no " + kind + " plugin has the type '" + type + "'; known types: "
                + (byType.isEmpty() ? "none" : String.join(", ", byType.keySet()));
    }

    /** Returns the known type names in alphabetical order. */
    public List<String> types() {
        return List.copyOf(byType.keySet());
    }
}
