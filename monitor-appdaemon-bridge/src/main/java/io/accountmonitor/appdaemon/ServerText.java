package io.accountmonitor.appdaemon;

import io.accountmonitor.core.spi.Secret;

/**
 * Cleans text that AppDaemon sends, such as the {@code response_error} of a reply, before it
 * reaches the log or {@code /health}. AppDaemon may quote the rejected request in it, password
 * included, and a broken or hostile server may send megabytes or line breaks that would forge
 * log lines.
 */
final class ServerText {
    /** Most characters of one server text that are kept; the rest is replaced by a count. */
    static final int MAX_CHARACTERS = 300;

    private ServerText() {
    }

    /**
     * Returns {@code text} with every occurrence of the password, raw or JSON-escaped, masked,
     * control and invisible formatting characters replaced by spaces, and at most
     * {@link #MAX_CHARACTERS} characters kept.
     *
     * @param secret the configured password, or {@code null} when none is set
     */
    static String clean(String text, Secret secret) {
        String masked = text;
        if (secret != null && !secret.isEmpty()) {
            String password = secret.reveal();
            masked = masked.replace(password, Secret.MASK);
            String escaped = Json.NODES.textNode(password).toString();
            String inner = escaped.substring(1, escaped.length() - 1);
            if (!inner.equals(password)) {
                masked = masked.replace(inner, Secret.MASK);
            }
        }
        int keptLength = Math.min(masked.length(), MAX_CHARACTERS);
        StringBuilder clean = new StringBuilder(keptLength + 32);
        for (int i = 0; i < keptLength; i++) {
            char c = masked.charAt(i);
            clean.append(Character.isISOControl(c) || Character.getType(c) == Character.FORMAT ? ' ' : c);
        }
        if (masked.length() > keptLength) {
            clean.append("... (").append(masked.length() - keptLength).append(" more characters)");
        }
        return clean.toString();
    }
}
