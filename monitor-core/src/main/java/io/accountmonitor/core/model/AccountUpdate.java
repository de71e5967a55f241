package io.accountmonitor.core.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What changed for one account between two checks. Sinks receive it after every successful check.
 *
 * @param monitor name of the configured monitor that watches the account
 * @param previous the snapshot published before, or {@code null} for the first one since start-up
 * @param current the snapshot just fetched
 * @param newDeals deals not published before, oldest first; each deal appears in exactly one update
 */
public record AccountUpdate(String monitor, AccountSnapshot previous, AccountSnapshot current, List<Deal> newDeals) {

    public AccountUpdate {
        Objects.requireNonNull(monitor, "monitor");
        Objects.requireNonNull(current, "current");
        if (previous != null && !previous.account().equals(current.account())) {
            throw new IllegalArgumentException("update mixes accounts " + previous.account()
                    + " and " + current.account());
        }
        newDeals = List.copyOf(newDeals);
    }

    public AccountId account() {
        return current.account();
    }

    /**
     * Returns positions open now that were not open in the previous snapshot. The first update after
     * start-up reports none, so a restart does not announce every open position again.
     */
    public List<Position> openedPositions() {
        if (previous == null) {
            return List.of();
        }
        return difference(current.positions(), previous.positions());
    }

    /** Returns positions open in the previous snapshot that are no longer open. */
    public List<Position> closedPositions() {
        if (previous == null) {
            return List.of();
        }
        return difference(previous.positions(), current.positions());
    }

    private static List<Position> difference(List<Position> from, List<Position> remove) {
        Set<String> removeIds = remove.stream().map(Position::positionId).collect(Collectors.toSet());
        List<Position> result = new ArrayList<>();
        for (Position position : from) {
            if (!removeIds.contains(position.positionId())) {
                result.add(position);
            }
        }
        return List.copyOf(result);
    }
}
