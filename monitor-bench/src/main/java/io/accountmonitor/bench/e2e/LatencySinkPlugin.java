package io.accountmonitor.bench.e2e;

import io.accountmonitor.core.model.AccountId;
import io.accountmonitor.core.model.AccountUpdate;
import io.accountmonitor.core.model.LinkStatus;
import io.accountmonitor.core.spi.HostContext;
import io.accountmonitor.core.spi.SinkPlugin;
import io.accountmonitor.core.spi.StateSink;
import java.util.Objects;
import java.util.function.Consumer;

/** The in-process sink of the end-to-end harness: hands every update to the harness on the caller's thread. */
final class LatencySinkPlugin implements SinkPlugin<LatencySinkPlugin.Settings> {
    /** The sink has no settings. */
    record Settings() {
    }

    private final Consumer<AccountUpdate> receiver;

    LatencySinkPlugin(Consumer<AccountUpdate> receiver) {
        this.receiver = Objects.requireNonNull(receiver, "receiver");
    }

    @Override
    public String type() {
        return "bench-latency";
    }

    @Override
    public Class<Settings> settingsType() {
        return Settings.class;
    }

    @Override
    public StateSink create(String sinkName, Settings settings, HostContext context) {
        return new StateSink() {
            @Override
            public void start() {
            }

            @Override
            public void publish(AccountUpdate update) {
                receiver.accept(update);
            }

            @Override
            public void linkChanged(String monitor, AccountId account, LinkStatus status) {
            }

            @Override
            public void close() {
            }
        };
    }
}
