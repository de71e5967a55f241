package io.accountmonitor.core.spi;

/**
 * A destination for account updates, such as AppDaemon, registered under
 * {@code META-INF/services/io.accountmonitor.core.spi.SinkPlugin}.
 *
 * @param <S> the settings record of one entry of the {@code sinks} list
 */
public interface SinkPlugin<S> extends Plugin<S> {
    /**
     * Creates one configured sink. Called from the start-up thread after {@link #validate} found no
     * problem; must not connect or start threads before {@link StateSink#start}.
     */
    StateSink create(String sinkName, S settings, HostContext context);
}
