package io.accountmonitor.appdaemon.archfixture;

import io.accountmonitor.scheduler.ThreadBudget;

/** Breaks "the AppDaemon bridge does not depend on other modules". */
public class BridgeUsingScheduler {
    public int budget(ThreadBudget budget) {
        return budget.maxThreads();
    }
}
