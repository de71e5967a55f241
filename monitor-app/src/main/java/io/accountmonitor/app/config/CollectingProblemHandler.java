package io.accountmonitor.app.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.deser.ValueInstantiator;
import com.fasterxml.jackson.databind.util.ClassUtil;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Turns Jackson's binding failures into problems of the {@link BindingContext}, then skips the
 * offending value and returns a placeholder ({@code null}, or zero or {@code false} for a primitive),
 * so binding goes on and finds every problem in one pass. Handles unknown keys, mappings or lists
 * where a scalar belongs and the reverse, and text that is not a valid value of its type.
 */
final class CollectingProblemHandler extends DeserializationProblemHandler {
    @Override
    public boolean handleUnknownProperty(DeserializationContext context, JsonParser parser,
            JsonDeserializer<?> deserializer, Object beanOrClass, String propertyName) throws IOException {
        BindingContext binding = BindingContext.of(context);
        ConfigPath path = binding.currentObjectPath().key(propertyName);
        List<String> known = new ArrayList<>();
        if (path.parent().equals(binding.base())) {
            known.addAll(binding.hostKeys());
        }
        known.addAll(knownKeys(deserializer));
        binding.problems().report(path, KeySuggestions.unknownKeyMessage(propertyName, known));
        parser.skipChildren();
        return true;
    }

    @Override
    public Object handleUnexpectedToken(DeserializationContext context, JavaType targetType, JsonToken token,
            JsonParser parser, String failureMessage) throws IOException {
        BindingContext binding = BindingContext.of(context);
        ConfigPath path = binding.pathOf(parser);
        binding.problems().report(path, "expected " + ExpectedValues.describe(targetType) + ", found "
                + describeToken(token, parser, path, binding));
        parser.skipChildren();
        return placeholder(targetType.getRawClass());
    }

    @Override
    public Object handleMissingInstantiator(DeserializationContext context, Class<?> instanceClass,
            ValueInstantiator instantiator, JsonParser parser, String message) throws IOException {
        BindingContext binding = BindingContext.of(context);
        ConfigPath path = binding.pathOf(parser);
        binding.problems().report(path, "expected " + ExpectedValues.describe(instanceClass) + ", found "
                + describeToken(parser.currentToken(), parser, path, binding));
        parser.skipChildren();
        return placeholder(instanceClass);
    }

    @Override
    public Object handleWeirdStringValue(DeserializationContext context, Class<?> targetType, String value,
            String failureMessage) {
        BindingContext binding = BindingContext.of(context);
        ConfigPath path = binding.pathOf(context.getParser());
        binding.problems().report(path, "expected " + ExpectedValues.describeRange(targetType, value) + ", found "
                + (value.isEmpty() ? "empty text" : binding.quote(path, value)));
        return placeholder(targetType);
    }

    @Override
    public Object handleWeirdNumberValue(DeserializationContext context, Class<?> targetType, Number value,
            String failureMessage) {
        return handleWeirdStringValue(context, targetType, String.valueOf(value), failureMessage);
    }

    private static String describeToken(JsonToken token, JsonParser parser, ConfigPath path, BindingContext binding)
            throws IOException {
        if (token == null) {
            return "nothing";
        }
        return switch (token) {
            case START_OBJECT, FIELD_NAME -> "a mapping";
            case START_ARRAY -> "a list";
            case VALUE_NULL -> "nothing";
            default -> parser.getText().isEmpty() ? "empty text" : binding.quote(path, parser.getText());
        };
    }

    /** Returns the keys a record or bean deserializer accepts, in the order of the record's components. */
    private static List<String> knownKeys(JsonDeserializer<?> deserializer) {
        Class<?> type = deserializer.handledType();
        List<String> known = new ArrayList<>();
        if (type != null && type.isRecord()) {
            for (RecordComponent component : type.getRecordComponents()) {
                known.add(component.getName());
            }
            return known;
        }
        Collection<Object> names = deserializer.getKnownPropertyNames();
        if (names != null) {
            names.forEach(name -> known.add(name.toString()));
        }
        return known;
    }

    private static Object placeholder(Class<?> type) {
        return type.isPrimitive() ? ClassUtil.defaultValue(type) : null;
    }
}
