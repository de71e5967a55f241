package io.accountmonitor.app.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The whole configuration of one deployment, as read from one YAML file, after defaults are applied
 * and every problem has been ruled out.
 *
 * @param file the YAML file it was read from, or {@code null} when built in code (the demo)
 * @param dataDirectory where tokens and deal cursors are kept; relative paths are resolved
 *     against the configuration file's directory
 * @param logging console logging
 * @param scheduler threads
 * @param status the status endpoint
 * @param monitors the broker connections to watch, at least one
 * @param sinks where updates go; the {@code log} sink when none is configured
 */
public record AppConfig(
        Path file,
        Path dataDirectory,
        LoggingConfig logging,
        SchedulerConfig scheduler,
        StatusConfig status,
        List<MonitorConfig> monitors,
        List<SinkConfig> sinks) {

    public AppConfig {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(logging, "logging");
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(status, "status");
        monitors = List.copyOf(monitors);
        sinks = List.copyOf(sinks);
    }
}
