package io.accountmonitor.app.runtime;

import io.accountmonitor.core.check.LoopStatus;
import io.accountmonitor.core.model.AccountId;
import io.accountmonitor.core.model.AccountSnapshot;
import io.accountmonitor.core.model.LinkStatus;

/**
 * Status of one account.
 *
 * @param account the account
 * @param link its broker link, or {@code null} before the source reported one
 * @param loop its check loop
 * @param lastSnapshot the last published snapshot, or {@code null} before the first check completed
 */
public record AccountStatus(AccountId account, LinkStatus link, LoopStatus loop, AccountSnapshot lastSnapshot) {
}
