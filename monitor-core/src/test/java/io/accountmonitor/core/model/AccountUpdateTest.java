package io.accountmonitor.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccountUpdateTest {
    private static final Instant T = Instant.parse("2026-03-02T10:00:00Z");

    static Position position(String id) {
        return new Position(id, "EURUSD", TradeSide.BUY, BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ZERO,
                BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, T);
    }

    static AccountSnapshot snapshot(String account, List<Position> positions) {
        return new AccountSnapshot(AccountId.of(account), "USD", BigDecimal.TEN, BigDecimal.TEN, BigDecimal.ZERO,
                BigDecimal.TEN, null, BigDecimal.ZERO, positions, List.of(), DealCursor.startingAt(T), 1, T);
    }

    @Test
    void reportsOpenedAndClosedPositionsById() {
        AccountUpdate update = new AccountUpdate("main", snapshot("1", List.of(position("a"), position("b"))),
                snapshot("1", List.of(position("b"), position("c"))), List.of());

        assertThat(update.openedPositions()).extracting(Position::positionId).containsExactly("c");
        assertThat(update.closedPositions()).extracting(Position::positionId).containsExactly("a");
    }

    @Test
    void firstUpdateAnnouncesNoPositionChange() {
        AccountUpdate update = new AccountUpdate("main", null, snapshot("1", List.of(position("a"))), List.of());

        assertThat(update.openedPositions()).isEmpty();
        assertThat(update.closedPositions()).isEmpty();
    }

    @Test
    void rejectsSnapshotsOfDifferentAccounts() {
        assertThatThrownBy(() -> new AccountUpdate("main", snapshot("1", List.of()), snapshot("2", List.of()), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("update mixes accounts 1 and 2");
    }

    @Test
    void accountIdRejectsCharactersUnsafeForEntityIds() {
        assertThatThrownBy(() -> AccountId.of("12 34"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid account id '12 34'");
        assertThat(AccountId.of(12345678L).value()).isEqualTo("12345678");
    }
}
