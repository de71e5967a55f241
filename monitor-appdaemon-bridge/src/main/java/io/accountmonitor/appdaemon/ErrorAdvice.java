package io.accountmonitor.appdaemon;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns an error reply of AppDaemon into a kind for metrics and a sentence that states what to fix.
 * The texts matched are those of AppDaemon 4.5 ({@code appdaemon/stream/adstream.py} and the
 * exceptions its services raise).
 */
final class ErrorAdvice {
    /**
     * The password that AppDaemon 4.5.0 to 4.5.12 actually compare against: the configuration model
     * masks {@code http.password} before the HTTP component reads it (fixed after 4.5.12).
     */
    static final String MASKED_PASSWORD_OF_BUGGY_RELEASES = "**********";

    private static final Pattern UNKNOWN_NAMESPACE = Pattern.compile("(?i)unknown namespace '?([^'\\s]*)'?");

    /** Kind of problem behind an error reply, used as the {@code kind} tag of the error metric. */
    enum Kind {
        AUTHORIZATION,
        NAMESPACE,
        SERVICE,
        REQUEST,
        APPDAEMON;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * An error reply, classified.
     *
     * @param kind the kind of problem
     * @param message what failed and what to do about it, without any secret
     */
    record Advice(Kind kind, String message) {
    }

    private ErrorAdvice() {
    }

    /**
     * Classifies {@code error}, the {@code response_error} of a reply to {@code requestType}.
     *
     * @param namespace the configured namespace
     * @param passwordSet whether the sink sends a password in {@code hello}
     */
    static Advice of(String requestType, String error, String namespace, boolean passwordSet) {
        String lower = error.toLowerCase(Locale.ROOT);
        if (lower.contains("authorization failed")) {
            String message = passwordSet
                    ? "AppDaemon rejected the password. Set password to http.password of appdaemon.yaml."
                            + " AppDaemon 4.5.0 to 4.5.12 accept only the literal " + MASKED_PASSWORD_OF_BUGGY_RELEASES
                            + " (ten asterisks) because of a bug fixed after 4.5.12: on those releases set"
                            + " password: '" + MASKED_PASSWORD_OF_BUGGY_RELEASES + "', or remove http.password"
                            + " and bind AppDaemon to a trusted interface."
                    : "AppDaemon requires a password. Set password to http.password of appdaemon.yaml"
                            + " (on AppDaemon 4.5.0 to 4.5.12 use the literal " + MASKED_PASSWORD_OF_BUGGY_RELEASES
                            + " because of a bug fixed after 4.5.12).";
            return new Advice(Kind.AUTHORIZATION, message);
        }
        if (lower.contains("unauthorized")) {
            return new Advice(Kind.AUTHORIZATION, "AppDaemon refused " + requestType + " before a successful hello;"
                    + " set password to http.password of appdaemon.yaml.");
        }
        Matcher namespaceMatch = UNKNOWN_NAMESPACE.matcher(error);
        if (namespaceMatch.find()) {
            String name = namespaceMatch.group(1).isEmpty() ? namespace : namespaceMatch.group(1);
            return new Advice(Kind.NAMESPACE, "Namespace '" + name + "' does not exist in AppDaemon. Declare it in"
                    + " appdaemon.yaml under appdaemon: namespaces: (for example " + name
                    + ": {writeback: safe}) and restart AppDaemon, or set namespace: default.");
        }
        if (lower.contains("unknown service") || lower.contains("unknown domain")
                || lower.contains("invalid domain") || lower.contains("invalid service")) {
            return new Advice(Kind.SERVICE, "Namespace '" + namespace + "' does not offer the state/set service."
                    + " AppDaemon registers it for default, rules, plugin and user namespaces, not for admin;"
                    + " set namespace to one of those.");
        }
        if (lower.contains("unavailable request") || lower.contains("forbidden request")
                || lower.contains("uncallable request") || lower.contains("invalid")) {
            return new Advice(Kind.REQUEST, "AppDaemon does not accept this " + requestType + " request;"
                    + " this client is written for AppDaemon 4.5, so check AppDaemon's version.");
        }
        return new Advice(Kind.APPDAEMON, "AppDaemon failed to handle " + requestType + "; its log has the cause.");
    }
}
