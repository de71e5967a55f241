package io.accountmonitor.core.spi;

/** A key-value store could not read or write one value; the message names the key and the file. */
public final class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
