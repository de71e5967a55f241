package io.accountmonitor.app.config;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The "did you mean" part of messages about unknown keys and names. */
final class KeySuggestions {
    private KeySuggestions() {
    }

    /**
     * Returns the message for an unknown key: a suggestion when one known key is close to it, and the
     * list of known keys.
     */
    static String unknownKeyMessage(String key, List<String> knownKeys) {
        if (knownKeys.isEmpty()) {
            return "unknown key; this section takes no keys";
        }
        String known = String.join(", ", knownKeys);
        return closest(key, knownKeys)
                .map(suggestion -> "unknown key; did you mean '" + suggestion + "'? Known keys: " + known)
                .orElse("unknown key; known keys: " + known);
    }

    /**
     * Returns the candidate most likely meant by {@code typed}: one that differs only in case, starts
     * with it, or is within a small edit distance (a quarter of its length, at least 1 and at most 3,
     * counting a swap of two neighbors as one edit).
     */
    static Optional<String> closest(String typed, List<String> candidates) {
        String lower = typed.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            String candidateLower = candidate.toLowerCase(Locale.ROOT);
            int distance = candidateLower.equals(lower) ? 0 : editDistance(lower, candidateLower);
            if (distance > Math.max(1, Math.min(3, candidate.length() / 4))
                    && !(lower.length() >= 4 && candidateLower.startsWith(lower))) {
                continue;
            }
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Returns the optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbors. */
    static int editDistance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
