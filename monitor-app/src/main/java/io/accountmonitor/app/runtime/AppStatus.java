package io.accountmonitor.app.runtime;

import io.accountmonitor.core.model.LinkState;
import java.time.Instant;
import java.util.List;

/**
 * Status of the whole daemon, as {@code /health} reports it.
 *
 * @param time when the status was taken
 * @param monitors every monitor with its accounts
 * @param sinks every sink
 * @param liveThreads threads the scheduler created that are alive
 * @param threadBudget the most threads the scheduler may create
 */
public record AppStatus(Instant time, List<MonitorStatus> monitors, List<SinkStatus> sinks,
        int liveThreads, int threadBudget) {

    /** Overall health: {@code UP} when every monitor is connected and every check's last run succeeded. */
    public Health health() {
        boolean allDown = !monitors.isEmpty();
        boolean allHealthy = true;
        for (MonitorStatus monitor : monitors) {
            LinkState state = monitor.connection().state();
            allDown &= state == LinkState.DOWN || state == LinkState.FAILED;
            allHealthy &= state == LinkState.UP;
            for (AccountStatus account : monitor.accounts()) {
                allHealthy &= account.loop().consecutiveFailures() == 0;
            }
        }
        if (allDown) {
            return Health.DOWN;
        }
        return allHealthy ? Health.UP : Health.DEGRADED;
    }

    /** Overall health states. */
    public enum Health {
        UP,
        DEGRADED,
        DOWN
    }

    /** One sink. */
    public record SinkStatus(String name, String type) {
    }
}
