package io.accountmonitor.ctrader.simulator.archfixture;

import io.accountmonitor.ctrader.archfixture.AdapterClass;

/** Breaks "the simulator uses only the protocol of the adapter". */
public class SimulatorUsingAdapter {
    public int value(AdapterClass adapter) {
        return adapter.value();
    }
}
