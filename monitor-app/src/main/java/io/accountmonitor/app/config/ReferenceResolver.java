package io.accountmonitor.app.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Replaces references in the text values of a configuration tree:
 *
 * <ul>
 *   <li>{@code ${NAME}} is the value of environment variable {@code NAME}.
 *   <li>{@code ${file:PATH}} is the content of a UTF-8 file without one trailing line break; a
 *       relative {@code PATH} starts at the configuration file's directory.
 *   <li>{@code $${} is a literal {@code ${}.
 * </ul>
 *
 * <p>References may sit inside longer text ({@code ws://${HOST}:5050/stream}); a resolved value is
 * not searched for further references. Mapping keys are not resolved. A reference that cannot be
 * resolved is reported at its key, with the reference text and never a value, and its value becomes
 * null so later checks do not report it again.
 */
final class ReferenceResolver {
    /** Largest file a {@code ${file:...}} reference reads; such a file holds one secret or value. */
    static final long MAX_FILE_BYTES = 1024 * 1024;

    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final String FILE_PREFIX = "file:";

    private final Function<String, String> environment;
    private final Path baseDirectory;
    private final SensitiveValues sensitive;

    /**
     * @param environment returns the value of an environment variable, or {@code null} when it is not
     *     set
     * @param baseDirectory the directory relative file paths start at
     * @param sensitive receives every resolved value, and the original text of every value that
     *     contained a reference
     */
    ReferenceResolver(Function<String, String> environment, Path baseDirectory, SensitiveValues sensitive) {
        this.environment = environment;
        this.baseDirectory = baseDirectory;
        this.sensitive = sensitive;
    }

    /** Resolves every reference in {@code root}, replacing text nodes in place. */
    void resolveAll(ObjectNode root, ProblemCollector problems) {
        resolveNode(root, ConfigPath.ROOT, problems);
    }

    private JsonNode resolveNode(JsonNode node, ConfigPath path, ProblemCollector problems) {
        if (node instanceof ObjectNode mapping) {
            List<String> keys = new ArrayList<>();
            mapping.fieldNames().forEachRemaining(keys::add);
            for (String key : keys) {
                JsonNode value = mapping.get(key);
                JsonNode replacement = resolveNode(value, path.key(key), problems);
                if (replacement != value) {
                    mapping.set(key, replacement);
                }
            }
        } else if (node instanceof ArrayNode list) {
            for (int i = 0; i < list.size(); i++) {
                JsonNode value = list.get(i);
                JsonNode replacement = resolveNode(value, path.index(i), problems);
                if (replacement != value) {
                    list.set(i, replacement);
                }
            }
        } else if (node.isTextual() && node.textValue().indexOf('$') >= 0) {
            return resolveText(node.textValue(), path, problems);
        }
        return node;
    }

    private JsonNode resolveText(String text, ConfigPath path, ProblemCollector problems) {
        StringBuilder result = new StringBuilder();
        boolean hasReference = false;
        boolean failed = false;
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("$${", i)) {
                result.append("${");
                i += 3;
            } else if (text.startsWith("${", i)) {
                int end = text.indexOf('}', i + 2);
                if (end < 0) {
                    problems.report(path, "unterminated reference '" + text.substring(i)
                            + "'; close it with }, or write $${ for a literal ${");
                    return NullNode.getInstance();
                }
                String reference = text.substring(i, end + 1);
                String value = lookUp(reference, text.substring(i + 2, end), path, problems);
                if (value == null) {
                    failed = true;
                } else {
                    result.append(value);
                    sensitive.addValue(value);
                }
                hasReference = true;
                i = end + 1;
            } else {
                result.append(text.charAt(i));
                i++;
            }
        }
        if (failed) {
            return NullNode.getInstance();
        }
        if (hasReference) {
            sensitive.addOriginal(path, text);
        }
        return TextNode.valueOf(result.toString());
    }

    /** Returns the value of one reference, or {@code null} after reporting why there is none. */
    private String lookUp(String reference, String expression, ConfigPath path, ProblemCollector problems) {
        if (expression.startsWith(FILE_PREFIX) && expression.length() > FILE_PREFIX.length()) {
            return readFile(reference, expression.substring(FILE_PREFIX.length()), path, problems);
        }
        if (!VARIABLE_NAME.matcher(expression).matches()) {
            problems.report(path, "invalid reference '" + reference + "'; use ${NAME} for an environment variable"
                    + " of letters, digits and _, ${file:PATH} for a file, or $${ for a literal ${");
            return null;
        }
        String value = environment.apply(expression);
        if (value == null) {
            problems.report(path, "environment variable " + expression
                    + " is not set; set it in the environment of the daemon");
        }
        return value;
    }

    private String readFile(String reference, String pathText, ConfigPath path, ProblemCollector problems) {
        Path file;
        try {
            file = baseDirectory.resolve(pathText).normalize();
        } catch (InvalidPathException e) {
            problems.report(path, "cannot read " + reference + ": invalid path; " + e.getReason());
            return null;
        }
        String failure = null;
        try {
            if (Files.isDirectory(file)) {
                failure = file + " is a directory";
            } else if (Files.exists(file) && !Files.isRegularFile(file)) {
                failure = file + " is not a regular file";
            } else if (Files.size(file) > MAX_FILE_BYTES) {
                failure = file + " is larger than 1 MiB; a referenced file holds one value";
            } else {
                return stripLineBreak(StandardCharsets.UTF_8.newDecoder()
                        .decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString());
            }
        } catch (NoSuchFileException e) {
            failure = "file " + file + " does not exist";
        } catch (AccessDeniedException e) {
            failure = "permission denied for " + file;
        } catch (CharacterCodingException e) {
            failure = file + " is not UTF-8 text";
        } catch (IOException e) {
            failure = "reading " + file + " failed: " + e;
        }
        problems.report(path, "cannot read " + reference + ": " + failure);
        return null;
    }

    private static String stripLineBreak(String content) {
        if (content.endsWith("\r\n")) {
            return content.substring(0, content.length() - 2);
        }
        if (content.endsWith("\n")) {
            return content.substring(0, content.length() - 1);
        }
        return content;
    }
}
