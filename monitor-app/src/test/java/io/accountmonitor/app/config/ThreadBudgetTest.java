package io.accountmonitor.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.accountmonitor.core.plugin.PluginRegistry;
import io.accountmonitor.core.spi.AccountSource;
import io.accountmonitor.core.spi.BrokerPlugin;
import io.accountmonitor.core.spi.HostContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The thread budget against the threads a configuration needs, and the data directory's kind. */
class ThreadBudgetTest {
    @TempDir
    Path directory;

    /** A broker whose instances each take two I/O threads, like the cTrader plugin. */
    static final class ThreadedBroker implements BrokerPlugin<ThreadedBroker.Settings> {
        record Settings(String clientId) {
        }

        @Override
        public String type() {
            return "threaded";
        }

        @Override
        public Class<Settings> settingsType() {
            return Settings.class;
        }

        @Override
        public int ioThreads(Settings settings) {
            return 2;
        }

        @Override
        public AccountSource create(String monitorName, Settings settings, HostContext context) {
            throw new UnsupportedOperationException("configuration tests create no source");
        }
    }

    private final ConfigLoader loader = new ConfigLoader(PluginRegistry.of("broker", List.of(new ThreadedBroker())),
            TestPlugins.sinks(), Map.<String, String>of()::get);

    private static String monitors(int count) {
        StringBuilder yaml = new StringBuilder("monitors:\n");
        for (int i = 1; i <= count; i++) {
            yaml.append("  - name: m").append(i).append("\n    broker: {type: threaded, clientId: c}\n");
        }
        return yaml.toString();
    }

    @Test
    void unsetBudgetGrowsToFitConfiguration() throws ConfigException {
        AppConfig config = loader.load("status: {listen: '127.0.0.1:0'}\n" + monitors(7), directory);

        assertThat(config.scheduler().threadBudget()).isEqualTo(1 + 2 + 2 + 7 * 2);
    }

    @Test
    void unsetBudgetKeepsDefaultWhenItFits() throws ConfigException {
        assertThat(loader.load(monitors(2), directory).scheduler().threadBudget()).isEqualTo(16);
    }

    @Test
    void budgetTooSmallForConfigurationIsReported() {
        String yaml = "scheduler:\n  threadBudget: 6\n" + monitors(2);

        assertThatThrownBy(() -> loader.load(yaml, directory))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("line 2, scheduler.threadBudget: is 6, but this configuration needs 7 threads"
                        + " (1 timer, 2 worker(s), 2 for monitor 'm1', 2 for monitor 'm2'); raise it to at least 7,"
                        + " or remove the key so the budget fits the configuration");
    }

    @Test
    void dataDirectoryThatIsFileIsReported() throws Exception {
        Path file = Files.writeString(directory.resolve("data"), "x");

        assertThatThrownBy(() -> loader.load("dataDirectory: data\n" + monitors(1), directory))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("line 1, dataDirectory: " + file + " is a file, not a directory");
    }
}
