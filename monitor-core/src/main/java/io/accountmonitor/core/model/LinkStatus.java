package io.accountmonitor.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * Link state of one account with the reason for the last change.
 *
 * @param state the state
 * @param detail a short reason for users, never containing a secret; empty when there is none
 * @param since when the state was entered, from the host clock
 */
public record LinkStatus(LinkState state, String detail, Instant since) {
    public LinkStatus {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(since, "since");
    }
}
