package io.accountmonitor.core.model;

/** Direction of a position or deal. */
public enum TradeSide {
    BUY,
    SELL
}
