package io.accountmonitor.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DealCursorTest {
    private static final Instant T = Instant.parse("2026-03-02T10:00:00Z");

    static Deal deal(String id, Instant executedAt) {
        return new Deal(id, "p" + id, "EURUSD", TradeSide.SELL, BigDecimal.ONE, BigDecimal.ONE, executedAt, true,
                BigDecimal.TEN, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.TEN, null);
    }

    @Test
    void unpublishedDealsAreNew() {
        DealCursor cursor = new DealCursor(T, Set.of("7"));

        assertThat(cursor.isNew(deal("8", T.plusMillis(1)))).isTrue();
        assertThat(cursor.isNew(deal("9", T))).isTrue();
        assertThat(cursor.isNew(deal("7", T))).isFalse();
        assertThat(cursor.isNew(deal("6", T.minusMillis(1)))).isFalse();
    }

    @Test
    void advanceKeepsIdsAtNewestInstantOnly() {
        DealCursor cursor = DealCursor.startingAt(T);

        DealCursor advanced = cursor.advance(List.of(deal("1", T.plusMillis(5)), deal("2", T.plusMillis(9)),
                deal("3", T.plusMillis(9))));

        assertThat(advanced).isEqualTo(new DealCursor(T.plusMillis(9), Set.of("2", "3")));
    }

    @Test
    void advanceAtSameInstantAddsIds() {
        DealCursor cursor = new DealCursor(T, Set.of("1"));

        assertThat(cursor.advance(List.of(deal("2", T)))).isEqualTo(new DealCursor(T, Set.of("1", "2")));
        assertThat(cursor.advance(List.of())).isEqualTo(cursor);
    }

    @Test
    void encodeAndParseRoundTrip() {
        DealCursor cursor = new DealCursor(T.plusNanos(1_000_000), Set.of("20", "10"));

        String text = cursor.encode();

        assertThat(text).isEqualTo("v1 2026-03-02T10:00:00.001Z 10,20");
        assertThat(DealCursor.parse(text)).isEqualTo(cursor);
        assertThat(DealCursor.parse(DealCursor.startingAt(T).encode())).isEqualTo(DealCursor.startingAt(T));
    }

    @Test
    void parseRejectsCorruptTextQuotingIt() {
        assertThatThrownBy(() -> DealCursor.parse("garbage"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'garbage'");
        assertThatThrownBy(() -> DealCursor.parse("v1 yesterday 1"))
                .hasMessageContaining("bad instant 'yesterday'");
        assertThatThrownBy(() -> DealCursor.parse("v1 2026-03-02T10:00:00Z a b"))
                .hasMessageContaining("invalid deal id 'a b'");
        assertThatThrownBy(() -> DealCursor.parse("v2 2026-03-02T10:00:00Z"))
                .hasMessageContaining("expected 'v1");
        assertThatThrownBy(() -> DealCursor.parse("v1 2026-03-02T10:00:00Z ok,bad id"))
                .hasMessageContaining("invalid deal id 'bad id'");
    }
}
