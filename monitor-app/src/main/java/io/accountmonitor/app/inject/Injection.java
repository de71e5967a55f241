package io.accountmonitor.app.inject;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import io.accountmonitor.app.config.AppConfig;
import io.accountmonitor.app.runtime.AccountMonitorApp;

/** Creates the injector in {@link Stage#PRODUCTION}, so every binding is checked before anything starts. */
public final class Injection {
    private Injection() {
    }

    /** Returns a new, unstarted application for {@code config}. */
    public static AccountMonitorApp createApp(AppConfig config, Plugins plugins) {
        Injector injector = Guice.createInjector(Stage.PRODUCTION, new AppModule(config, plugins));
        return injector.getInstance(AccountMonitorApp.class);
    }
}
