package io.accountmonitor.core.spi;

import io.accountmonitor.core.model.AccountId;
import io.accountmonitor.core.model.LinkStatus;
import java.util.Set;

/**
 * Receives what an {@link AccountSource} learns on its own, between checks. The host implements
 * it. Methods are called from the source's I/O or timer threads, must return quickly, never block
 * and never throw; the host hands real work to its own threads.
 */
public interface SourceListener {
    /**
     * Reports the full set of accounts the source serves, after start and whenever it changes,
     * for example once the accounts of a token are listed or an account is deleted at the broker.
     * The host starts a check loop for every new account and stops the loops of removed ones.
     */
    void accountsChanged(Set<AccountId> accounts);

    /**
     * Reports that the broker announced a change of {@code account}: an execution, a balance or
     * margin change. The host triggers the account's check loop; triggers coalesce, so calling this
     * for every pushed event is intended. {@code reason} is a short word for statistics and logs.
     */
    void accountChanged(AccountId account, String reason);

    /** Reports the state of the connection that serves all accounts of the source. */
    void connectionChanged(LinkStatus status);

    /** Reports the link state of one account, for example {@code UP} once it is authorised. */
    void accountLinkChanged(AccountId account, LinkStatus status);
}
