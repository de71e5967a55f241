package io.accountmonitor.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class YamlReaderTest {
    private final Map<ConfigPath, Integer> lines = new HashMap<>();
    private final ProblemCollector problems = new ProblemCollector(lines);

    private ObjectNode read(String yaml) {
        return new YamlReader(lines, problems).read(yaml);
    }

    private static ConfigPath path(String display) {
        return ConfigPath.parse(display);
    }

    @Test
    void recordsLineOfEveryKeyAndItem() {
        read("""
                # comment
                monitors:
                  - name: a
                    broker:
                      type: paper
                  -
                    name: b
                sinks: [{type: log}]
                """);

        assertThat(lines).containsEntry(path("monitors"), 2)
                .containsEntry(path("monitors[0]"), 3)
                .containsEntry(path("monitors[0].name"), 3)
                .containsEntry(path("monitors[0].broker"), 4)
                .containsEntry(path("monitors[0].broker.type"), 5)
                .containsEntry(path("monitors[1]"), 7)
                .containsEntry(path("monitors[1].name"), 7)
                .containsEntry(path("sinks[0].type"), 8);
        assertThat(problems.isEmpty()).isTrue();
    }

    @Test
    void keepsScalarsAsWritten() {
        ObjectNode root = read("""
                flag: no
                code: 0123
                big: 1_000
                ratio: 1.50
                quoted: "2"
                nothing: ~
                emptyQuoted: ''
                empty:
                """);

        assertThat(root.get("flag").textValue()).isEqualTo("no");
        assertThat(root.get("code").textValue()).isEqualTo("0123");
        assertThat(root.get("big").textValue()).isEqualTo("1_000");
        assertThat(root.get("ratio").textValue()).isEqualTo("1.50");
        assertThat(root.get("quoted").textValue()).isEqualTo("2");
        assertThat(root.get("nothing").isNull()).isTrue();
        assertThat(root.get("emptyQuoted").textValue()).isEmpty();
        assertThat(root.get("empty").isNull()).isTrue();
    }

    @Test
    void reportsDuplicateKeyAndKeepsFirstValue() {
        ObjectNode root = read("""
                a: 1
                b:
                  c: 2
                a: 3
                """);

        assertThat(problems.sortedProblems()).containsExactly(new ConfigProblem("a", 4,
                "duplicate key; it is already set on line 1, and a mapping may set each key only once"));
        assertThat(root.get("a").textValue()).isEqualTo("1");
        assertThat(lines).containsEntry(path("a"), 1);
    }

    @Test
    void aliasCopiesAnchoredNodeWithItsLines() {
        ObjectNode root = read("""
                x-base: &base
                  type: paper
                  clientId: c
                monitors:
                  - broker: *base
                """);

        assertThat(root.at("/monitors/0/broker/clientId").textValue()).isEqualTo("c");
        assertThat(lines).containsEntry(path("monitors[0].broker"), 5)
                .containsEntry(path("monitors[0].broker.clientId"), 3);
        assertThat(root.at("/monitors/0/broker")).isNotSameAs(root.get("x-base"));
    }

    @Test
    void mergeKeyAddsMissingKeys() {
        ObjectNode root = read("""
                x-a: &a {debounce: 1s, minSpacing: 2s}
                x-b: &b {minSpacing: 3s, checkTimeout: 4s}
                schedule:
                  debounce: 5s
                  <<: [*a, *b]
                """);

        assertThat(root.at("/schedule/debounce").textValue()).isEqualTo("5s");
        assertThat(root.at("/schedule/minSpacing").textValue()).isEqualTo("2s");
        assertThat(root.at("/schedule/checkTimeout").textValue()).isEqualTo("4s");
        assertThat(root.get("schedule").has("<<")).isFalse();
        assertThat(lines).containsEntry(path("schedule.debounce"), 4)
                .containsEntry(path("schedule.minSpacing"), 1)
                .containsEntry(path("schedule.checkTimeout"), 2);
    }

    @Test
    void mergeKeyRejectsScalar() {
        read("""
                schedule:
                  <<: fast
                """);

        assertThat(problems.sortedProblems()).containsExactly(new ConfigProblem("schedule[\"<<\"]", 2,
                "the merge key << takes a mapping or a list of mappings, such as <<: *defaults"));
    }

    @Test
    void reportsUnknownAlias() {
        read("""
                a: *missing
                """);

        assertThat(problems.sortedProblems()).containsExactly(new ConfigProblem("a", 1,
                "unknown alias *missing; define the anchor &missing before this line"));
    }

    @Test
    void stopsAliasExpansionBomb() {
        StringBuilder yaml = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int level = 1; level <= 9; level++) {
            yaml.append('a').append(level).append(": &a").append(level).append(" [");
            for (int i = 0; i < 10; i++) {
                yaml.append(i == 0 ? "" : ", ").append("*a").append(level - 1);
            }
            yaml.append("]\n");
        }

        assertThat(read(yaml.toString())).isNull();
        assertThat(problems.sortedProblems()).containsExactly(new ConfigProblem("", 0,
                "the document expands to more than 100000 values through aliases; use fewer aliases"));
    }

    @Test
    void reportsSecondDocument() {
        read("""
                a: 1
                ---
                b: 2
                """);

        assertThat(problems.sortedProblems()).containsExactly(new ConfigProblem("", 3,
                "a second YAML document starts here; keep one document per file"));
    }

    @Test
    void rejectsListAtTopLevel() {
        assertThat(read("- a\n- b\n")).isNull();
        assertThat(problems.sortedProblems()).containsExactly(new ConfigProblem("", 1,
                "the top level must be a mapping of keys such as monitors: and sinks:, found a list"));
    }

    @Test
    void treatsNullDocumentAsEmpty() {
        assertThat(read("~\n")).isNull();
        assertThat(problems.sortedProblems()).containsExactly(new ConfigProblem("", 0,
                "the file is empty; configure at least one monitor"));
    }

    @Test
    void reportsSyntaxErrorWithLineAndColumn() {
        assertThat(read("a: [1, 2\nb: 3\n")).isNull();
        assertThat(problems.sortedProblems()).containsExactly(new ConfigProblem("", 2,
                "invalid YAML at column 2: expected ',' or ']', but got : (while parsing a flow sequence that starts"
                        + " on line 1); check the indentation and quoting on this line and the lines before it"));
    }
}
