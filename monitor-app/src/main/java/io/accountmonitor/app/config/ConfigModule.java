package io.accountmonitor.app.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBase;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.Deserializers;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.jsontype.TypeDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.accountmonitor.core.model.AccountId;
import io.accountmonitor.core.spi.Secret;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Deserializers for the value types of configuration. Each reads text and, when the text is
 * invalid, reports a problem through the {@link BindingContext} and returns {@code null} instead of
 * throwing, so binding goes on and finds every problem. A mapping or list where text belongs goes to
 * the problem handler.
 *
 * <ul>
 *   <li>{@link Duration}: see {@link Durations}.
 *   <li>{@link Secret}: any text; the value is kept from every message.
 *   <li>{@link AccountId}: text or a number.
 *   <li>{@link Path}: relative paths start at the configuration file's directory.
 *   <li>Every enum: the constant's name in any case, with {@code -} or {@code _} between words, so
 *       {@code event-driven} is {@code EVENT_DRIVEN}.
 * </ul>
 */
final class ConfigModule extends SimpleModule {
    ConfigModule() {
        super("account-monitor-config");
        addDeserializer(Duration.class, new DurationDeserializer());
        addDeserializer(Secret.class, new SecretDeserializer());
        addDeserializer(AccountId.class, new AccountIdDeserializer());
        addDeserializer(Path.class, new PathDeserializer());
        setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription description,
                    JsonDeserializer<?> deserializer) {
                return deserializer instanceof BeanDeserializerBase ? new PathTrackingDeserializer(deserializer)
                        : deserializer;
            }
        });
    }

    @Override
    public void setupModule(SetupContext context) {
        super.setupModule(context);
        context.addDeserializers(new Deserializers.Base() {
            @Override
            public JsonDeserializer<?> findEnumDeserializer(Class<?> type, DeserializationConfig config,
                    BeanDescription description) {
                return new EnumDeserializer(type);
            }
        });
    }

    /** Wraps a record or bean deserializer to keep {@link BindingContext#currentObjectPath()} up to date. */
    private static final class PathTrackingDeserializer extends DelegatingDeserializer {
        PathTrackingDeserializer(JsonDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> newDelegatee) {
            return new PathTrackingDeserializer(newDelegatee);
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            BindingContext binding = BindingContext.of(context);
            binding.enterObject(parser);
            try {
                return super.deserialize(parser, context);
            } finally {
                binding.exitObject();
            }
        }

        @Override
        @SuppressWarnings("unchecked")
        public Object deserialize(JsonParser parser, DeserializationContext context, Object intoValue)
                throws IOException {
            BindingContext binding = BindingContext.of(context);
            binding.enterObject(parser);
            try {
                return ((JsonDeserializer<Object>) _delegatee).deserialize(parser, context, intoValue);
            } finally {
                binding.exitObject();
            }
        }

        @Override
        public Object deserializeWithType(JsonParser parser, DeserializationContext context,
                TypeDeserializer typeDeserializer) throws IOException {
            BindingContext binding = BindingContext.of(context);
            binding.enterObject(parser);
            try {
                return super.deserializeWithType(parser, context, typeDeserializer);
            } finally {
                binding.exitObject();
            }
        }
    }

    /** A deserializer of one scalar type that reads text and hands anything else to the problem handler. */
    private abstract static class TextDeserializer<T> extends StdScalarDeserializer<T> {
        TextDeserializer(Class<?> type) {
            super(type);
        }

        @Override
        public T deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.currentToken() != JsonToken.VALUE_STRING) {
                @SuppressWarnings("unchecked")
                T placeholder = (T) context.handleUnexpectedToken(handledType(), parser);
                return placeholder;
            }
            BindingContext binding = BindingContext.of(context);
            return fromText(parser.getText(), binding.pathOf(parser), binding);
        }

        /** Returns the value of {@code text}, or {@code null} after reporting why it is invalid. */
        abstract T fromText(String text, ConfigPath path, BindingContext binding);
    }

    private static final class DurationDeserializer extends TextDeserializer<Duration> {
        DurationDeserializer() {
            super(Duration.class);
        }

        @Override
        Duration fromText(String text, ConfigPath path, BindingContext binding) {
            try {
                return Durations.parse(text);
            } catch (IllegalArgumentException e) {
                binding.problems().report(path, "invalid duration " + binding.quote(path, text) + "; " + e.getMessage());
                return null;
            }
        }
    }

    private static final class SecretDeserializer extends TextDeserializer<Secret> {
        SecretDeserializer() {
            super(Secret.class);
        }

        @Override
        Secret fromText(String text, ConfigPath path, BindingContext binding) {
            binding.sensitive().addValue(text);
            return Secret.of(text);
        }
    }

    private static final class AccountIdDeserializer extends TextDeserializer<AccountId> {
        AccountIdDeserializer() {
            super(AccountId.class);
        }

        @Override
        AccountId fromText(String text, ConfigPath path, BindingContext binding) {
            try {
                return AccountId.of(text);
            } catch (IllegalArgumentException e) {
                binding.problems().report(path, binding.sensitive().isReferenced(path)
                        ? "invalid account id " + binding.quote(path, text)
                        : e.getMessage());
                return null;
            }
        }
    }

    private static final class PathDeserializer extends TextDeserializer<Path> {
        PathDeserializer() {
            super(Path.class);
        }

        @Override
        Path fromText(String text, ConfigPath path, BindingContext binding) {
            if (text.isBlank()) {
                binding.problems().report(path, "expected a path, found empty text");
                return null;
            }
            try {
                return binding.baseDirectory().resolve(text).normalize();
            } catch (InvalidPathException e) {
                binding.problems().report(path, "invalid path " + binding.quote(path, text) + "; " + e.getReason());
                return null;
            }
        }
    }

    private static final class EnumDeserializer extends TextDeserializer<Object> {
        private final Map<String, Object> constantsByName = new HashMap<>();

        EnumDeserializer(Class<?> type) {
            super(type);
            for (Object constant : type.getEnumConstants()) {
                constantsByName.put(((Enum<?>) constant).name(), constant);
            }
        }

        @Override
        Object fromText(String text, ConfigPath path, BindingContext binding) {
            Object constant = constantsByName.get(text.strip().replace('-', '_').toUpperCase(Locale.ROOT));
            if (constant == null) {
                binding.problems().report(path, "invalid value " + binding.quote(path, text) + "; use one of: "
                        + ExpectedValues.enumNames(handledType()));
            }
            return constant;
        }
    }
}
