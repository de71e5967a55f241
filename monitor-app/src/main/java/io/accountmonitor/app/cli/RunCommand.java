package io.accountmonitor.app.cli;

import io.accountmonitor.app.config.AppConfig;
import io.accountmonitor.app.config.ConfigPrinter;
import io.accountmonitor.app.inject.Plugins;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code run --config FILE}: the daemon. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the daemon with a configuration file until SIGTERM or SIGINT.")
final class RunCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "The YAML configuration file.")
    Path config;

    @ParentCommand
    MainCommand parent;

    private final MainEnvironment environment;

    RunCommand(MainEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        ConfigurationStep step = ConfigurationStep.load(environment, config, parent.logLevel);
        if (step.failed()) {
            return step.exitCode();
        }
        AppConfig loaded = step.config();
        LOG.info("Loaded {} with {} monitor(s) and {} sink(s)", config.toAbsolutePath(), loaded.monitors().size(),
                loaded.sinks().size());
        LOG.debug("Effective configuration, secrets masked:\n{}", ConfigPrinter.print(loaded));
        try {
            return Daemon.runUntilStopped(loaded, step.plugins(), environment, app -> { });
        } finally {
            environment.stopped().complete(null);
        }
    }

    /** The plugins and the configuration, or the exit code of the failure that was printed. */
    record ConfigurationStep(Plugins plugins, AppConfig config, int exitCode) {
        boolean failed() {
            return config == null;
        }

        /** Loads plugins and configuration and applies the log level, printing any problem on the console. */
        static ConfigurationStep load(MainEnvironment environment, Path file, String logLevelOption) {
            Plugins plugins;
            try {
                plugins = Plugins.load(RunCommand.class.getClassLoader());
            } catch (io.accountmonitor.core.plugin.PluginException e) {
                environment.console().err().println(e.getMessage());
                return new ConfigurationStep(null, null, 2);
            }
            AppConfig loaded;
            try {
                loaded = new io.accountmonitor.app.config.ConfigLoader(plugins.brokers(), plugins.sinks(),
                        environment.environmentVariables()).load(file);
            } catch (io.accountmonitor.app.config.ConfigException e) {
                environment.console().err().println(e.getMessage());
                return new ConfigurationStep(plugins, null, 2);
            }
            try {
                LogLevels.apply(logLevelOption != null ? logLevelOption : loaded.logging().level());
            } catch (IllegalArgumentException e) {
                environment.console().err().println("--log-level: " + e.getMessage());
                return new ConfigurationStep(plugins, null, 2);
            }
            return new ConfigurationStep(plugins, loaded, 0);
        }
    }
}
