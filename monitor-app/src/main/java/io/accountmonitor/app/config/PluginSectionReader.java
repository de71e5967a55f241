package io.accountmonitor.app.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.accountmonitor.core.plugin.PluginRegistry;
import io.accountmonitor.core.spi.Plugin;
import io.accountmonitor.core.spi.SettingsProblem;
import java.util.List;

/**
 * Reads a section that belongs to a plugin, such as a monitor's {@code broker} or an entry of
 * {@code sinks}: {@code type} selects the plugin, the other keys bind to the plugin's settings
 * record, and the plugin then validates the settings. Problems that the plugin reports at relative
 * paths ({@code accounts[2]}) are reported at the section's path and the line of that key.
 */
final class PluginSectionReader {
    static final String TYPE_KEY = "type";

    private final SectionBinder binder;
    private final SensitiveValues sensitive;

    PluginSectionReader(SectionBinder binder, SensitiveValues sensitive) {
        this.binder = binder;
        this.sensitive = sensitive;
    }

    /**
     * Returns the section at {@code path}, or {@code null} when its plugin or settings could not be
     * determined. In both cases every problem found is reported.
     *
     * @param node the section, not null
     * @param kind the word for the plugin kind in messages: {@code broker} or {@code sink}
     * @param hostKeys keys that the host reads itself, {@code type} first; they are not passed to the
     *     plugin
     */
    PluginSection read(JsonNode node, ConfigPath path, PluginRegistry<? extends Plugin<?>> registry, String kind,
            List<String> hostKeys, ProblemCollector problems) {
        if (!node.isObject()) {
            problems.reportUnlessCovered(path, "expected a mapping with a type key, found "
                    + ExpectedValues.describeFound(node, path, sensitive));
            return null;
        }
        Plugin<?> plugin = findPlugin(node.get(TYPE_KEY), path.key(TYPE_KEY), registry, kind, problems);
        if (plugin == null) {
            return null;
        }
        ObjectNode settingsNode = ((ObjectNode) node).deepCopy();
        settingsNode.remove(hostKeys);
        Object settings = binder.bind(settingsNode, path, plugin.settingsType(), hostKeys, problems);
        if (settings == null) {
            return null;
        }
        validate(plugin, settings, path, kind, problems);
        return new PluginSection(plugin.type(), settings);
    }

    private Plugin<?> findPlugin(JsonNode typeNode, ConfigPath typePath, PluginRegistry<? extends Plugin<?>> registry,
            String kind, ProblemCollector problems) {
        if (typeNode == null || typeNode.isNull()) {
            problems.reportUnlessCovered(typePath, "missing; set it to one of the " + kind + " plugin types: "
                    + knownTypes(registry));
            return null;
        }
        if (!typeNode.isTextual()) {
            problems.report(typePath, "expected text, found " + ExpectedValues.describeFound(typeNode, typePath, sensitive));
            return null;
        }
        String type = typeNode.textValue();
        Plugin<?> plugin = registry.find(type).orElse(null);
        if (plugin == null) {
            problems.report(typePath, sensitive.isReferenced(typePath)
                    ? "no " + kind + " plugin has the type " + sensitive.quote(typePath, type) + "; known types: "
                            + knownTypes(registry)
                    : registry.unknownTypeMessage(type));
        }
        return plugin;
    }

    private void validate(Plugin<?> plugin, Object settings, ConfigPath path, String kind, ProblemCollector problems) {
        List<SettingsProblem> found;
        try {
            found = validateCaptured(plugin, settings);
        } catch (RuntimeException e) {
            problems.reportUnlessCovered(path, sensitive.redact("the " + kind + " plugin '" + plugin.type()
                    + "' failed to validate its settings: " + e));
            return;
        }
        for (SettingsProblem problem : found == null ? List.<SettingsProblem>of() : found) {
            ConfigPath problemPath;
            String message = Durations.rewriteIsoDurations(sensitive.redact(problem.message()));
            try {
                problemPath = path.resolve(ConfigPath.parse(problem.path()));
            } catch (IllegalArgumentException e) {
                problemPath = path;
                message = problem.path() + ": " + message;
            }
            problems.reportUnlessCovered(problemPath, message);
        }
    }

    private static <S> List<SettingsProblem> validateCaptured(Plugin<S> plugin, Object settings) {
        return plugin.validate(plugin.settingsType().cast(settings));
    }

    private static String knownTypes(PluginRegistry<?> registry) {
        return registry.types().isEmpty() ? "none" : String.join(", ", registry.types());
    }
}
