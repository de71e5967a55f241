package io.accountmonitor.ctrader.archfixture;

import io.accountmonitor.ctrader.simulator.archfixture.SimulatorUsingAdapter;

/** Breaks "the cTrader adapter does not depend on the simulator". */
public class AdapterUsingSimulator {
    public int value(SimulatorUsingAdapter simulator) {
        return simulator.value(new AdapterClass());
    }
}
