package io.accountmonitor.app.config;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as configuration writes them: a number and a unit ({@code 500ms}, {@code 30s},
 * {@code 1.5m}, {@code 1h}, {@code 2d}, where a day is 24 hours), ISO-8601 ({@code PT30S}), or
 * {@code 0}. Negative durations and durations above {@link #MAX} are invalid.
 */
final class Durations {
    /** The hint that messages about an invalid duration end with. */
    static final String FORMAT_HINT = "use a number and a unit (ms, s, m, h, d), such as 2s";

    /**
     * The longest duration any setting accepts. Every interval and timeout of the daemon is far
     * shorter, and the limit keeps sums such as {@code now + timeout} inside a 64-bit count of
     * nanoseconds, which ends after about 292 years.
     */
    static final Duration MAX = Duration.ofDays(30);

    private static final Pattern NUMBER_AND_UNIT = Pattern.compile("(-?\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)");
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(?:\\.\\d+)?");
    private static final Pattern ISO_DURATION_IN_TEXT = Pattern.compile("(?<![A-Za-z0-9])-?PT[0-9.HMS-]+");
    private static final BigInteger NANOS_PER_SECOND = BigInteger.valueOf(1_000_000_000L);

    private record Unit(String symbol, Duration length) {
    }

    private static final List<Unit> UNITS_LARGEST_FIRST = List.of(
            new Unit("d", Duration.ofDays(1)),
            new Unit("h", Duration.ofHours(1)),
            new Unit("m", Duration.ofMinutes(1)),
            new Unit("s", Duration.ofSeconds(1)),
            new Unit("ms", Duration.ofMillis(1)));

    private Durations() {
    }

    /**
     * Parses a duration.
     *
     * @throws IllegalArgumentException with the reason and what to write instead, without the text
     *     itself, so the caller can decide how to quote it
     */
    static Duration parse(String text) {
        Duration duration = parseUnbounded(text);
        if (duration.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("the longest accepted duration is " + format(MAX) + "; use at most that");
        }
        return duration;
    }

    private static Duration parseUnbounded(String text) {
        String trimmed = text.strip();
        if (trimmed.startsWith("-")) {
            throw new IllegalArgumentException("a duration must not be negative");
        }
        if (trimmed.equals("0")) {
            return Duration.ZERO;
        }
        if (trimmed.startsWith("P") || trimmed.startsWith("p")) {
            return parseIso(trimmed);
        }
        Matcher matcher = NUMBER_AND_UNIT.matcher(trimmed);
        if (matcher.matches()) {
            return ofAmount(new BigDecimal(matcher.group(1)), unit(matcher.group(2)));
        }
        if (NUMBER.matcher(trimmed).matches()) {
            throw new IllegalArgumentException("add a unit (ms, s, m, h, d), such as " + trimmed + "s");
        }
        throw new IllegalArgumentException(FORMAT_HINT);
    }

    /**
     * Formats {@code duration} in the largest unit that expresses it exactly ({@code 90s},
     * {@code 5m}, {@code 1500ms}), so {@link #parse} returns the same duration. Durations with a part
     * smaller than a millisecond are written in ISO-8601.
     */
    static String format(Duration duration) {
        if (duration.isZero()) {
            return "0s";
        }
        for (Unit unit : UNITS_LARGEST_FIRST) {
            if (!duration.isNegative() && isMultipleOf(duration, unit.length)) {
                return duration.dividedBy(unit.length) + unit.symbol;
            }
        }
        return duration.toString();
    }

    /**
     * Returns {@code message} with every ISO-8601 duration written by {@link Duration#toString()}
     * ({@code PT0.5S}) rewritten in the configuration's form ({@code 500ms}). Messages from
     * {@code Schedule.problems} use {@code Duration#toString()}.
     */
    static String rewriteIsoDurations(String message) {
        Matcher matcher = ISO_DURATION_IN_TEXT.matcher(message);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String replacement;
            try {
                replacement = format(Duration.parse(matcher.group()));
            } catch (DateTimeParseException e) {
                replacement = matcher.group();
            }
            matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(result);
        return result.toString();
    }

    private static Duration parseIso(String text) {
        Duration duration;
        try {
            duration = Duration.parse(text.toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(FORMAT_HINT + ", or ISO-8601 such as PT2S");
        }
        if (duration.isNegative()) {
            throw new IllegalArgumentException("a duration must not be negative");
        }
        return duration;
    }

    private static Duration ofAmount(BigDecimal amount, Duration unit) {
        BigDecimal nanos = amount.multiply(new BigDecimal(nanosOf(unit)));
        if (nanos.stripTrailingZeros().scale() > 0) {
            throw new IllegalArgumentException("the smallest step is one nanosecond");
        }
        BigInteger[] secondsAndNanos = nanos.toBigIntegerExact().divideAndRemainder(NANOS_PER_SECOND);
        if (secondsAndNanos[0].bitLength() > 63) {
            throw new IllegalArgumentException("the duration is too long");
        }
        return Duration.ofSeconds(secondsAndNanos[0].longValueExact(), secondsAndNanos[1].longValueExact());
    }

    private static Duration unit(String symbol) {
        return UNITS_LARGEST_FIRST.stream().filter(unit -> unit.symbol.equals(symbol)).findFirst().orElseThrow().length;
    }

    private static boolean isMultipleOf(Duration duration, Duration unit) {
        return nanosOf(duration).mod(nanosOf(unit)).signum() == 0;
    }

    private static BigInteger nanosOf(Duration duration) {
        return BigInteger.valueOf(duration.getSeconds()).multiply(NANOS_PER_SECOND)
                .add(BigInteger.valueOf(duration.getNano()));
    }
}
