package io.accountmonitor.app.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.accountmonitor.core.check.Schedule;
import io.accountmonitor.core.model.AccountId;
import io.accountmonitor.core.spi.Secret;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.TemporalAccessor;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Renders an {@link AppConfig} as the YAML of the effective configuration, for
 * {@code check-config} and the start-up log: every setting with its default applied, durations as
 * {@code 30s} or {@code 5m}, plugin settings by their record components, and every {@link Secret}
 * as {@value Secret#MASK}.
 *
 * <p>When plugin settings use only the types the loader binds, the output is a configuration file
 * that loads into an equal configuration, except that secrets become the mask. A value of a type
 * the printer does not know (not a record, a collection or a plain value such as text, a number, a
 * path or a URI) prints as a placeholder naming its type. It never goes through
 * {@code toString()}, which could contain a secret.
 */
public final class ConfigPrinter {
    private static final int MAX_DEPTH = 32;
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ConfigPrinter() {
    }

    /** Returns the effective configuration as YAML, with every secret masked. */
    public static String print(AppConfig config) {
        ObjectNode root = NODES.objectNode();
        root.put("dataDirectory", config.dataDirectory().toString());
        root.putObject("logging").put("level", config.logging().level());
        ObjectNode scheduler = root.putObject("scheduler");
        scheduler.put("workerThreads", config.scheduler().workerThreads());
        scheduler.put("threadBudget", config.scheduler().threadBudget());
        scheduler.put("closeTimeout", Durations.format(config.scheduler().closeTimeout()));
        root.putObject("status").put("listen", config.status().listen());

        ArrayNode monitors = root.putArray("monitors");
        for (MonitorConfig monitor : config.monitors()) {
            ObjectNode node = monitors.addObject();
            node.put("name", monitor.name());
            node.set("broker", pluginSection(monitor.broker(), null));
            node.set("schedule", schedule(monitor.schedule()));
        }
        ArrayNode sinks = root.putArray("sinks");
        for (SinkConfig sink : config.sinks()) {
            sinks.add(pluginSection(sink.plugin(), sink.name()));
        }
        try {
            return YAML.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            // A tree of plain nodes always serializes.
            throw new IllegalStateException("printing the configuration failed", e);
        }
    }

    private static ObjectNode pluginSection(PluginSection section, String name) {
        ObjectNode node = NODES.objectNode();
        node.put(PluginSectionReader.TYPE_KEY, section.type());
        if (name != null) {
            node.put("name", name);
        }
        JsonNode settings = toNode(section.settings(), 0);
        if (settings.isObject()) {
            node.setAll((ObjectNode) settings);
        } else {
            node.set("settings", settings);
        }
        return node;
    }

    private static ObjectNode schedule(Schedule schedule) {
        ObjectNode node = NODES.objectNode();
        node.put("mode", ExpectedValues.configName(schedule.mode()));
        node.put("fallbackInterval", Durations.format(schedule.fallbackInterval()));
        node.put("periodicInterval", Durations.format(schedule.periodicInterval()));
        node.put("debounce", Durations.format(schedule.debounce()));
        node.put("minSpacing", Durations.format(schedule.minSpacing()));
        node.put("checkTimeout", Durations.format(schedule.checkTimeout()));
        ObjectNode backoff = node.putObject("backoff");
        backoff.put("initial", Durations.format(schedule.backoffInitial()));
        backoff.put("max", Durations.format(schedule.backoffMax()));
        return node;
    }

    /** Converts a settings value to a tree: records by component, secrets masked. */
    private static JsonNode toNode(Object value, int depth) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (depth > MAX_DEPTH) {
            return NODES.textNode("(nested too deeply to print)");
        }
        JsonNode scalar = scalarNode(value);
        if (scalar != null) {
            return scalar;
        }
        if (value instanceof Optional<?> optional) {
            return toNode(optional.orElse(null), depth + 1);
        }
        if (value instanceof Collection<?> collection) {
            ArrayNode list = NODES.arrayNode();
            collection.forEach(item -> list.add(toNode(item, depth + 1)));
            return list;
        }
        if (value.getClass().isArray()) {
            ArrayNode list = NODES.arrayNode();
            for (int i = 0; i < Array.getLength(value); i++) {
                list.add(toNode(Array.get(value, i), depth + 1));
            }
            return list;
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode mapping = NODES.objectNode();
            map.forEach((key, item) -> mapping.set(String.valueOf(key), toNode(item, depth + 1)));
            return mapping;
        }
        if (value instanceof Record) {
            return recordNode(value, depth);
        }
        return NODES.textNode("(a " + value.getClass().getSimpleName() + ", not printed)");
    }

    /** Returns the node of a plain value, with secrets masked, or {@code null} when the value is not plain. */
    private static JsonNode scalarNode(Object value) {
        if (value instanceof Secret) {
            return NODES.textNode(Secret.MASK);
        }
        if (value instanceof Duration duration) {
            return NODES.textNode(Durations.format(duration));
        }
        if (value instanceof Enum<?> constant) {
            return NODES.textNode(ExpectedValues.configName(constant));
        }
        if (value instanceof Boolean bool) {
            return NODES.booleanNode(bool);
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return NODES.numberNode(((Number) value).longValue());
        }
        if (value instanceof BigInteger number) {
            return NODES.numberNode(number);
        }
        if (value instanceof BigDecimal number) {
            return NODES.numberNode(number);
        }
        if (value instanceof Double || value instanceof Float) {
            double number = ((Number) value).doubleValue();
            return Double.isFinite(number) ? NODES.numberNode(number) : NODES.textNode(value.toString());
        }
        boolean printable = value instanceof CharSequence || value instanceof Character || value instanceof AccountId
                || value instanceof Path || value instanceof URI || value instanceof URL || value instanceof UUID
                || value instanceof TemporalAccessor;
        return printable ? NODES.textNode(value.toString()) : null;
    }

    private static ObjectNode recordNode(Object value, int depth) {
        ObjectNode mapping = NODES.objectNode();
        for (RecordComponent component : value.getClass().getRecordComponents()) {
            Object componentValue;
            try {
                component.getAccessor().setAccessible(true);
                componentValue = component.getAccessor().invoke(value);
            } catch (IllegalAccessException | InvocationTargetException | RuntimeException e) {
                mapping.put(component.getName(), "(not readable: " + e.getClass().getSimpleName() + ")");
                continue;
            }
            mapping.set(component.getName(), toNode(componentValue, depth + 1));
        }
        return mapping;
    }
}
