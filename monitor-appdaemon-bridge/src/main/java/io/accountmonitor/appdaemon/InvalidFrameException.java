package io.accountmonitor.appdaemon;

import java.util.List;

/** A frame failed validation and must not be sent; the message lists every problem. */
final class InvalidFrameException extends Exception {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    InvalidFrameException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    List<String> problems() {
        return problems;
    }
}
