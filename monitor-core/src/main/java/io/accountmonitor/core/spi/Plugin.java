package io.accountmonitor.core.spi;

import java.util.List;

/**
 * What broker and sink plugins share: a type name that configuration selects them by, and a
 * settings record that the host binds the plugin's configuration section to.
 *
 * <p>Plugins are found with {@link java.util.ServiceLoader} and instantiated once per process.
 * Their methods are called from the start-up thread before any check runs.
 *
 * @param <S> the settings record; its components are the keys of the configuration section. The
 *     host binds strings to {@link Secret}, {@link java.time.Duration} ({@code 30s}, {@code 5m})
 *     and records; missing keys arrive as {@code null}, so the record's constructor sets defaults.
 */
public interface Plugin<S> {
    /** Returns the type name used in configuration: lower case letters, digits and {@code -}. */
    String type();

    /** Returns the settings record class. */
    Class<S> settingsType();

    /**
     * Returns every problem of {@code settings}, so the host can report all of them at once before
     * anything starts. An empty list means the settings are valid.
     */
    default List<SettingsProblem> validate(S settings) {
        return List.of();
    }

    /**
     * Returns how many threads an instance with {@code settings} obtains from
     * {@link IoThreads#newExecutor}, so the host can check the thread budget before anything
     * starts. The default is 0, for a plugin that needs none.
     */
    default int ioThreads(S settings) {
        return 0;
    }
}
