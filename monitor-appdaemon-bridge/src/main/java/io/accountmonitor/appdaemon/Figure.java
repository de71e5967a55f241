package io.accountmonitor.appdaemon;

/** One figure of an account that becomes a sensor entity. */
enum Figure {
    BALANCE("balance", "Balance", Kind.MONEY, "mdi:cash"),
    EQUITY("equity", "Equity", Kind.MONEY, "mdi:scale-balance"),
    MARGIN_USED("margin_used", "Margin used", Kind.MONEY, "mdi:lock-outline"),
    FREE_MARGIN("free_margin", "Free margin", Kind.MONEY, "mdi:lock-open-variant-outline"),
    MARGIN_LEVEL("margin_level", "Margin level", Kind.PERCENT, "mdi:gauge"),
    UNREALIZED_PNL("unrealized_pnl", "Unrealized P&L", Kind.MONEY, "mdi:chart-line"),
    OPEN_POSITIONS("open_positions", "Open positions", Kind.COUNT, "mdi:format-list-numbered");

    /** How the value is measured, which decides the Home Assistant unit, device class and state class. */
    enum Kind {
        MONEY,
        PERCENT,
        COUNT
    }

    private final String suffix;
    private final String label;
    private final Kind kind;
    private final String icon;

    Figure(String suffix, String label, Kind kind, String icon) {
        this.suffix = suffix;
        this.label = label;
        this.kind = kind;
        this.icon = icon;
    }

    String suffix() {
        return suffix;
    }

    String label() {
        return label;
    }

    Kind kind() {
        return kind;
    }

    String icon() {
        return icon;
    }
}
