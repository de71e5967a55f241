package io.accountmonitor.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigExceptionTest {
    @Test
    void problemShowsLineAndPath() {
        assertThat(new ConfigProblem("monitors[0].name", 4, "missing")).hasToString("line 4, monitors[0].name: missing");
    }

    @Test
    void problemWithoutLineShowsPath() {
        assertThat(new ConfigProblem("monitors", 0, "missing")).hasToString("monitors: missing");
    }

    @Test
    void problemWithoutPathShowsLine() {
        assertThat(new ConfigProblem("", 3, "invalid YAML")).hasToString("line 3: invalid YAML");
    }

    @Test
    void problemOfWholeFileShowsMessage() {
        assertThat(new ConfigProblem("", 0, "the file is empty")).hasToString("the file is empty");
    }

    @Test
    void reportCountsOneProblem() {
        ConfigException exception = new ConfigException(Path.of("/etc/am/config.yaml"),
                List.of(new ConfigProblem("a", 1, "unknown key")));

        assertThat(exception.getMessage()).isEqualTo("""
                Invalid configuration in /etc/am/config.yaml (1 problem):
                  line 1, a: unknown key""");
    }

    @Test
    void reportListsEveryProblem() {
        ConfigException exception = new ConfigException(null, List.of(new ConfigProblem("a", 1, "unknown key"),
                new ConfigProblem("monitors", 0, "missing")));

        assertThat(exception.getMessage()).isEqualTo("""
                Invalid configuration (2 problems):
                  line 1, a: unknown key
                  monitors: missing""");
    }

    @Test
    void reportNeedsAProblem() {
        assertThatThrownBy(() -> new ConfigException(null, List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
