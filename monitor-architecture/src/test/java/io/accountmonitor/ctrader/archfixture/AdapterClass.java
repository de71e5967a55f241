package io.accountmonitor.ctrader.archfixture;

/** An adapter class for the simulator fixture to depend on. */
public class AdapterClass {
    public int value() {
        return 1;
    }
}
