package io.accountmonitor.core.plugin;

/** The plugins on the class path, or the configured plugin types, do not fit together. */
public final class PluginException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PluginException(String message) {
        super(message);
    }
}
