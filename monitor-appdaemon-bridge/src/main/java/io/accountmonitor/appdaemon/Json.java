package io.accountmonitor.appdaemon;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;

/**
 * The JSON codec of the bridge. Money travels as {@link java.math.BigDecimal} end to end: it is
 * written as a plain decimal number with the broker's scale ({@code 10000.50}, never {@code 1E+4}
 * or a rounded double), and read back without passing through {@code double}.
 */
final class Json {
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .nodeFactory(NODES)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private Json() {
    }

    static ObjectNode object() {
        return NODES.objectNode();
    }

    /** Writes {@code node} as compact JSON text. */
    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            // Writing a tree of nodes to a string fails only through a bug in Jackson.
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Parses one JSON value.
     *
     * @throws JsonProcessingException if {@code text} is not JSON
     */
    static JsonNode read(String text) throws JsonProcessingException {
        return MAPPER.readTree(text);
    }
}
