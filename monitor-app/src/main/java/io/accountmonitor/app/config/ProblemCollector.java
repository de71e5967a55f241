package io.accountmonitor.app.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Problems found while loading one configuration, with the line of each taken from the YAML
 * document. Loading goes on after a problem, so one report lists all of them.
 */
final class ProblemCollector {
    private record Entry(ConfigPath path, ConfigProblem problem) {
    }

    private final Map<ConfigPath, Integer> lines;
    private final List<Entry> entries = new ArrayList<>();

    /** @param lines the line of every key and list item of the document, by path */
    ProblemCollector(Map<ConfigPath, Integer> lines) {
        this.lines = lines;
    }

    /** Returns a collector for the same document with no problems yet. */
    ProblemCollector emptyCopy() {
        return new ProblemCollector(lines);
    }

    /** Reports a problem at {@code path}, on the line of that key or of its closest ancestor in the file. */
    void report(ConfigPath path, String message) {
        report(path, lineOf(path), message);
    }

    void report(ConfigPath path, int line, String message) {
        entries.add(new Entry(path, new ConfigProblem(path.toString(), line, message)));
    }

    /**
     * Reports a problem unless one is already reported at this path, above it or below it. Checks
     * that run after binding use it, so a value that failed to bind is not also reported as missing
     * or invalid.
     */
    void reportUnlessCovered(ConfigPath path, String message) {
        if (!isCovered(path)) {
            report(path, message);
        }
    }

    /** Returns whether a problem is reported at this path, at an ancestor or at a descendant. */
    boolean isCovered(ConfigPath path) {
        return entries.stream().anyMatch(entry -> entry.path.startsWith(path) || path.startsWith(entry.path));
    }

    /** Returns whether a problem is reported at this path or below it. */
    boolean hasProblemsWithin(ConfigPath path) {
        return entries.stream().anyMatch(entry -> entry.path.startsWith(path));
    }

    void addAll(ProblemCollector other) {
        entries.addAll(other.entries);
    }

    /** Adds the problems of {@code other}, from its {@code fromIndex}-th on, that are at or below {@code path}. */
    void addWithin(ProblemCollector other, int fromIndex, ConfigPath path) {
        for (Entry entry : other.entries.subList(fromIndex, other.entries.size())) {
            if (entry.path.startsWith(path)) {
                entries.add(entry);
            }
        }
    }

    /** Returns whether a problem with this path and message is reported. */
    boolean contains(ConfigPath path, String message) {
        return entries.stream().anyMatch(entry -> entry.path.equals(path) && entry.problem.message().equals(message));
    }

    int size() {
        return entries.size();
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    /** Returns whether the file writes the key or list item at {@code path}. */
    boolean isWritten(ConfigPath path) {
        return lines.containsKey(path);
    }

    /** Returns the line of {@code path}, or of its closest ancestor with one; 0 when none has. */
    int lineOf(ConfigPath path) {
        for (ConfigPath current = path; ; current = current.parent()) {
            Integer line = lines.get(current);
            if (line != null) {
                return line;
            }
            if (current.isRoot()) {
                return 0;
            }
        }
    }

    /**
     * Returns the problems sorted by line, keeping the order of discovery within a line; problems
     * without a line come last.
     */
    List<ConfigProblem> sortedProblems() {
        return entries.stream()
                .map(Entry::problem)
                .sorted(Comparator.comparingInt(problem -> problem.line() == 0 ? Integer.MAX_VALUE : problem.line()))
                .toList();
    }
}
