package io.accountmonitor.app.sink;

import io.accountmonitor.core.spi.HostContext;
import io.accountmonitor.core.spi.SinkPlugin;
import io.accountmonitor.core.spi.StateSink;

/** The {@code log} sink: one readable log line per update and per link change. It has no settings. */
public final class LogSinkPlugin implements SinkPlugin<LogSinkPlugin.Settings> {
    /** The log sink takes no keys. */
    public record Settings() {
    }

    @Override
    public String type() {
        return "log";
    }

    @Override
    public Class<Settings> settingsType() {
        return Settings.class;
    }

    @Override
    public StateSink create(String sinkName, Settings settings, HostContext context) {
        return new LogSink();
    }
}
