package io.accountmonitor.ctrader.simulator;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The starting state of one trading account served by {@link CtraderSimulator}: the trader
 * entity, its assets and symbols. Positions and deals are added later through the simulator.
 *
 * <p>{@code moneyDigits} may be {@code null}: the simulator then omits the field from every
 * entity, as some servers do, and scales money by 2 decimals, the convention clients assume.
 */
public final class SimulatedAccount {
    private final long accountId;
    private final boolean live;
    private final Integer moneyDigits;
    private final BigDecimal balance;
    private final long depositAssetId;
    private final Map<Long, String> assets;
    private final Map<Long, String> symbols;
    private final Instant registeredAt;
    private final String brokerName;
    private final long traderLogin;

    private SimulatedAccount(Builder builder) {
        this.accountId = builder.accountId;
        this.live = builder.live;
        this.moneyDigits = builder.moneyDigits;
        this.balance = builder.balance;
        this.depositAssetId = builder.depositAssetId;
        this.assets = Collections.unmodifiableMap(new LinkedHashMap<>(builder.assets));
        this.symbols = Collections.unmodifiableMap(new LinkedHashMap<>(builder.symbols));
        this.registeredAt = builder.registeredAt;
        this.brokerName = builder.brokerName;
        this.traderLogin = builder.traderLogin;
    }

    /**
     * Starts an account with 10,000.00 USD, 2 money digits, demo, registered on 2025-01-01, and the
     * symbols EURUSD (1), GBPUSD (2) and XAUUSD (41).
     */
    public static Builder builder(long accountId) {
        return new Builder(accountId);
    }

    public long accountId() {
        return accountId;
    }

    public boolean live() {
        return live;
    }

    /** Returns the money digits the simulator sends, or {@code null} when it omits the field. */
    public Integer moneyDigits() {
        return moneyDigits;
    }

    /** Returns the digits money is scaled by: {@link #moneyDigits()}, or 2 when it is omitted. */
    public int effectiveMoneyDigits() {
        return moneyDigits == null ? 2 : moneyDigits;
    }

    public BigDecimal balance() {
        return balance;
    }

    public long depositAssetId() {
        return depositAssetId;
    }

    public Map<Long, String> assets() {
        return assets;
    }

    public Map<Long, String> symbols() {
        return symbols;
    }

    public Instant registeredAt() {
        return registeredAt;
    }

    public String brokerName() {
        return brokerName;
    }

    public long traderLogin() {
        return traderLogin;
    }

    public static final class Builder {
        private final long accountId;
        private boolean live;
        private Integer moneyDigits = 2;
        private BigDecimal balance = new BigDecimal("10000.00");
        private long depositAssetId = 1;
        private final Map<Long, String> assets = new LinkedHashMap<>(Map.of(1L, "USD"));
        private final Map<Long, String> symbols = new LinkedHashMap<>();
        private Instant registeredAt = Instant.parse("2025-01-01T00:00:00Z");
        private String brokerName = "Simulated Broker";
        private long traderLogin;

        private Builder(long accountId) {
            if (accountId <= 0) {
                throw new IllegalArgumentException("account id " + accountId + " is not positive");
            }
            this.accountId = accountId;
            this.traderLogin = 3_000_000 + accountId % 1_000_000;
            symbols.put(1L, "EURUSD");
            symbols.put(2L, "GBPUSD");
            symbols.put(41L, "XAUUSD");
        }

        /** Sets whether the account is live; the token's account list reports it as {@code isLive}. */
        public Builder live(boolean value) {
            this.live = value;
            return this;
        }

        /** Sets the money digits of every entity of the account; {@code null} omits the field. */
        public Builder moneyDigits(Integer value) {
            if (value != null && (value < 0 || value > 12)) {
                throw new IllegalArgumentException("moneyDigits " + value + " is outside 0..12");
            }
            this.moneyDigits = value;
            return this;
        }

        /** Sets the starting balance in the deposit currency, for example {@code "10000.00"}. */
        public Builder balance(String value) {
            this.balance = new BigDecimal(value);
            return this;
        }

        /** Sets the deposit currency and adds it to the account's assets. */
        public Builder depositAsset(long assetId, String name) {
            this.depositAssetId = assetId;
            assets.put(assetId, Objects.requireNonNull(name, "name"));
            return this;
        }

        public Builder asset(long assetId, String name) {
            assets.put(assetId, Objects.requireNonNull(name, "name"));
            return this;
        }

        /** Adds or renames a symbol of the account's symbol list. */
        public Builder symbol(long symbolId, String name) {
            symbols.put(symbolId, Objects.requireNonNull(name, "name"));
            return this;
        }

        /** Removes every symbol, so the account's symbol list is empty. */
        public Builder noSymbols() {
            symbols.clear();
            return this;
        }

        /** Sets the registration time, the earliest time the account's history covers. */
        public Builder registeredAt(Instant value) {
            this.registeredAt = Objects.requireNonNull(value, "value");
            return this;
        }

        public Builder brokerName(String value) {
            this.brokerName = Objects.requireNonNull(value, "value");
            return this;
        }

        public SimulatedAccount build() {
            if (!assets.containsKey(depositAssetId)) {
                throw new IllegalStateException("deposit asset " + depositAssetId + " of account " + accountId
                        + " is not among its assets");
            }
            return new SimulatedAccount(this);
        }
    }
}
