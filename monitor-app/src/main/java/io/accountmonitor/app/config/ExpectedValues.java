package io.accountmonitor.app.config;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.util.ClassUtil;
import io.accountmonitor.core.model.AccountId;
import io.accountmonitor.core.spi.Secret;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Words for messages that name what a setting takes ("a whole number") and what was found ("a list"). */
final class ExpectedValues {
    private static final Set<Class<?>> WHOLE_NUMBERS = Set.of(Byte.class, Short.class, Integer.class, Long.class,
            BigInteger.class);
    private static final Set<Class<?>> NUMBERS = Set.of(Float.class, Double.class, BigDecimal.class, Number.class);
    private static final Map<Class<?>, String> PLAIN_TYPES = Map.of(
            Boolean.class, "true or false",
            Character.class, "a single character",
            Secret.class, "text",
            Duration.class, "a duration such as 30s",
            Path.class, "a path",
            URI.class, "a URI",
            URL.class, "a URI",
            AccountId.class, "an account id");

    private ExpectedValues() {
    }

    /** Returns what a value of {@code type} looks like, such as {@code a whole number} or {@code a list}. */
    static String describe(JavaType type) {
        if (type.isCollectionLikeType() || type.isArrayType()) {
            return "a list";
        }
        if (type.isMapLikeType()) {
            return "a mapping";
        }
        return describe(type.getRawClass());
    }

    static String describe(Class<?> type) {
        Class<?> boxed = type.isPrimitive() ? ClassUtil.wrapperType(type) : type;
        String plain = PLAIN_TYPES.get(boxed);
        if (plain != null) {
            return plain;
        }
        if (WHOLE_NUMBERS.contains(boxed)) {
            return "a whole number";
        }
        if (NUMBERS.contains(boxed)) {
            return "a number";
        }
        if (CharSequence.class.isAssignableFrom(boxed)) {
            return "text";
        }
        if (boxed.isEnum()) {
            return "one of: " + enumNames(boxed);
        }
        if (JsonNode.class.isAssignableFrom(boxed)) {
            return "a value";
        }
        if (Collection.class.isAssignableFrom(boxed) || boxed.isArray()) {
            return "a list";
        }
        // Maps, records and other classes bound from keys.
        return "a mapping";
    }

    /**
     * Returns what a whole-number setting of {@code type} takes when {@code text} is a whole number
     * out of its range, such as {@code a whole number from -128 to 127}. Otherwise returns
     * {@link #describe(Class)}.
     */
    static String describeRange(Class<?> type, String text) {
        Class<?> boxed = type.isPrimitive() ? ClassUtil.wrapperType(type) : type;
        if (!text.strip().matches("[-+]?\\d+")) {
            return describe(type);
        }
        if (boxed == Integer.class) {
            return "a whole number from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
        }
        if (boxed == Long.class) {
            return "a whole number from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE;
        }
        if (boxed == Short.class) {
            return "a whole number from " + Short.MIN_VALUE + " to " + Short.MAX_VALUE;
        }
        if (boxed == Byte.class) {
            return "a whole number from " + Byte.MIN_VALUE + " to " + Byte.MAX_VALUE;
        }
        return describe(type);
    }

    /** Returns what {@code node} is, quoting text through {@code sensitive} so references stay hidden. */
    static String describeFound(JsonNode node, ConfigPath path, SensitiveValues sensitive) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return "nothing";
        }
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isArray()) {
            return "a list";
        }
        String text = node.asText();
        return text.isEmpty() ? "empty text" : sensitive.quote(path, text);
    }

    /** Returns the names configuration uses for the constants of an enum, such as {@code event-driven}. */
    static String enumNames(Class<?> enumType) {
        return Arrays.stream(enumType.getEnumConstants())
                .map(constant -> configName((Enum<?>) constant))
                .collect(Collectors.joining(", "));
    }

    /** Returns the name configuration uses for {@code constant}: lower case, words joined by {@code -}. */
    static String configName(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
