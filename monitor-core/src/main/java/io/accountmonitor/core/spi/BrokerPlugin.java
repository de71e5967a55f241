package io.accountmonitor.core.spi;

/**
 * A broker integration, such as cTrader, registered under
 * {@code META-INF/services/io.accountmonitor.core.spi.BrokerPlugin}.
 *
 * @param <S> the settings record of a monitor's {@code broker} section
 */
public interface BrokerPlugin<S> extends Plugin<S> {
    /**
     * Creates the account source of one configured monitor. Called once per monitor from the
     * start-up thread, after {@link #validate} found no problem. It may read the context's store but
     * must not connect or start threads: that happens in {@link AccountSource#start}.
     *
     * @throws BrokerException if the source cannot be created, for example a store value is corrupt
     *     beyond recovery; start-up then stops with its message
     */
    AccountSource create(String monitorName, S settings, HostContext context);
}
