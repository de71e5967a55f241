package io.accountmonitor.app.runtime;

import io.accountmonitor.core.model.LinkStatus;
import java.util.List;

/**
 * Status of one monitor.
 *
 * @param name the monitor's name
 * @param brokerType the broker plugin's type
 * @param connection the state of its broker connection
 * @param accounts its accounts, ordered by id
 */
public record MonitorStatus(String name, String brokerType, LinkStatus connection, List<AccountStatus> accounts) {
    public MonitorStatus {
        accounts = List.copyOf(accounts);
    }
}
