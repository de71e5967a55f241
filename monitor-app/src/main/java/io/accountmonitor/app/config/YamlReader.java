package io.accountmonitor.app.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads one YAML document into a Jackson tree and records the line of every mapping key and list
 * item, by path, so problems found later can name their line.
 *
 * <p>Every scalar becomes a {@link TextNode} with the text as written, and binding converts it to
 * the type of the setting. So YAML 1.1's implicit types cannot change a value: {@code no} stays the
 * text {@code no} for a text setting, and {@code 0123} keeps its leading zero. {@code ~}, {@code null}
 * and an empty value are null.
 *
 * <p>Duplicate keys, unknown aliases and a second document are reported and reading goes on; invalid
 * YAML stops reading. Aliases ({@code *name}) are replaced by a copy of their anchor's node, and the
 * merge key {@code <<} copies the keys of a mapping, or of a list of mappings, that the mapping does
 * not set itself.
 */
final class YamlReader {
    /** Maximum number of nodes a document may expand to through aliases, which stops "billion laughs" documents. */
    static final int MAX_NODES = 100_000;

    // An empty value (key: and nothing after it) is null, as in YAML's core schema. Quoted '' stays empty text.
    private static final YAMLFactory FACTORY = YAMLFactory.builder()
            .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
            .build();
    private static final String MERGE_KEY = "<<";

    private record LineEntry(ConfigPath path, int line) {
    }

    /** A node with an anchor, and the range of {@link #lineLog} recorded while reading it. */
    private record Anchor(JsonNode node, ConfigPath path, int logStart, int logEnd) {
    }

    private record Merge(JsonNode value, ConfigPath path, int line, int logStart, int logEnd) {
    }

    private static final class TooManyNodesException extends RuntimeException {
        TooManyNodesException() {
            super(null, null, false, false);
        }
    }

    private final Map<ConfigPath, Integer> lines;
    private final ProblemCollector problems;
    private final List<LineEntry> lineLog = new ArrayList<>();
    private final Map<String, Anchor> anchors = new HashMap<>();
    private YAMLParser parser;
    private int nodeCount;
    private int suspendedRecording;

    /**
     * @param lines receives the line of every key and list item
     * @param problems receives every problem of the YAML itself
     */
    YamlReader(Map<ConfigPath, Integer> lines, ProblemCollector problems) {
        this.lines = lines;
        this.problems = problems;
    }

    /**
     * Returns the root mapping of {@code yaml}, or {@code null} after reporting why there is none: the
     * text is empty, is not valid YAML, or its top level is not a mapping.
     */
    ObjectNode read(String yaml) {
        try (YAMLParser yamlParser = (YAMLParser) FACTORY.createParser(yaml)) {
            parser = yamlParser;
            JsonToken first = parser.nextToken();
            if (first == null) {
                problems.report(ConfigPath.ROOT, 0, "the file is empty; configure at least one monitor");
                return null;
            }
            int rootLine = currentLine();
            JsonNode root = readValue(first, ConfigPath.ROOT);
            if (parser.nextToken() != null) {
                problems.report(ConfigPath.ROOT, currentLine(),
                        "a second YAML document starts here; keep one document per file");
            }
            if (root.isNull()) {
                problems.report(ConfigPath.ROOT, 0, "the file is empty; configure at least one monitor");
                return null;
            }
            if (!root.isObject()) {
                problems.report(ConfigPath.ROOT, rootLine, "the top level must be a mapping of keys such as"
                        + " monitors: and sinks:, found " + (root.isArray() ? "a list" : "text"));
                return null;
            }
            return (ObjectNode) root;
        } catch (TooManyNodesException e) {
            problems.report(ConfigPath.ROOT, 0, "the document expands to more than " + MAX_NODES
                    + " values through aliases; use fewer aliases");
            return null;
        } catch (JsonProcessingException e) {
            reportSyntaxError(e);
            return null;
        } catch (IOException e) {
            // Reading from a String performs no I/O.
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode readValue(JsonToken token, ConfigPath path) throws IOException {
        int line = currentLine();
        Object anchorName = token == JsonToken.VALUE_STRING && parser.isCurrentAlias() ? null : parser.getObjectId();
        int logStart = lineLog.size();
        JsonNode node = switch (token) {
            case START_OBJECT -> readMapping(path);
            case START_ARRAY -> readSequence(path);
            case VALUE_NULL -> NullNode.getInstance();
            case VALUE_STRING -> parser.isCurrentAlias()
                    ? copyAnchor(parser.getText(), path, line)
                    : TextNode.valueOf(parser.getText());
            // Numbers and booleans keep their text, and binding converts it to the setting's type.
            default -> TextNode.valueOf(parser.getText());
        };
        countNodes(1);
        if (anchorName != null) {
            anchors.put(anchorName.toString(), new Anchor(node, path, logStart, lineLog.size()));
        }
        return node;
    }

    private ObjectNode readMapping(ConfigPath path) throws IOException {
        ObjectNode mapping = JsonNodeFactory.instance.objectNode();
        List<Merge> merges = new ArrayList<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            int keyLine = currentLine();
            ConfigPath keyPath = path.key(key);
            JsonToken valueToken = parser.nextToken();
            if (key.equals(MERGE_KEY)) {
                int logStart = lineLog.size();
                JsonNode value = readValue(valueToken, keyPath);
                merges.add(new Merge(value, keyPath, keyLine, logStart, lineLog.size()));
            } else if (mapping.has(key)) {
                suspendedRecording++;
                readValue(valueToken, keyPath);
                suspendedRecording--;
                problems.report(keyPath, keyLine, "duplicate key; it is already set on line " + lines.get(keyPath)
                        + ", and a mapping may set each key only once");
            } else {
                recordLine(keyPath, keyLine);
                mapping.set(key, readValue(valueToken, keyPath));
            }
        }
        for (Merge merge : merges) {
            applyMerge(mapping, path, merge);
        }
        return mapping;
    }

    private ArrayNode readSequence(ConfigPath path) throws IOException {
        ArrayNode sequence = JsonNodeFactory.instance.arrayNode();
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            ConfigPath itemPath = path.index(sequence.size());
            recordLine(itemPath, currentLine());
            sequence.add(readValue(token, itemPath));
        }
        return sequence;
    }

    /** Returns a copy of the node anchored as {@code name}, and records its lines under {@code path}. */
    private JsonNode copyAnchor(String name, ConfigPath path, int line) {
        Anchor anchor = anchors.get(name);
        if (anchor == null) {
            problems.report(path, line, "unknown alias *" + name + "; define the anchor &" + name
                    + " before this line");
            return NullNode.getInstance();
        }
        JsonNode copy = anchor.node.deepCopy();
        countNodes(countNodes(copy));
        rebaseLines(anchor.logStart, anchor.logEnd, anchor.path, path);
        return copy;
    }

    /** Copies into {@code mapping} the keys of the merged mappings that it does not set itself. */
    private void applyMerge(ObjectNode mapping, ConfigPath path, Merge merge) {
        List<JsonNode> sources = new ArrayList<>();
        List<ConfigPath> sourcePaths = new ArrayList<>();
        if (merge.value.isArray()) {
            for (int i = 0; i < merge.value.size(); i++) {
                sources.add(merge.value.get(i));
                sourcePaths.add(merge.path.index(i));
            }
        } else {
            sources.add(merge.value);
            sourcePaths.add(merge.path);
        }
        for (int i = 0; i < sources.size(); i++) {
            JsonNode source = sources.get(i);
            if (!source.isObject()) {
                problems.report(merge.path, merge.line, "the merge key << takes a mapping or a list of"
                        + " mappings, such as <<: *defaults");
                continue;
            }
            for (var field : source.properties()) {
                if (!mapping.has(field.getKey())) {
                    mapping.set(field.getKey(), field.getValue());
                    rebaseLines(merge.logStart, merge.logEnd, sourcePaths.get(i).key(field.getKey()),
                            path.key(field.getKey()));
                }
            }
        }
    }

    /** Records, under {@code to}, the lines logged in {@code [start, end)} at or below {@code from}. */
    private void rebaseLines(int start, int end, ConfigPath from, ConfigPath to) {
        List<LineEntry> entries = new ArrayList<>(lineLog.subList(start, end));
        for (LineEntry entry : entries) {
            if (entry.path.startsWith(from)) {
                List<Object> suffix = entry.path.segments().subList(from.segments().size(), entry.path.segments().size());
                ConfigPath target = to.resolve(new ConfigPath(suffix));
                if (!target.equals(to)) {
                    recordLine(target, entry.line);
                } else if (!lines.containsKey(to)) {
                    recordLine(to, entry.line);
                }
            }
        }
    }

    private void recordLine(ConfigPath path, int line) {
        if (suspendedRecording == 0) {
            lines.put(path, line);
            lineLog.add(new LineEntry(path, line));
        }
    }

    private void countNodes(int count) {
        nodeCount += count;
        if (nodeCount > MAX_NODES) {
            throw new TooManyNodesException();
        }
    }

    private static int countNodes(JsonNode node) {
        int count = 1;
        for (JsonNode child : node) {
            count += countNodes(child);
        }
        return count;
    }

    private int currentLine() {
        return parser.currentTokenLocation().getLineNr();
    }

    private void reportSyntaxError(JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
            StringBuilder message = new StringBuilder("invalid YAML at column ")
                    .append(marked.getProblemMark().getColumn() + 1).append(": ").append(marked.getProblem());
            if (marked.getContext() != null && marked.getContextMark() != null) {
                message.append(" (").append(marked.getContext()).append(" that starts on line ")
                        .append(marked.getContextMark().getLine() + 1).append(')');
            }
            message.append("; check the indentation and quoting on this line and the lines before it");
            problems.report(ConfigPath.ROOT, marked.getProblemMark().getLine() + 1, message.toString());
        } else {
            int line = e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getLineNr());
            problems.report(ConfigPath.ROOT, line, "invalid YAML: " + e.getOriginalMessage());
        }
    }
}
