package io.accountmonitor.ctrader;

import java.util.Locale;

/**
 * Where the Open API server is and which accounts of a token belong to it.
 *
 * @param host host name or address
 * @param port TCP port of the protobuf endpoint
 * @param defaultTokenAccounts the accounts of a token to watch unless {@code tokenAccounts} says otherwise
 */
record Endpoint(String host, int port, TokenAccounts defaultTokenAccounts) {
    /** Protobuf port of Spotware's endpoints; 5036 is their JSON port. */
    static final int OPEN_API_PORT = 5035;
    static final String LIVE_HOST = "live.ctraderapi.com";
    static final String DEMO_HOST = "demo.ctraderapi.com";

    /** Which accounts of an access token a monitor watches, by their {@code isLive} flag. */
    enum TokenAccounts {
        LIVE,
        DEMO,
        ALL;

        boolean accepts(boolean isLive) {
            return this == ALL || (this == LIVE) == isLive;
        }

        /** Parses {@code live}, {@code demo} or {@code all}, ignoring case. */
        static TokenAccounts parse(String value) {
            return switch (value.strip().toLowerCase(Locale.ROOT)) {
                case "live" -> LIVE;
                case "demo" -> DEMO;
                case "all" -> ALL;
                default -> throw new IllegalArgumentException("'" + value + "' is not live, demo or all");
            };
        }
    }

    /**
     * Parses {@code live}, {@code demo} or {@code host:port} (IPv6 as {@code [address]:port}).
     *
     * @throws IllegalArgumentException with a message that says what form is expected
     */
    static Endpoint parse(String environment) {
        if (environment == null || environment.isBlank()) {
            throw new IllegalArgumentException("is missing; set live, demo or host:port");
        }
        String value = environment.strip();
        if (value.equalsIgnoreCase("live")) {
            return new Endpoint(LIVE_HOST, OPEN_API_PORT, TokenAccounts.LIVE);
        }
        if (value.equalsIgnoreCase("demo")) {
            return new Endpoint(DEMO_HOST, OPEN_API_PORT, TokenAccounts.DEMO);
        }
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new IllegalArgumentException("'" + value + "' is not live, demo or host:port");
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new IllegalArgumentException("'" + value + "' has an IPv6 address; write it as [address]:port");
        }
        if (host.isEmpty() || host.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("'" + value + "' has an invalid host");
        }
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + value + "' has an invalid port; use 1 to 65535");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("'" + value + "' has port " + port + "; use 1 to 65535");
        }
        return new Endpoint(host, port, TokenAccounts.ALL);
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
