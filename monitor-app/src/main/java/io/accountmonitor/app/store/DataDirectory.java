package io.accountmonitor.app.store;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Layout of the data directory: one store per monitor's broker plugin (tokens), one per monitor
 * for deal cursors, and one per sink.
 *
 * <pre>
 * data/
 *   monitors/&lt;monitor&gt;/broker/    written by the broker plugin, such as refreshed tokens
 *   monitors/&lt;monitor&gt;/cursors/   one deal cursor per account
 *   sinks/&lt;sink&gt;/                 written by the sink plugin, such as undelivered events
 * </pre>
 */
public final class DataDirectory {
    private final Path root;

    public DataDirectory(Path root) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    public FileKeyValueStore brokerStore(String monitor) {
        return new FileKeyValueStore(root.resolve("monitors").resolve(monitor).resolve("broker"));
    }

    public FileKeyValueStore cursorStore(String monitor) {
        return new FileKeyValueStore(root.resolve("monitors").resolve(monitor).resolve("cursors"));
    }

    public FileKeyValueStore sinkStore(String sink) {
        return new FileKeyValueStore(root.resolve("sinks").resolve(sink));
    }
}
