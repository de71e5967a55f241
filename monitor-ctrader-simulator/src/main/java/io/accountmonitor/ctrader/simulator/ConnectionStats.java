package io.accountmonitor.ctrader.simulator;

import java.util.Set;

/**
 * What the simulator counted on one client connection, as a copy taken at one moment.
 *
 * @param connectionId the simulator's number of the connection, starting at 1
 * @param open whether the connection was open when the copy was taken
 * @param applicationAuthorised whether the application authorised itself on it
 * @param accountAuthRequests account-auth requests received, with or without reply
 * @param requests requests received, heartbeats excluded
 * @param heartbeats heartbeats received from the client
 * @param rateLimitRejections requests rejected with {@code REQUEST_FREQUENCY_EXCEEDED}
 * @param authorisedAccounts accounts authorised on the connection at that moment
 */
public record ConnectionStats(
        long connectionId,
        boolean open,
        boolean applicationAuthorised,
        int accountAuthRequests,
        int requests,
        int heartbeats,
        int rateLimitRejections,
        Set<Long> authorisedAccounts) {

    public ConnectionStats {
        authorisedAccounts = Set.copyOf(authorisedAccounts);
    }
}
