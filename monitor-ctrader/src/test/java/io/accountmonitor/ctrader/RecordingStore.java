package io.accountmonitor.ctrader;

import io.accountmonitor.core.spi.KeyValueStore;
import io.accountmonitor.core.spi.StoreException;
import io.accountmonitor.scheduler.virtual.InMemoryKeyValueStore;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * A key-value store in memory that appends each successful write to a shared timeline. It can
 * fail writes on request, as a full disk would.
 */
final class RecordingStore implements KeyValueStore {
    private final InMemoryKeyValueStore values = new InMemoryKeyValueStore();
    private final List<String> timeline;
    private volatile boolean failWrites;

    RecordingStore(List<String> timeline) {
        this.timeline = timeline;
    }

    void failWrites(boolean fail) {
        this.failWrites = fail;
    }

    @Override
    public Optional<String> get(String key) {
        return values.get(key);
    }

    @Override
    public void put(String key, String value) {
        if (failWrites) {
            throw new StoreException("cannot write " + key + ": disk full", new IOException("No space left on device"));
        }
        values.put(key, value);
        timeline.add("saved " + key);
    }

    @Override
    public void remove(String key) {
        values.remove(key);
    }
}
