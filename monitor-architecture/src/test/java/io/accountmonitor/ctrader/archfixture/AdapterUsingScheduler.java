package io.accountmonitor.ctrader.archfixture;

import io.accountmonitor.scheduler.ThreadBudget;

/** Breaks "the cTrader adapter does not depend on other modules". */
public class AdapterUsingScheduler {
    public int budget(ThreadBudget budget) {
        return budget.maxThreads();
    }
}
