package io.accountmonitor.app.config;

/**
 * The HTTP status endpoint ({@code /health} and {@code /metrics}).
 *
 * @param listen {@code host:port} to listen on, or {@code null} to disable the endpoint. The host
 *     must be a loopback address, because the endpoint has no authentication.
 */
public record StatusConfig(String listen) {
    /** Threads of the thread budget that read and answer status requests. */
    public static final int THREADS = 2;

    public static StatusConfig disabled() {
        return new StatusConfig(null);
    }

    public boolean enabled() {
        return listen != null;
    }

    /** Returns the host part of {@link #listen}. */
    public String host() {
        return listen.substring(0, listen.lastIndexOf(':'));
    }

    /** Returns the port part of {@link #listen}; 0 lets the system choose one. */
    public int port() {
        return Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1));
    }
}
