package io.accountmonitor.app.cli;

import io.accountmonitor.app.config.ConfigPrinter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code check-config --config FILE}: validates and prints the effective configuration. */
@Command(name = "check-config", mixinStandardHelpOptions = true,
        description = "Validate a configuration file and print the effective configuration with secrets masked."
                + " Exits with 0 when it is valid and 2 otherwise, after listing every problem.")
final class CheckConfigCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "The YAML configuration file.")
    Path config;

    @ParentCommand
    MainCommand parent;

    private final MainEnvironment environment;

    CheckConfigCommand(MainEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        RunCommand.ConfigurationStep step = RunCommand.ConfigurationStep.load(environment, config, parent.logLevel);
        if (step.failed()) {
            return step.exitCode();
        }
        environment.console().out().print(ConfigPrinter.print(step.config()));
        environment.console().out().println("# " + config + " is valid.");
        environment.console().out().flush();
        return 0;
    }
}
