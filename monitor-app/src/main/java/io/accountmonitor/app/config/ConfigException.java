package io.accountmonitor.app.config;

import java.nio.file.Path;
import java.util.List;

/**
 * Every problem of a configuration file, found before anything starts. The message is the whole
 * report, one problem per line in file order, ready to print:
 *
 * <pre>
 * Invalid configuration in /etc/account-monitor/config.yaml (2 problems):
 *   line 4, monitors[0].broker.clientSecret: environment variable CTRADER_CLIENT_SECRET is not set; ...
 *   line 9, monitors[0].schedule.debounce: invalid duration '2x'; use a number and a unit ...
 * </pre>
 */
public final class ConfigException extends Exception {
    private final String file;
    private final List<ConfigProblem> problems;

    /**
     * @param file the configuration file, or {@code null} when the YAML did not come from a file
     * @param problems at least one problem
     */
    public ConfigException(Path file, List<ConfigProblem> problems) {
        super(report(file, problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a configuration exception needs at least one problem");
        }
        this.file = file == null ? null : file.toString();
        this.problems = List.copyOf(problems);
    }

    /** Returns the problems in file order; problems without a line come last. */
    public List<ConfigProblem> problems() {
        return problems;
    }

    /** Returns the configuration file, or {@code null} when the YAML did not come from a file. */
    public Path file() {
        return file == null ? null : Path.of(file);
    }

    private static String report(Path file, List<ConfigProblem> problems) {
        StringBuilder report = new StringBuilder("Invalid configuration");
        if (file != null) {
            report.append(" in ").append(file);
        }
        report.append(" (").append(problems.size()).append(problems.size() == 1 ? " problem):" : " problems):");
        for (ConfigProblem problem : problems) {
            report.append("\n  ").append(problem);
        }
        return report.toString();
    }
}
