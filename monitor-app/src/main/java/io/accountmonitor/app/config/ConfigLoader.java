package io.accountmonitor.app.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.accountmonitor.core.plugin.PluginRegistry;
import io.accountmonitor.core.spi.BrokerPlugin;
import io.accountmonitor.core.spi.SinkPlugin;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Loads the YAML configuration of one deployment into an {@link AppConfig}, or reports every problem
 * of it at once in a {@link ConfigException}, each with its YAML path and line.
 *
 * <p>Loading reads the file, resolves {@code ${NAME}} and {@code ${file:PATH}} references, binds the
 * keys to records with Jackson, lets each plugin bind and validate its own section, and then checks
 * what spans several settings. It starts no thread and touches nothing but the configuration file
 * and the files that references name, so the daemon can load its configuration before anything
 * starts. An instance keeps no state between loads and may be shared between threads.
 *
 * <p>Messages never quote a value that came from a reference; they quote the reference as written.
 * Messages written by plugins or by Jackson have every such value, and every value bound to a
 * {@link io.accountmonitor.core.spi.Secret}, replaced by a mask.
 */
public final class ConfigLoader {
    /**
     * Top-level keys with this prefix are ignored, so a file can keep YAML anchors there
     * ({@code x-defaults: &defaults ...}), as Docker Compose files do.
     */
    public static final String EXTENSION_PREFIX = "x-";

    private final PluginRegistry<? extends BrokerPlugin<?>> brokers;
    private final PluginRegistry<? extends SinkPlugin<?>> sinks;
    private final Function<String, String> environment;
    private final ObjectMapper mapper = SectionBinder.createMapper();

    /**
     * @param brokers the broker plugins that {@code monitors[].broker.type} selects from
     * @param sinks the sink plugins that {@code sinks[].type} selects from
     * @param environment returns the value of an environment variable, or {@code null} when it is not
     *     set; {@code System::getenv} in the daemon
     */
    public ConfigLoader(PluginRegistry<? extends BrokerPlugin<?>> brokers, PluginRegistry<? extends SinkPlugin<?>> sinks,
            Function<String, String> environment) {
        this.brokers = Objects.requireNonNull(brokers, "brokers");
        this.sinks = Objects.requireNonNull(sinks, "sinks");
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    /** The largest configuration file read; thousands of accounts fit in far less. */
    static final long MAX_CONFIG_BYTES = 1024 * 1024;

    /** Returns a loader that resolves {@code ${NAME}} from the environment of this process. */
    public static ConfigLoader withSystemEnvironment(PluginRegistry<? extends BrokerPlugin<?>> brokers,
            PluginRegistry<? extends SinkPlugin<?>> sinks) {
        return new ConfigLoader(brokers, sinks, System::getenv);
    }

    /**
     * Loads the configuration file {@code file}, which must be UTF-8. Relative paths in it, and in
     * its {@code ${file:PATH}} references, start at the file's directory.
     *
     * @throws ConfigException listing every problem, including a file that cannot be read
     */
    public AppConfig load(Path file) throws ConfigException {
        Path absolute = file.toAbsolutePath().normalize();
        String yaml;
        try {
            if (Files.isDirectory(absolute)) {
                throw fileProblem(absolute, "the path is a directory; give the path of the YAML file");
            }
            if (Files.exists(absolute) && !Files.isRegularFile(absolute)) {
                // Reading a pipe or a device could block for good or never end.
                throw fileProblem(absolute, "the path is not a regular file; give the path of the YAML file");
            }
            if (Files.size(absolute) > MAX_CONFIG_BYTES) {
                throw fileProblem(absolute, "the file is larger than 1 MiB; a configuration is a few kilobytes,"
                        + " so check that the path names the YAML file");
            }
            yaml = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(absolute))).toString();
        } catch (NoSuchFileException e) {
            throw fileProblem(absolute, "the file does not exist");
        } catch (AccessDeniedException e) {
            throw fileProblem(absolute, "permission denied; make the file readable by the user that runs the daemon");
        } catch (CharacterCodingException e) {
            throw fileProblem(absolute, "the file is not UTF-8 text");
        } catch (IOException e) {
            throw fileProblem(absolute, "reading the file failed: " + e);
        }
        return load(yaml, absolute.getParent(), absolute);
    }

    /**
     * Loads configuration from YAML text that did not come from a file, as tests and the demo do.
     *
     * @param baseDirectory where relative paths and {@code ${file:PATH}} references start
     * @throws ConfigException listing every problem
     */
    public AppConfig load(String yaml, Path baseDirectory) throws ConfigException {
        return load(yaml, baseDirectory.toAbsolutePath().normalize(), null);
    }

    private AppConfig load(String yaml, Path baseDirectory, Path file) throws ConfigException {
        Map<ConfigPath, Integer> lines = new HashMap<>();
        ProblemCollector problems = new ProblemCollector(lines);
        SensitiveValues sensitive = new SensitiveValues();

        // A byte order mark is not part of the YAML text.
        String text = yaml.startsWith("\uFEFF") ? yaml.substring(1) : yaml;
        ObjectNode root = new YamlReader(lines, problems).read(text);
        if (root == null) {
            throw new ConfigException(file, problems.sortedProblems());
        }
        root.properties().removeIf(field -> field.getKey().startsWith(EXTENSION_PREFIX));
        new ReferenceResolver(environment, baseDirectory, sensitive).resolveAll(root, problems);

        SectionBinder binder = new SectionBinder(mapper, sensitive, baseDirectory);
        ConfigDocument document = binder.bind(root, ConfigPath.ROOT, ConfigDocument.class, List.of(), problems);
        AppConfig config = document == null
                ? null
                : new ConfigAssembler(brokers, sinks, binder, sensitive, problems).assemble(document, file, baseDirectory);
        if (config == null || !problems.isEmpty()) {
            throw new ConfigException(file, problems.sortedProblems());
        }
        return config;
    }

    private static ConfigException fileProblem(Path file, String message) {
        return new ConfigException(file, List.of(new ConfigProblem("", 0, message)));
    }
}
