package io.accountmonitor.app.runtime;

import io.accountmonitor.core.model.LinkState;
import io.accountmonitor.core.model.LinkStatus;
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

    /**
     * Overall health: {@code UP} when every monitor is connected, every check's last run succeeded
     * and every sink with a destination delivers; {@code DOWN} when every monitor is down.
     */
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
        for (SinkStatus sink : sinks) {
            allHealthy &= sink.link() == null || sink.link().state() == LinkState.UP;
        }
        return allHealthy ? Health.UP : Health.DEGRADED;
    }

    /** Overall health states. */
    public enum Health {
        UP,
        DEGRADED,
        DOWN
    }

    /**
     * One sink.
     *
     * @param link the state of its link to its destination, or {@code null} for a sink without one
     */
    public record SinkStatus(String name, String type, LinkStatus link) {
    }
}
