package io.accountmonitor.app.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code account-monitor} command and its subcommands. */
@Command(
        name = "account-monitor",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Keeps trading accounts up to date from a broker and publishes them to Home Assistant"
                + " through AppDaemon.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:start-up or run failed for a reason other than the configuration, such as a port in use",
            "2:invalid configuration or command line",
            "143:run or demo stopped by SIGTERM, after a clean stop (130 for SIGINT)"})
public final class MainCommand implements Callable<Integer> {
    @Option(names = "--log-level", paramLabel = "LEVEL", scope = CommandLine.ScopeType.INHERIT,
            description = "Console log level: error, warn, info, debug or trace; overrides logging.level.")
    String logLevel;

    private final MainEnvironment environment;

    MainCommand(MainEnvironment environment) {
        this.environment = environment;
    }

    /** Returns the command line with every subcommand, writing to the environment's console. */
    public static CommandLine commandLine(MainEnvironment environment) {
        CommandLine commandLine = new CommandLine(new MainCommand(environment));
        commandLine.addSubcommand(new RunCommand(environment));
        commandLine.addSubcommand(new CheckConfigCommand(environment));
        commandLine.addSubcommand(new DemoCommand(environment));
        commandLine.setOut(environment.console().out());
        commandLine.setErr(environment.console().err());
        commandLine.setExecutionExceptionHandler((exception, line, parseResult) -> {
            line.getErr().println("account-monitor failed: " + exception);
            return 1;
        });
        return commandLine;
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Without a subcommand, prints the usage and fails as a command-line error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(environment.console().err());
        return 2;
    }
}
