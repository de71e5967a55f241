package io.accountmonitor.app.cli;

import io.accountmonitor.app.config.AppConfig;
import io.accountmonitor.app.inject.Injection;
import io.accountmonitor.app.inject.Plugins;
import io.accountmonitor.app.runtime.AccountMonitorApp;
import io.accountmonitor.app.runtime.StartupException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the daemon from a valid configuration until a stop is requested, then stops it. */
final class Daemon {
    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);

    private Daemon() {
    }

    /**
     * Starts the application, waits for the stop signal and stops it. Returns 0 after a clean stop and
     * 1 when start-up fails; the failure is printed on the console. The caller completes
     * {@link MainEnvironment#stopped()} once it has released what it started itself, because the
     * shutdown hook lets the JVM exit then.
     *
     * @param started called with the running application, for example to print where its status is
     */
    static int runUntilStopped(AppConfig config, Plugins plugins, MainEnvironment environment,
            Consumer<AccountMonitorApp> started) {
        AccountMonitorApp app = Injection.createApp(config, plugins);
        environment.installShutdownHook(config.scheduler().closeTimeout().toMillis() * 4 + 5_000);
        try {
            app.start();
        } catch (StartupException e) {
            environment.console().err().println("Start-up failed: " + e.getMessage());
            LOG.debug("Start-up failure", e);
            return 1;
        }
        try {
            started.accept(app);
            LOG.info("Running; stop with Ctrl+C or SIGTERM");
            environment.stopRequested().join();
            LOG.info("Stopping");
        } finally {
            app.stop();
        }
        return 0;
    }
}
