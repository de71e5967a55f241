package io.accountmonitor.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReferenceResolverTest {
    @TempDir
    Path directory;

    private final Map<ConfigPath, Integer> lines = new HashMap<>();
    private final ProblemCollector problems = new ProblemCollector(lines);
    private final SensitiveValues sensitive = new SensitiveValues();
    private final Map<String, String> environment = new HashMap<>(Map.of("HOST", "broker.example",
            "TOKEN", "env-token-5Zq", "EMPTY", "", "TRICKY", "${HOST}"));

    private ObjectNode resolve(String key, String text) {
        ObjectNode root = JsonNodeFactory.instance.objectNode().put(key, text);
        lines.put(ConfigPath.ROOT.key(key), 7);
        new ReferenceResolver(environment::get, directory, sensitive).resolveAll(root, problems);
        return root;
    }

    @Test
    void replacesVariableInsideLongerText() {
        ObjectNode root = resolve("url", "ws://${HOST}:5050/stream");

        assertThat(root.get("url").textValue()).isEqualTo("ws://broker.example:5050/stream");
        assertThat(sensitive.quote(ConfigPath.ROOT.key("url"), "x"))
                .isEqualTo("'ws://${HOST}:5050/stream' (resolved value not shown)");
    }

    @Test
    void escapeWritesLiteralReferenceStart() {
        ObjectNode root = resolve("password", "a$${HOST}b$$c");

        assertThat(root.get("password").textValue()).isEqualTo("a${HOST}b$$c");
        assertThat(sensitive.isReferenced(ConfigPath.ROOT.key("password"))).isFalse();
    }

    @Test
    void resolvedValueIsNotResolvedAgain() {
        ObjectNode root = resolve("value", "${TRICKY}");

        assertThat(root.get("value").textValue()).isEqualTo("${HOST}");
    }

    @Test
    void emptyVariableIsSet() {
        ObjectNode root = resolve("value", "${EMPTY}");

        assertThat(root.get("value").textValue()).isEmpty();
        assertThat(problems.isEmpty()).isTrue();
    }

    @Test
    void readsRelativeFileWithoutLineBreak() throws IOException {
        Files.createDirectories(directory.resolve("secrets"));
        Files.writeString(directory.resolve("secrets/token"), "file-token-8Wm\r\n");

        ObjectNode root = resolve("token", "${file:secrets/token}");

        assertThat(root.get("token").textValue()).isEqualTo("file-token-8Wm");
    }

    @Test
    void keepsInnerLineBreaksAndRemovesOnlyOne() throws IOException {
        Files.writeString(directory.resolve("pem"), "line1\nline2\n\n");

        ObjectNode root = resolve("pem", "${file:pem}");

        assertThat(root.get("pem").textValue()).isEqualTo("line1\nline2\n");
    }

    @Test
    void readsFileByAbsolutePath() throws IOException {
        Path file = Files.writeString(directory.resolve("absolute"), "abs-value");

        ObjectNode root = resolve("token", "${file:" + file + "}");

        assertThat(root.get("token").textValue()).isEqualTo("abs-value");
    }

    @Test
    void unsetVariableIsReportedAndBecomesNull() {
        ObjectNode root = resolve("clientSecret", "${CLIENT_SECRET}");

        assertThat(root.get("clientSecret").isNull()).isTrue();
        assertThat(problems.sortedProblems()).containsExactly(new ConfigProblem("clientSecret", 7,
                "environment variable CLIENT_SECRET is not set; set it in the environment of the daemon"));
    }

    @Test
    void everyUnsetVariableOfOneValueIsReported() {
        resolve("url", "${A}://${HOST}/${B}");

        assertThat(problems.sortedProblems()).extracting(ConfigProblem::message).containsExactly(
                "environment variable A is not set; set it in the environment of the daemon",
                "environment variable B is not set; set it in the environment of the daemon");
    }

    @Test
    void missingFileIsReportedWithResolvedPath() {
        resolve("token", "${file:secrets/none}");

        assertThat(problems.sortedProblems()).containsExactly(new ConfigProblem("token", 7,
                "cannot read ${file:secrets/none}: file " + directory.resolve("secrets/none") + " does not exist"));
    }

    @Test
    void directoryIsReported() {
        resolve("token", "${file:.}");

        assertThat(problems.sortedProblems()).containsExactly(new ConfigProblem("token", 7,
                "cannot read ${file:.}: " + directory + " is a directory"));
    }

    @Test
    void fileThatIsNotUtf8IsReported() throws IOException {
        Files.write(directory.resolve("binary"), new byte[] {(byte) 0xff, (byte) 0xfe, 0x41});

        resolve("token", "${file:binary}");

        assertThat(problems.sortedProblems()).containsExactly(new ConfigProblem("token", 7,
                "cannot read ${file:binary}: " + directory.resolve("binary") + " is not UTF-8 text"));
    }

    @Test
    void oversizedFileIsReported() throws IOException {
        Files.write(directory.resolve("large"), new byte[(int) ReferenceResolver.MAX_FILE_BYTES + 1]);

        resolve("token", "${file:large}");

        assertThat(problems.sortedProblems()).containsExactly(new ConfigProblem("token", 7, "cannot read ${file:large}: "
                + directory.resolve("large") + " is larger than 1 MiB; a referenced file holds one value"));
    }

    @Test
    void unterminatedReferenceIsReported() {
        resolve("value", "abc${HOST");

        assertThat(problems.sortedProblems()).containsExactly(new ConfigProblem("value", 7,
                "unterminated reference '${HOST'; close it with }, or write $${ for a literal ${"));
    }

    @Test
    void invalidVariableNameIsReported() {
        resolve("value", "${MY-VAR}");

        assertThat(problems.sortedProblems()).containsExactly(new ConfigProblem("value", 7,
                "invalid reference '${MY-VAR}'; use ${NAME} for an environment variable of letters, digits and _,"
                        + " ${file:PATH} for a file, or $${ for a literal ${"));
    }

    @Test
    void resolvedValuesAreRedactedFromOtherText() {
        resolve("token", "${TOKEN}");

        assertThat(sensitive.redact("plugin said env-token-5Zq is wrong")).isEqualTo("plugin said ****** is wrong");
    }

    @Test
    void resolvesInsideListsAndNestedMappings() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.putObject("a").putArray("hosts").add("${HOST}").add("plain");

        new ReferenceResolver(environment::get, directory, sensitive).resolveAll(root, problems);

        assertThat(root.at("/a/hosts/0").textValue()).isEqualTo("broker.example");
        assertThat(root.at("/a/hosts/1").textValue()).isEqualTo("plain");
        assertThat(sensitive.isReferenced(ConfigPath.parse("a.hosts[0]"))).isTrue();
    }
}
