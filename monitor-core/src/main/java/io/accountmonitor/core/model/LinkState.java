package io.accountmonitor.core.model;

/** State of the link between the monitor and the broker for one account. */
public enum LinkState {
    /** Connecting or authorising; no data flows yet. */
    CONNECTING,
    /** Authorised; checks and pushed events work. */
    UP,
    /** Lost; the source retries with backoff on its own. */
    DOWN,
    /** Rejected in a way retries cannot fix, such as bad credentials; needs the user to act. */
    FAILED
}
