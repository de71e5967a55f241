package io.accountmonitor.app.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The state that the problem handler and the deserializers of one binding attempt share, carried as
 * an attribute of Jackson's {@link DeserializationContext}. It is where they report problems, and it
 * turns the parser's position into a configuration path.
 */
final class BindingContext {
    private static final Object ATTRIBUTE = BindingContext.class;

    private final ProblemCollector problems;
    private final JsonNode root;
    private final ConfigPath base;
    private final List<String> hostKeys;
    private final SensitiveValues sensitive;
    private final Path baseDirectory;
    private final Deque<ConfigPath> objectPaths = new ArrayDeque<>();

    /**
     * @param problems receives the problems of this attempt
     * @param root the node being bound
     * @param base the path of {@code root} in the configuration
     * @param hostKeys keys of the section that the host reads itself, such as {@code type}; messages
     *     about unknown keys list them as known at the top of the section
     * @param sensitive values that messages must not repeat
     * @param baseDirectory the directory relative paths start at
     */
    BindingContext(ProblemCollector problems, JsonNode root, ConfigPath base, List<String> hostKeys,
            SensitiveValues sensitive, Path baseDirectory) {
        this.problems = problems;
        this.root = root;
        this.base = base;
        this.hostKeys = hostKeys;
        this.sensitive = sensitive;
        this.baseDirectory = baseDirectory;
    }

    ProblemCollector problems() {
        return problems;
    }

    ConfigPath base() {
        return base;
    }

    List<String> hostKeys() {
        return hostKeys;
    }

    SensitiveValues sensitive() {
        return sensitive;
    }

    Path baseDirectory() {
        return baseDirectory;
    }

    /**
     * Returns the context of the binding that {@code context} belongs to.
     *
     * @throws IllegalStateException if the reader was not prepared with {@link #attachTo}
     */
    static BindingContext of(DeserializationContext context) {
        Object value = context.getAttribute(ATTRIBUTE);
        if (value == null) {
            throw new IllegalStateException("configuration deserializers need a BindingContext attribute");
        }
        return (BindingContext) value;
    }

    ObjectReader attachTo(ObjectReader reader) {
        return reader.withAttribute(ATTRIBUTE, this);
    }

    /**
     * Returns the path of the value that {@code parser} is at: its current scalar, or the mapping or
     * list it has just started.
     */
    ConfigPath pathOf(JsonParser parser) {
        return base.resolve(relativePath(parser.getParsingContext().pathAsPointer()));
    }

    /**
     * Marks the start of deserializing a mapping into a record or bean; {@code parser} is at its
     * start. {@link #currentObjectPath()} returns its path until the matching {@link #exitObject()}.
     */
    void enterObject(JsonParser parser) {
        JsonStreamContext context = parser.getParsingContext();
        // Inside the mapping already, the context names its current key, so the mapping is one level up.
        ConfigPath path = parser.currentToken() == JsonToken.FIELD_NAME && context.getParent() != null
                ? base.resolve(relativePath(context.getParent().pathAsPointer()))
                : pathOf(parser);
        objectPaths.push(path);
    }

    void exitObject() {
        objectPaths.pop();
    }

    /**
     * Returns the path of the record or bean being deserialized. Jackson reports unknown keys of a
     * record from a buffer whose parsing context does not match the tree, so their paths must come
     * from here rather than from {@link #pathOf}.
     */
    ConfigPath currentObjectPath() {
        return objectPaths.isEmpty() ? base : objectPaths.peek();
    }

    /** Reports a problem at the value that {@code parser} is at. */
    void report(JsonParser parser, String message) {
        problems.report(pathOf(parser), message);
    }

    /** Returns {@code value} quoted for a message about {@code path}, as {@link SensitiveValues#quote} does. */
    String quote(ConfigPath path, String value) {
        return sensitive.quote(path, value);
    }

    /**
     * Converts a JSON pointer into {@link #root} to a path. A pointer segment such as {@code 0} is a
     * list index where the node is a list, and a key where it is a mapping.
     */
    private ConfigPath relativePath(JsonPointer pointer) {
        List<Object> segments = new ArrayList<>();
        JsonNode node = root;
        for (JsonPointer rest = pointer; !rest.matches(); rest = rest.tail()) {
            int index = rest.getMatchingIndex();
            if (index >= 0 && (node == null || node.isArray())) {
                segments.add(index);
                node = node == null ? null : node.get(index);
            } else {
                segments.add(rest.getMatchingProperty());
                node = node == null ? null : node.get(rest.getMatchingProperty());
            }
        }
        return new ConfigPath(segments);
    }
}
