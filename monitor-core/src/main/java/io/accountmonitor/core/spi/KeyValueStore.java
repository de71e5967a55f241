package io.accountmonitor.core.spi;

import java.util.Optional;

/**
 * Durable small values (tokens, deal cursors) for one plugin instance, isolated from every other
 * instance. Writes are atomic: after a crash a key holds either its old or its new value.
 *
 * <p>Methods may block on disk I/O for milliseconds: call them from worker or I/O threads, never from
 * the timer thread. They are safe to call from several threads.
 */
public interface KeyValueStore {
    /**
     * Returns the value of {@code key}, or empty when it was never written or was removed.
     *
     * @throws StoreException if the stored value cannot be read; other keys remain readable
     */
    Optional<String> get(String key);

    /**
     * Stores {@code value} under {@code key} and returns once it is durable.
     *
     * @throws StoreException if the value could not be written; the old value is kept
     * @throws IllegalArgumentException if {@code key} is not 1 to 100 of {@code [A-Za-z0-9._-]}
     *     starting with a letter or digit
     */
    void put(String key, String value);

    /** Removes {@code key}; does nothing when it is absent. */
    void remove(String key);
}
