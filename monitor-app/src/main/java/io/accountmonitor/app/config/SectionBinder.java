package io.accountmonitor.app.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Binds a node of the configuration tree to a record with Jackson and reports every problem with
 * its path.
 *
 * <p>Most failures reach the {@link CollectingProblemHandler} or a deserializer of the
 * {@link ConfigModule}, which report them and let binding go on. A few failures escape as
 * exceptions: a constructor that throws, or empty text where a number belongs. The binder then
 * reports the exception at the path it names, replaces the value there with null and binds again,
 * so one bad value never hides the problems after it. An exception at a path that already has a
 * problem below it is taken as a consequence of that problem and not reported again.
 */
final class SectionBinder {
    private final ObjectMapper mapper;
    private final SensitiveValues sensitive;
    private final Path baseDirectory;

    /**
     * @param mapper a mapper from {@link #createMapper()}
     * @param sensitive values that messages must not repeat; receives every bound secret
     * @param baseDirectory the directory relative paths start at
     */
    SectionBinder(ObjectMapper mapper, SensitiveValues sensitive, Path baseDirectory) {
        this.mapper = mapper;
        this.sensitive = sensitive;
        this.baseDirectory = baseDirectory;
    }

    /**
     * Binds {@code node}, found at {@code path}, to {@code type}.
     *
     * @param hostKeys keys of the section that the caller reads itself and removed from {@code node}
     * @return the value, which may hold nulls where values were invalid; {@code null} when the value
     *     itself could not be built or {@code node} is null. Check {@code problems} before using it.
     */
    <T> T bind(JsonNode node, ConfigPath path, Class<T> type, List<String> hostKeys, ProblemCollector problems) {
        JsonNode working = node.deepCopy();
        ProblemCollector escaped = problems.emptyCopy();
        while (true) {
            ProblemCollector attempt = problems.emptyCopy();
            attempt.addAll(escaped);
            int firstNew = attempt.size();
            BindingContext binding = new BindingContext(attempt, working, path, hostKeys, sensitive, baseDirectory);
            try {
                T value = binding.attachTo(mapper.readerFor(type)).readValue(working);
                problems.addAll(attempt);
                return value;
            } catch (JsonMappingException e) {
                ConfigPath relative = relativePath(e);
                ConfigPath failed = path.resolve(relative);
                JsonNode failedNode = nodeAt(working, relative);
                // Once the failed value is null, binding cannot find the problems inside it again.
                escaped.addWithin(attempt, firstNew, failed);
                if (!attempt.hasProblemsWithin(failed)) {
                    reportEscaped(e, failed, failedNode, escaped);
                }
                if (e instanceof ValueInstantiationException instantiation) {
                    reportUnknownKeys(failedNode, failed, instantiation.getType().getRawClass(),
                            relative.isRoot() ? hostKeys : List.of(), escaped);
                }
                if (relative.isRoot() || !replaceWithNull(working, relative)) {
                    problems.addAll(escaped);
                    return null;
                }
            } catch (IOException e) {
                // Reading a tree performs no I/O, so only mapping exceptions are expected.
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * Reports the unknown keys of a record whose constructor failed. Jackson checks the keys of a
     * record only after constructing it, so without this they would go unreported. Nested records
     * need no check here: they were constructed, and their keys checked, before this one.
     */
    private static void reportUnknownKeys(JsonNode node, ConfigPath path, Class<?> type, List<String> hostKeys,
            ProblemCollector target) {
        if (node == null || !node.isObject() || !type.isRecord()) {
            return;
        }
        List<String> known = new ArrayList<>(hostKeys);
        for (RecordComponent component : type.getRecordComponents()) {
            known.add(component.getName());
        }
        node.fieldNames().forEachRemaining(key -> {
            String message = KeySuggestions.unknownKeyMessage(key, known);
            if (!known.contains(key) && !target.contains(path.key(key), message)) {
                target.report(path.key(key), message);
            }
        });
    }

    /** Returns a mapper set up for binding configuration; it is thread-safe and worth reusing. */
    static ObjectMapper createMapper() {
        ObjectMapper mapper = JsonMapper.builder()
                .addModule(new ConfigModule())
                .addHandler(new CollectingProblemHandler())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                .build();
        // Empty text is not a number, a boolean or a list; without this Jackson reads it as null.
        mapper.coercionConfigDefaults().setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        return mapper;
    }

    private void reportEscaped(JsonMappingException e, ConfigPath path, JsonNode node, ProblemCollector target) {
        if (e instanceof ValueInstantiationException instantiation) {
            Throwable cause = instantiation.getCause() == null ? instantiation : instantiation.getCause();
            String missingKey = missingComponent(cause, instantiation.getType().getRawClass());
            if (missingKey != null) {
                target.report(path.key(missingKey), "missing; this key is required");
            } else {
                target.report(path, cause.getMessage() == null || cause.getMessage().isBlank()
                        ? "invalid value (" + cause.getClass().getSimpleName() + ")"
                        : sensitive.redact(cause.getMessage()));
            }
        } else if (e instanceof InvalidDefinitionException definition) {
            target.report(path, "cannot read settings of type " + definition.getType().getRawClass().getName()
                    + " from configuration: " + definition.getOriginalMessage()
                    + "; this is a defect of the plugin that declares it");
        } else if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            target.report(path, "expected " + ExpectedValues.describe(mismatch.getTargetType()) + ", found "
                    + ExpectedValues.describeFound(node, path, sensitive));
        } else {
            target.report(path, "invalid value: " + sensitive.redact(e.getOriginalMessage()));
        }
    }

    /**
     * Returns the record component that a {@code NullPointerException} names, as thrown by
     * {@code Objects.requireNonNull(value, "name")} in a compact constructor; otherwise {@code null}.
     */
    private static String missingComponent(Throwable cause, Class<?> type) {
        if (!(cause instanceof NullPointerException) || cause.getMessage() == null || !type.isRecord()) {
            return null;
        }
        for (RecordComponent component : type.getRecordComponents()) {
            if (component.getName().equals(cause.getMessage())) {
                return component.getName();
            }
        }
        return null;
    }

    private static ConfigPath relativePath(JsonMappingException e) {
        List<Object> segments = new ArrayList<>();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                segments.add(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                segments.add(reference.getIndex());
            }
        }
        return new ConfigPath(segments);
    }

    private static JsonNode nodeAt(JsonNode root, ConfigPath relative) {
        JsonNode node = root;
        for (Object segment : relative.segments()) {
            if (node == null) {
                return null;
            }
            node = segment instanceof Integer index ? node.get(index) : node.get((String) segment);
        }
        return node;
    }

    /** Replaces the value at {@code relative} with null; returns false when there is nothing to replace. */
    private static boolean replaceWithNull(JsonNode root, ConfigPath relative) {
        JsonNode parent = nodeAt(root, relative.parent());
        Object last = relative.segments().get(relative.segments().size() - 1);
        if (parent instanceof ObjectNode mapping && last instanceof String key
                && mapping.has(key) && !mapping.get(key).isNull()) {
            mapping.set(key, NullNode.getInstance());
            return true;
        }
        if (parent instanceof ArrayNode list && last instanceof Integer index
                && index < list.size() && !list.get(index).isNull()) {
            list.set(index, NullNode.getInstance());
            return true;
        }
        return false;
    }
}
