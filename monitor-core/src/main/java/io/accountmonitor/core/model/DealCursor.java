package io.accountmonitor.core.model;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Position in an account's deal history: every deal executed before {@code since}, and the deals
 * listed in {@code dealIdsAtSince} that executed exactly at {@code since}, are already published.
 *
 * <p>Brokers stamp deals with millisecond times, and several deals can share one millisecond, so a
 * timestamp alone cannot tell a published deal from a new one at the same instant. The set keeps
 * only the ids at the newest instant, so it stays small.
 *
 * @param since execution time of the newest published deal
 * @param dealIdsAtSince ids of the published deals executed exactly at {@code since}
 */
public record DealCursor(Instant since, Set<String> dealIdsAtSince) {
    private static final String FORMAT_VERSION = "v1";
    private static final Pattern DEAL_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

    public DealCursor {
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(dealIdsAtSince, "dealIdsAtSince");
        for (String id : dealIdsAtSince) {
            requireValidDealId(id);
        }
        dealIdsAtSince = Set.copyOf(dealIdsAtSince);
    }

    /** Returns a cursor that treats every deal executed at or after {@code since} as new. */
    public static DealCursor startingAt(Instant since) {
        return new DealCursor(since, Set.of());
    }

    /** Returns whether {@code deal} comes after this cursor, that is, has not been published. */
    public boolean isNew(Deal deal) {
        int order = deal.executedAt().compareTo(since);
        return order > 0 || (order == 0 && !dealIdsAtSince.contains(deal.dealId()));
    }

    /** Returns the cursor after {@code deals} are published; deals at or before it change nothing. */
    public DealCursor advance(Collection<Deal> deals) {
        Instant newest = since;
        for (Deal deal : deals) {
            if (deal.executedAt().isAfter(newest)) {
                newest = deal.executedAt();
            }
        }
        Set<String> ids = new TreeSet<>();
        if (newest.equals(since)) {
            ids.addAll(dealIdsAtSince);
        }
        for (Deal deal : deals) {
            if (deal.executedAt().equals(newest)) {
                ids.add(deal.dealId());
            }
        }
        return new DealCursor(newest, ids);
    }

    /** Encodes the cursor as one line of text for the key-value store; {@link #parse} reads it. */
    public String encode() {
        String encoded = FORMAT_VERSION + " " + since;
        return dealIdsAtSince.isEmpty() ? encoded : encoded + " " + String.join(",", new TreeSet<>(dealIdsAtSince));
    }

    /**
     * Parses the output of {@link #encode}.
     *
     * @throws IllegalArgumentException if {@code text} is not an encoded cursor; the message quotes it
     */
    public static DealCursor parse(String text) {
        Objects.requireNonNull(text, "text");
        String[] parts = text.strip().split(" ", 3);
        if (parts.length < 2 || !parts[0].equals(FORMAT_VERSION)) {
            throw new IllegalArgumentException("invalid deal cursor '" + text
                    + "': expected 'v1 <ISO-8601 instant> <comma-separated deal ids>'");
        }
        Instant since;
        try {
            since = Instant.parse(parts[1]);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("invalid deal cursor '" + text + "': bad instant '"
                    + parts[1] + "'", e);
        }
        Set<String> ids = new TreeSet<>();
        if (parts.length == 3) {
            for (String id : parts[2].split(",", -1)) {
                ids.add(id);
            }
        }
        try {
            return new DealCursor(since, ids);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid deal cursor '" + text + "': " + e.getMessage(), e);
        }
    }

    private static void requireValidDealId(String id) {
        if (id == null || !DEAL_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("invalid deal id '" + id
                    + "': use 1 to 64 letters, digits, '_', '.', ':' or '-'");
        }
    }
}
