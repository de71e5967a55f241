package io.accountmonitor.app.inject;

import com.google.inject.AbstractModule;
import com.google.inject.TypeLiteral;
import io.accountmonitor.app.config.AppConfig;
import io.accountmonitor.app.runtime.AccountMonitorApp;
import io.accountmonitor.core.plugin.PluginRegistry;
import io.accountmonitor.core.spi.BrokerPlugin;
import io.accountmonitor.core.spi.SinkPlugin;
import java.util.Objects;

/**
 * Bindings of the daemon. The module only binds: nothing here starts a thread or opens a socket,
 * because {@link AccountMonitorApp#start()} does that, in order, as the one lifecycle owner.
 */
public final class AppModule extends AbstractModule {
    private final AppConfig config;
    private final Plugins plugins;

    public AppModule(AppConfig config, Plugins plugins) {
        this.config = Objects.requireNonNull(config, "config");
        this.plugins = Objects.requireNonNull(plugins, "plugins");
    }

    @Override
    protected void configure() {
        binder().requireExplicitBindings();
        binder().requireAtInjectOnConstructors();
        binder().disableCircularProxies();
        bind(AppConfig.class).toInstance(config);
        bind(new TypeLiteral<PluginRegistry<BrokerPlugin<?>>>() { }).toInstance(plugins.brokers());
        bind(new TypeLiteral<PluginRegistry<SinkPlugin<?>>>() { }).toInstance(plugins.sinks());
        bind(AccountMonitorApp.class);
    }
}
