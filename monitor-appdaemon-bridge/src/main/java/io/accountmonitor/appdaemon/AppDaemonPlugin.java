package io.accountmonitor.appdaemon;

import io.accountmonitor.core.spi.HostContext;
import io.accountmonitor.core.spi.SettingsProblem;
import io.accountmonitor.core.spi.SinkPlugin;
import io.accountmonitor.core.spi.StateSink;
import java.util.List;

/**
 * The {@code appdaemon} sink type: publishes account state and events to AppDaemon over its
 * websocket stream API. Registered in {@code META-INF/services/io.accountmonitor.core.spi.SinkPlugin}.
 */
public final class AppDaemonPlugin implements SinkPlugin<AppDaemonSettings> {
    public static final String TYPE = "appdaemon";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Class<AppDaemonSettings> settingsType() {
        return AppDaemonSettings.class;
    }

    @Override
    public List<SettingsProblem> validate(AppDaemonSettings settings) {
        return SettingsValidator.validate(settings);
    }

    /** Returns 1: each sink delivers on one I/O thread of its own. */
    @Override
    public int ioThreads(AppDaemonSettings settings) {
        return StreamClient.IO_THREADS;
    }

    @Override
    public StateSink create(String sinkName, AppDaemonSettings settings, HostContext context) {
        return new AppDaemonSink(sinkName, settings, context);
    }
}
