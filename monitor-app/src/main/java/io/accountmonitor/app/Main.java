package io.accountmonitor.app;

import io.accountmonitor.app.cli.ConsoleOutput;
import io.accountmonitor.app.cli.MainCommand;
import io.accountmonitor.app.cli.MainEnvironment;
import picocli.CommandLine;

/** Entry point of the {@code account-monitor} command. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        int exitCode = run(args, MainEnvironment.system());
        System.exit(exitCode);
    }

    /**
     * Runs one command and returns its exit code; {@code run} and {@code demo} return only after
     * {@link MainEnvironment#stopRequested()} completes. Never calls {@link System#exit}, so tests
     * can run the real entry point in the same JVM.
     */
    public static int run(String[] args, MainEnvironment environment) {
        CommandLine commandLine = MainCommand.commandLine(environment);
        return commandLine.execute(args);
    }
}
