package io.accountmonitor.ctrader;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-account data that rarely changes and is loaded once: the asset names (for the deposit currency),
 * the symbol names and the registration time. Kept across reconnects, because ids are stable on a
 * broker's server. Thread-safe.
 */
final class AccountCaches {
    private final Map<Long, Map<Long, String>> assets = new ConcurrentHashMap<>();
    /** Symbol names are reloaded at most this often when a position or deal names an unknown symbol. */
    private static final long SYMBOL_RELOAD_NANOS = 10L * 60 * 1_000_000_000L;

    private record SymbolNames(Map<Long, String> names, long loadedAtNanos) {
    }

    private final Map<Long, SymbolNames> symbols = new ConcurrentHashMap<>();
    private final Map<Long, Long> registrationMillis = new ConcurrentHashMap<>();

    Optional<Map<Long, String>> assets(long accountId) {
        return Optional.ofNullable(assets.get(accountId));
    }

    void putAssets(long accountId, Map<Long, String> names) {
        assets.put(accountId, Map.copyOf(names));
    }

    Optional<Map<Long, String>> symbols(long accountId) {
        return Optional.ofNullable(symbols.get(accountId)).map(SymbolNames::names);
    }

    void putSymbols(long accountId, Map<Long, String> names, long nowNanos) {
        symbols.put(accountId, new SymbolNames(Map.copyOf(names), nowNanos));
    }

    /** Forgets the symbol names of an account that lack a symbol in use, unless they were loaded recently. */
    void symbolMissing(long accountId, long nowNanos) {
        symbols.computeIfPresent(accountId,
                (id, cached) -> nowNanos - cached.loadedAtNanos() >= SYMBOL_RELOAD_NANOS ? null : cached);
    }

    /** Forgets the symbol names of an account, after the server announced that symbols changed. */
    void symbolsChanged(long accountId) {
        symbols.remove(accountId);
    }

    /** Returns the registration time in epoch milliseconds, or empty when not known yet. */
    Optional<Long> registrationMillis(long accountId) {
        return Optional.ofNullable(registrationMillis.get(accountId));
    }

    void putRegistrationMillis(long accountId, long millis) {
        registrationMillis.put(accountId, millis);
    }
}
