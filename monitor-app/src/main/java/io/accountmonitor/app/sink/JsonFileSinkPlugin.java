package io.accountmonitor.app.sink;

import io.accountmonitor.core.spi.HostContext;
import io.accountmonitor.core.spi.SettingsProblem;
import io.accountmonitor.core.spi.SinkPlugin;
import io.accountmonitor.core.spi.StateSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code json-file} sink: keeps one JSON file with the latest state of every account and the
 * most recent deals, replaced atomically, for tools that read files (a Home Assistant file or
 * command-line sensor, a script).
 */
public final class JsonFileSinkPlugin implements SinkPlugin<JsonFileSinkPlugin.Settings> {
    /**
     * Settings of the {@code json-file} sink.
     *
     * @param path the file to write; its directory must exist
     * @param writeInterval the longest the file lags behind an update; updates in between coalesce;
     *     default 1 s
     * @param recentDeals how many of the newest deals the file lists; default 100
     */
    public record Settings(Path path, Duration writeInterval, Integer recentDeals) {
        public Settings {
            writeInterval = writeInterval == null ? Duration.ofSeconds(1) : writeInterval;
            recentDeals = recentDeals == null ? 100 : recentDeals;
        }
    }

    @Override
    public String type() {
        return "json-file";
    }

    @Override
    public Class<Settings> settingsType() {
        return Settings.class;
    }

    @Override
    public List<SettingsProblem> validate(Settings settings) {
        List<SettingsProblem> problems = new ArrayList<>();
        if (settings.path() == null) {
            problems.add(new SettingsProblem("path", "missing; give the JSON file to write, such as /var/lib/account-monitor/state.json"));
        } else {
            Path parent = settings.path().toAbsolutePath().getParent();
            if (parent == null || !Files.isDirectory(parent)) {
                // The message names the whole path so that a path from a reference is masked as a whole.
                problems.add(new SettingsProblem("path", "the directory of " + settings.path()
                        + " does not exist; create it first"));
            }
        }
        if (settings.writeInterval().isNegative() || settings.writeInterval().isZero()) {
            problems.add(new SettingsProblem("writeInterval", "is " + settings.writeInterval() + "; must be longer than zero"));
        }
        if (settings.recentDeals() < 0 || settings.recentDeals() > 10_000) {
            problems.add(new SettingsProblem("recentDeals", "is " + settings.recentDeals() + "; use 0 to 10000"));
        }
        return problems;
    }

    @Override
    public StateSink create(String sinkName, Settings settings, HostContext context) {
        return new JsonFileSink(sinkName, settings, context);
    }
}
