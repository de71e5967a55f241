package io.accountmonitor.app.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.accountmonitor.app.config.ConfigDocument.MonitorSection;
import io.accountmonitor.core.check.Schedule;
import io.accountmonitor.core.plugin.PluginRegistry;
import io.accountmonitor.core.spi.BrokerPlugin;
import io.accountmonitor.core.spi.Plugin;
import io.accountmonitor.core.spi.SinkPlugin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds an {@link AppConfig} from the bound document: applies defaults, reads every monitor and
 * sink with its plugin, and checks what involves more than one setting, such as unique names.
 */
final class ConfigAssembler {
    /** The sink used when the file configures none. */
    static final String DEFAULT_SINK_TYPE = "log";
    private static final String NAME_KEY = "name";
    private static final ConfigPath MONITORS = ConfigPath.ROOT.key("monitors");
    private static final ConfigPath SINKS = ConfigPath.ROOT.key("sinks");

    private final PluginRegistry<? extends BrokerPlugin<?>> brokers;
    private final PluginRegistry<? extends SinkPlugin<?>> sinks;
    private final PluginSectionReader pluginReader;
    private final SensitiveValues sensitive;
    private final ProblemCollector problems;

    ConfigAssembler(PluginRegistry<? extends BrokerPlugin<?>> brokers, PluginRegistry<? extends SinkPlugin<?>> sinks,
            SectionBinder binder, SensitiveValues sensitive, ProblemCollector problems) {
        this.brokers = brokers;
        this.sinks = sinks;
        this.pluginReader = new PluginSectionReader(binder, sensitive);
        this.sensitive = sensitive;
        this.problems = problems;
    }

    /**
     * Returns the configuration, or {@code null} when a problem was reported.
     *
     * @param file the file the document was read from, or {@code null}
     * @param baseDirectory the directory the default data directory is in
     */
    AppConfig assemble(ConfigDocument document, Path file, Path baseDirectory) {
        Path dataDirectory = document.dataDirectory() == null
                ? baseDirectory.resolve("data").normalize()
                : document.dataDirectory();
        LoggingConfig logging = document.logging() == null ? LoggingConfig.defaults() : document.logging();
        SettingsChecks.checkLevel(logging, ConfigPath.ROOT.key("logging").key("level"), sensitive, problems);
        SchedulerConfig scheduler = document.scheduler() == null ? SchedulerConfig.defaults() : document.scheduler();
        SettingsChecks.checkThreads(scheduler, ConfigPath.ROOT.key("scheduler"), problems);
        StatusConfig status = document.status() == null ? StatusConfig.disabled() : document.status();
        SettingsChecks.checkListen(status, ConfigPath.ROOT.key("status").key("listen"), sensitive, problems);

        List<MonitorConfig> monitors = readMonitors(document.monitors());
        List<SinkConfig> sinkConfigs = readSinks(document.sinks());
        checkDataDirectory(dataDirectory);
        if (!problems.isEmpty()) {
            return null;
        }
        scheduler = fitThreadBudget(scheduler, status, monitors, sinkConfigs);
        if (!problems.isEmpty()) {
            return null;
        }
        return new AppConfig(file, dataDirectory, logging, scheduler, status, monitors, sinkConfigs);
    }

    private void checkDataDirectory(Path dataDirectory) {
        if (Files.exists(dataDirectory) && !Files.isDirectory(dataDirectory)) {
            problems.reportUnlessCovered(ConfigPath.ROOT.key("dataDirectory"), dataDirectory
                    + " is a file, not a directory; point dataDirectory at a directory, or remove the file");
        }
    }

    /**
     * Checks the thread budget against what the configuration needs: the timer thread, the
     * workers, the status endpoint's threads and each plugin's I/O threads. An unset
     * {@code threadBudget} grows to fit; a set one that is too small is a problem, so that
     * {@code check-config} catches what would otherwise fail at start-up.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private SchedulerConfig fitThreadBudget(SchedulerConfig scheduler, StatusConfig status, List<MonitorConfig> monitors,
            List<SinkConfig> sinkConfigs) {
        int workers = scheduler.workerThreads();
        List<String> parts = new ArrayList<>();
        parts.add("1 timer");
        parts.add(workers + " worker(s)");
        int required = 1 + workers;
        if (status.enabled()) {
            required += StatusConfig.THREADS;
            parts.add(StatusConfig.THREADS + " for the status endpoint");
        }
        for (MonitorConfig monitor : monitors) {
            Plugin plugin = brokers.require(monitor.broker().type());
            int threads = plugin.ioThreads(monitor.broker().settings());
            if (threads > 0) {
                required += threads;
                parts.add(threads + " for monitor '" + monitor.name() + "'");
            }
        }
        for (SinkConfig sink : sinkConfigs) {
            Plugin plugin = sinks.require(sink.plugin().type());
            int threads = plugin.ioThreads(sink.plugin().settings());
            if (threads > 0) {
                required += threads;
                parts.add(threads + " for sink '" + sink.name() + "'");
            }
        }
        ConfigPath path = ConfigPath.ROOT.key("scheduler").key("threadBudget");
        if (problems.isWritten(path)) {
            if (scheduler.threadBudget() < required) {
                problems.reportUnlessCovered(path, "is " + scheduler.threadBudget() + ", but this configuration needs "
                        + required + " threads (" + String.join(", ", parts) + "); raise it to at least " + required
                        + ", or remove the key so the budget fits the configuration");
            }
            return scheduler;
        }
        return required > scheduler.threadBudget()
                ? new SchedulerConfig(workers, required, scheduler.closeTimeout())
                : scheduler;
    }

    private List<MonitorConfig> readMonitors(List<MonitorSection> sections) {
        if (sections == null) {
            problems.reportUnlessCovered(MONITORS, "missing; configure at least one monitor with a name and a broker");
            return List.of();
        }
        if (sections.isEmpty()) {
            problems.report(MONITORS, "is empty; configure at least one monitor with a name and a broker");
            return List.of();
        }
        List<MonitorConfig> monitors = new ArrayList<>();
        Map<String, ConfigPath> namePaths = new HashMap<>();
        for (int i = 0; i < sections.size(); i++) {
            ConfigPath path = MONITORS.index(i);
            MonitorSection section = sections.get(i);
            if (section == null) {
                problems.reportUnlessCovered(path, "empty entry; give the monitor a name and a broker");
                continue;
            }
            ConfigPath namePath = path.key(NAME_KEY);
            String name = section.name();
            if (SettingsChecks.checkName(name, namePath, "monitor", "main-live", sensitive, problems)) {
                ConfigPath first = namePaths.putIfAbsent(name, namePath);
                if (first != null) {
                    problems.report(namePath, "duplicate monitor name '" + name + "'; " + first.parent() + " on line "
                            + problems.lineOf(first) + " has it too, and each monitor needs its own name");
                }
            }
            PluginSection broker = readBroker(section.broker(), path.key("broker"));
            Schedule schedule = ScheduleReader.read(section.schedule(), path.key("schedule"), problems);
            if (name != null && broker != null && schedule != null) {
                monitors.add(new MonitorConfig(name, broker, schedule));
            }
        }
        return monitors;
    }

    private PluginSection readBroker(JsonNode node, ConfigPath path) {
        if (node == null || node.isNull()) {
            problems.reportUnlessCovered(path, "missing; configure the broker, with type set to one of: "
                    + (brokers.types().isEmpty() ? "none" : String.join(", ", brokers.types())));
            return null;
        }
        return pluginReader.read(node, path, brokers, "broker", List.of(PluginSectionReader.TYPE_KEY), problems);
    }

    private List<SinkConfig> readSinks(List<JsonNode> entries) {
        if (problems.isCovered(SINKS)) {
            return List.of();
        }
        if (entries == null || entries.isEmpty()) {
            return readDefaultSink();
        }
        List<String> names = sinkNames(entries);
        List<SinkConfig> sinkConfigs = new ArrayList<>();
        Map<String, Integer> firstIndexByName = new HashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            ConfigPath path = SINKS.index(i);
            JsonNode entry = entries.get(i);
            if (entry == null || entry.isNull()) {
                problems.reportUnlessCovered(path, "empty entry; give the sink a type, one of: "
                        + String.join(", ", sinks.types()));
                continue;
            }
            String name = names.get(i);
            if (name != null) {
                Integer first = firstIndexByName.putIfAbsent(name, i);
                if (first != null) {
                    reportDuplicateSink(entries, name, first, i);
                }
            }
            PluginSection plugin = pluginReader.read(entry, path, sinks, "sink",
                    List.of(PluginSectionReader.TYPE_KEY, NAME_KEY), problems);
            if (name != null && plugin != null) {
                sinkConfigs.add(new SinkConfig(name, plugin));
            }
        }
        return sinkConfigs;
    }

    /**
     * Returns the name of every sink, or {@code null} where it is invalid or cannot be known: the
     * {@code name} key, or else the type, or the type and its position among sinks of that type
     * ({@code appdaemon-2}) when the type occurs more than once.
     */
    private List<String> sinkNames(List<JsonNode> entries) {
        Map<String, Integer> countByType = new LinkedHashMap<>();
        for (JsonNode entry : entries) {
            String type = typeOf(entry);
            if (type != null) {
                countByType.merge(type, 1, Integer::sum);
            }
        }
        Map<String, Integer> ordinalByType = new HashMap<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            JsonNode entry = entries.get(i);
            String type = typeOf(entry);
            int ordinal = type == null ? 0 : ordinalByType.merge(type, 1, Integer::sum);
            JsonNode nameNode = entry == null ? null : entry.get(NAME_KEY);
            ConfigPath namePath = SINKS.index(i).key(NAME_KEY);
            if (nameNode != null && !nameNode.isNull()) {
                if (!nameNode.isTextual()) {
                    problems.report(namePath, "expected text, found "
                            + ExpectedValues.describeFound(nameNode, namePath, sensitive));
                    names.add(null);
                } else {
                    boolean valid = SettingsChecks.checkName(nameNode.textValue(), namePath, "sink", "home", sensitive,
                            problems);
                    names.add(valid ? nameNode.textValue() : null);
                }
            } else if (type == null || problems.isCovered(namePath)) {
                names.add(null);
            } else {
                names.add(countByType.get(type) > 1 ? type + "-" + ordinal : type);
            }
        }
        return names;
    }

    private void reportDuplicateSink(List<JsonNode> entries, String name, int first, int duplicate) {
        boolean firstNamed = hasName(entries.get(first));
        boolean duplicateNamed = hasName(entries.get(duplicate));
        ConfigPath firstPath = firstNamed ? SINKS.index(first).key(NAME_KEY) : SINKS.index(first);
        ConfigPath duplicatePath = duplicateNamed ? SINKS.index(duplicate).key(NAME_KEY) : SINKS.index(duplicate);
        String advice = firstNamed && duplicateNamed
                ? ", and each sink needs its own name"
                : "; a sink without a name key is named after its type, so set a different name on one of them";
        problems.report(duplicatePath, "duplicate sink name '" + name + "'; " + SINKS.index(first) + " on line "
                + problems.lineOf(firstPath) + " has it too" + advice);
    }

    private List<SinkConfig> readDefaultSink() {
        if (sinks.find(DEFAULT_SINK_TYPE).isEmpty()) {
            problems.report(SINKS, "missing; configure at least one sink, because the default '" + DEFAULT_SINK_TYPE
                    + "' sink plugin is not installed; known sink types: "
                    + (sinks.types().isEmpty() ? "none" : String.join(", ", sinks.types())));
            return List.of();
        }
        ObjectNode section = JsonNodeFactory.instance.objectNode().put(PluginSectionReader.TYPE_KEY, DEFAULT_SINK_TYPE);
        PluginSection plugin = pluginReader.read(section, SINKS, sinks, "sink", List.of(PluginSectionReader.TYPE_KEY),
                problems);
        return plugin == null ? List.of() : List.of(new SinkConfig(DEFAULT_SINK_TYPE, plugin));
    }

    private static String typeOf(JsonNode entry) {
        JsonNode type = entry == null ? null : entry.get(PluginSectionReader.TYPE_KEY);
        return type != null && type.isTextual() ? type.textValue() : null;
    }

    private static boolean hasName(JsonNode entry) {
        JsonNode name = entry.get(NAME_KEY);
        return name != null && !name.isNull();
    }
}
