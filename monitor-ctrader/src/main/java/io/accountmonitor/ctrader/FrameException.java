package io.accountmonitor.ctrader;

import java.io.IOException;

/** A frame broke the framing rules; the connection that carried it is closed and replaced. */
final class FrameException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Kind of framing fault. */
    enum Kind {
        EMPTY,
        TOO_LARGE,
        MALFORMED
    }

    private final Kind kind;

    FrameException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    Kind kind() {
        return kind;
    }
}
