package io.accountmonitor.app.cli;

import io.accountmonitor.scheduler.ThreadBudget;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The process as a command sees it: console output, environment variables, and the signal to stop.
 * The system environment stops on SIGTERM and SIGINT through a JVM shutdown hook. Tests supply
 * their own and complete the stop signal themselves.
 */
public final class MainEnvironment {
    private final ConsoleOutput console;
    private final Function<String, String> environmentVariables;
    private final CompletableFuture<Void> stopRequested = new CompletableFuture<>();
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private final boolean installShutdownHook;

    private MainEnvironment(ConsoleOutput console, Function<String, String> environmentVariables,
            boolean installShutdownHook) {
        this.console = Objects.requireNonNull(console, "console");
        this.environmentVariables = Objects.requireNonNull(environmentVariables, "environmentVariables");
        this.installShutdownHook = installShutdownHook;
    }

    public static MainEnvironment system() {
        return new MainEnvironment(ConsoleOutput.system(), System::getenv, true);
    }

    /** Returns an environment for tests: no shutdown hook; stop with {@link #requestStop()}. */
    public static MainEnvironment forTest(ConsoleOutput console, Function<String, String> environmentVariables) {
        return new MainEnvironment(console, environmentVariables, false);
    }

    public ConsoleOutput console() {
        return console;
    }

    public Function<String, String> environmentVariables() {
        return environmentVariables;
    }

    /** Completes when the daemon should stop: on SIGTERM or SIGINT, or when a test calls {@link #requestStop()}. */
    public CompletableFuture<Void> stopRequested() {
        return stopRequested;
    }

    public void requestStop() {
        stopRequested.complete(null);
    }

    /** Completes when a running daemon has stopped; the shutdown hook waits for it. */
    public CompletableFuture<Void> stopped() {
        return stopped;
    }

    /**
     * Installs the shutdown hook that requests a stop and waits up to {@code waitMillis} for it to
     * finish, so the JVM does not exit halfway through. Its thread comes from the scheduler module.
     */
    void installShutdownHook(long waitMillis) {
        if (!installShutdownHook) {
            return;
        }
        Thread hook = new ThreadBudget(1).shutdownHookThread(() -> {
            requestStop();
            try {
                stopped.get(waitMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                // Stopping took too long or failed; the JVM exits anyway.
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
    }
}
