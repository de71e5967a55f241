package io.accountmonitor.scheduler.virtual;

import io.accountmonitor.core.spi.KeyValueStore;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** A {@link KeyValueStore} in memory, with the key rules of the file store, for tests. */
public final class InMemoryKeyValueStore implements KeyValueStore {
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private final Map<String, String> values = new ConcurrentHashMap<>();

    @Override
    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(requireValidKey(key)));
    }

    @Override
    public void put(String key, String value) {
        values.put(requireValidKey(key), Objects.requireNonNull(value, "value"));
    }

    @Override
    public void remove(String key) {
        values.remove(requireValidKey(key));
    }

    /** Returns a copy of every key and value, for assertions. */
    public Map<String, String> contents() {
        return Map.copyOf(values);
    }

    private static String requireValidKey(String key) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("invalid store key '" + key + "': use 1 to 100 of [A-Za-z0-9._-], starting with a letter or digit");
        }
        return key;
    }
}
