package io.accountmonitor.app.runtime;

/** Start-up failed for a reason other than the configuration file, such as a port in use. */
public final class StartupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
