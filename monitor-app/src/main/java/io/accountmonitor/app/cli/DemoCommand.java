package io.accountmonitor.app.cli;

import io.accountmonitor.app.config.AppConfig;
import io.accountmonitor.app.config.ConfigException;
import io.accountmonitor.app.config.ConfigLoader;
import io.accountmonitor.app.inject.Plugins;
import io.accountmonitor.ctrader.simulator.CtraderSimulator;
import io.accountmonitor.ctrader.simulator.SimulatorCertificate;
import io.accountmonitor.scheduler.SchedulerRuntime;
import io.accountmonitor.scheduler.SchedulerSettings;
import java.io.IOException;
import java.net.BindException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code demo}: a local cTrader simulator with two accounts and scripted trading, monitored
 * through the real cTrader adapter over loopback TLS, with every update logged as one line.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run a self-contained demo until Ctrl+C: a local cTrader Open API simulator with two"
                + " accounts and scripted trading, monitored through the real cTrader adapter over loopback TLS.",
            "Every update is logged as one line; /health and /metrics are served on loopback."})
final class DemoCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(DemoCommand.class);
    private static final int MAX_PORT = 65_535;
    private static final Pattern ENVIRONMENT_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    @Option(names = "--appdaemon", paramLabel = "URL",
            description = "Also publish to AppDaemon's stream at URL, such as ws://127.0.0.1:5050/stream.")
    String appDaemonUrl;

    @Option(names = "--appdaemon-namespace", paramLabel = "NAMESPACE", defaultValue = "default",
            description = "AppDaemon namespace to publish into (default: ${DEFAULT-VALUE}).")
    String appDaemonNamespace;

    @Option(names = "--appdaemon-password-env", paramLabel = "NAME",
            description = "Environment variable that holds the AppDaemon password, when one is set.")
    String appDaemonPasswordVariable;

    @Option(names = "--status", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:0",
            description = "Loopback address of /health and /metrics; port 0 picks a free one (default: ${DEFAULT-VALUE}).")
    String status;

    @Option(names = "--trade-every", paramLabel = "SECONDS", defaultValue = "5",
            description = "Seconds between the simulator's scripted trades (default: ${DEFAULT-VALUE}).")
    int tradeEverySeconds;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Directory for tokens and deal cursors (default: a temporary directory, deleted on exit).")
    Path dataDirectory;

    @Option(names = "--simulator-port", paramLabel = "PORT", defaultValue = "0",
            description = "Loopback port of the simulator, so that `run` can reach it too; 0 picks a free one"
                    + " (default: ${DEFAULT-VALUE}).")
    int simulatorPort;

    @ParentCommand
    MainCommand parent;

    private final MainEnvironment environment;

    DemoCommand(MainEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws IOException {
        try {
            return runDemo();
        } finally {
            // The shutdown hook lets the JVM exit once this completes, so it comes after the simulator closed.
            environment.stopped().complete(null);
        }
    }

    private int runDemo() throws IOException {
        if (tradeEverySeconds < 1) {
            environment.console().err().println("--trade-every is " + tradeEverySeconds + "; use 1 or more seconds");
            return 2;
        }
        if (simulatorPort < 0 || simulatorPort > MAX_PORT) {
            environment.console().err().println("--simulator-port is " + simulatorPort + "; use 1 to " + MAX_PORT
                    + ", or 0 for a free port");
            return 2;
        }
        try {
            LogLevels.apply(parent.logLevel == null ? "info" : parent.logLevel);
        } catch (IllegalArgumentException e) {
            environment.console().err().println("--log-level: " + e.getMessage());
            return 2;
        }
        if (appDaemonPasswordVariable != null && !ENVIRONMENT_NAME.matcher(appDaemonPasswordVariable).matches()) {
            environment.console().err().println("--appdaemon-password-env is '" + appDaemonPasswordVariable
                    + "'; give the name of an environment variable: letters, digits and '_'");
            return 2;
        }
        Plugins plugins = Plugins.load(DemoCommand.class.getClassLoader());
        if (dataDirectory != null) {
            // Absolute, because the generated configuration resolves relative paths against the data directory.
            Path data = dataDirectory.toAbsolutePath().normalize();
            if (Files.exists(data) && !Files.isDirectory(data)) {
                environment.console().err().println("--data-dir " + data + " is not a directory; give a directory,"
                        + " or leave the option out for a temporary one");
                return 2;
            }
            try {
                Files.createDirectories(data);
            } catch (IOException e) {
                environment.console().err().println("--data-dir " + data + " cannot be created (" + e
                        + "); give a directory you can write to");
                return 2;
            }
            return runDemo(plugins, data);
        }
        Path temporary = Files.createTempDirectory("account-monitor-demo-");
        try {
            return runDemo(plugins, temporary);
        } finally {
            deleteTree(temporary);
        }
    }

    private int runDemo(Plugins plugins, Path data) throws IOException {
        // The simulator replaces cTrader's servers, so it gets threads of its own, apart from the daemon's budget.
        try (SchedulerRuntime simulatorRuntime = SchedulerRuntime.start(new SchedulerSettings(1, 8, Duration.ofSeconds(5)));
                CtraderSimulator simulator = CtraderSimulator.demoBuilder(simulatorRuntime.ioThreads(), simulatorRuntime.timer())
                        .clock(simulatorRuntime.clock())
                        .port(simulatorPort)
                        .build()) {
            try {
                simulator.start();
            } catch (BindException e) {
                environment.console().err().println("--simulator-port " + simulatorPort + " is in use by another"
                        + " program; choose another port, or 0 for a free one");
                return 1;
            }
            Path certificate = SimulatorCertificate.writePem(data);
            AppConfig config;
            try {
                config = new ConfigLoader(plugins.brokers(), plugins.sinks(), environment.environmentVariables())
                        .load(demoYaml(simulator.endpoint(), certificate, data), data);
            } catch (ConfigException e) {
                environment.console().err().println(e.getMessage());
                return 2;
            }
            LOG.info("Demo: simulator on {} with accounts 1001 (USD) and 1002 (EUR); a trade every {} s; data in {}",
                    simulator.endpoint(), tradeEverySeconds, data);
            return Daemon.runUntilStopped(config, plugins, environment,
                    app -> simulator.startScriptedTrading(Duration.ofSeconds(tradeEverySeconds)));
        }
    }

    private String demoYaml(String endpoint, Path certificate, Path data) {
        StringBuilder yaml = new StringBuilder();
        yaml.append("dataDirectory: ").append(quoted(data.toString())).append('\n');
        yaml.append("status:\n  listen: ").append(quoted(status)).append('\n');
        yaml.append("monitors:\n");
        yaml.append("  - name: demo\n");
        yaml.append("    broker:\n");
        yaml.append("      type: ctrader\n");
        yaml.append("      environment: ").append(quoted(endpoint)).append('\n');
        yaml.append("      clientId: ").append(CtraderSimulator.DEFAULT_CLIENT_ID).append('\n');
        yaml.append("      clientSecret: ").append(CtraderSimulator.DEFAULT_CLIENT_SECRET).append('\n');
        yaml.append("      accessToken: ").append(CtraderSimulator.DEFAULT_ACCESS_TOKEN).append('\n');
        yaml.append("      refreshToken: ").append(CtraderSimulator.DEFAULT_REFRESH_TOKEN).append('\n');
        yaml.append("      trustCertificate: ").append(quoted(certificate.toString())).append('\n');
        yaml.append("    schedule:\n");
        yaml.append("      fallbackInterval: 30s\n");
        yaml.append("      debounce: 500ms\n");
        yaml.append("      minSpacing: 500ms\n");
        yaml.append("sinks:\n");
        yaml.append("  - type: log\n");
        if (appDaemonUrl != null) {
            yaml.append("  - type: appdaemon\n");
            yaml.append("    url: ").append(quoted(appDaemonUrl)).append('\n');
            yaml.append("    namespace: ").append(quoted(appDaemonNamespace)).append('\n');
            if (appDaemonPasswordVariable != null) {
                yaml.append("    password: ${").append(appDaemonPasswordVariable).append("}\n");
            }
        }
        return yaml.toString();
    }

    /** Returns {@code value} as a single-quoted YAML scalar, so quotes and '#' in an option stay literal. */
    private static String quoted(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /** Deletes the demo's temporary directory. A file that cannot be deleted is logged and left. */
    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("Could not delete the demo's temporary directory {}: {}; delete it by hand", root, e.toString());
        }
    }
}
