package io.accountmonitor.app.config;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A position in the configuration tree, written the way error reports show it:
 * {@code monitors[0].broker.clientSecret}. Each segment is a mapping key ({@link String}) or a list
 * index ({@link Integer}).
 */
record ConfigPath(List<Object> segments) {
    static final ConfigPath ROOT = new ConfigPath(List.of());

    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Pattern DISPLAY_SEGMENT = Pattern.compile("([^.\\[\\]]*)((?:\\[\\d{1,9}])*)");
    private static final Pattern INDEX = Pattern.compile("\\[(\\d+)]");

    ConfigPath {
        segments = List.copyOf(segments);
    }

    ConfigPath key(String key) {
        return append(key);
    }

    ConfigPath index(int index) {
        return append(index);
    }

    /** Returns this path followed by every segment of {@code relative}. */
    ConfigPath resolve(ConfigPath relative) {
        List<Object> joined = new ArrayList<>(segments);
        joined.addAll(relative.segments);
        return new ConfigPath(joined);
    }

    boolean isRoot() {
        return segments.isEmpty();
    }

    /** Returns the enclosing path; the root is its own parent. */
    ConfigPath parent() {
        return isRoot() ? this : new ConfigPath(segments.subList(0, segments.size() - 1));
    }

    /** Returns whether {@code prefix} is this path or one of its ancestors. */
    boolean startsWith(ConfigPath prefix) {
        return prefix.segments.size() <= segments.size()
                && segments.subList(0, prefix.segments.size()).equals(prefix.segments);
    }

    /**
     * Parses a path relative to a section in the display form used by plugins and by
     * {@code Schedule.problems}: keys separated by dots, list indexes in brackets, such as
     * {@code accounts[2]} or {@code backoff.max}. The empty string is the section itself.
     *
     * @throws IllegalArgumentException if the text is not in that form
     */
    static ConfigPath parse(String text) {
        if (text.isEmpty()) {
            return ROOT;
        }
        List<Object> segments = new ArrayList<>();
        for (String part : text.split("\\.", -1)) {
            var matcher = DISPLAY_SEGMENT.matcher(part);
            if (!matcher.matches() || (matcher.group(1).isEmpty() && matcher.group(2).isEmpty())) {
                throw new IllegalArgumentException("invalid configuration path '" + text + "'");
            }
            if (!matcher.group(1).isEmpty()) {
                segments.add(matcher.group(1));
            }
            var index = INDEX.matcher(matcher.group(2));
            while (index.find()) {
                segments.add(Integer.parseInt(index.group(1)));
            }
        }
        return new ConfigPath(segments);
    }

    /** Returns the display form; keys other than letters, digits, {@code _} and {@code -} are quoted. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (Object segment : segments) {
            if (segment instanceof Integer index) {
                text.append('[').append(index).append(']');
            } else if (PLAIN_KEY.matcher((String) segment).matches()) {
                if (text.length() > 0) {
                    text.append('.');
                }
                text.append(segment);
            } else {
                text.append("[\"").append(segment).append("\"]");
            }
        }
        return text.toString();
    }

    private ConfigPath append(Object segment) {
        List<Object> longer = new ArrayList<>(segments);
        longer.add(segment);
        return new ConfigPath(longer);
    }
}
