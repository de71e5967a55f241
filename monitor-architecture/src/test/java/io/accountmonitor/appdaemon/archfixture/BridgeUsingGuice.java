package io.accountmonitor.appdaemon.archfixture;

import com.google.inject.Injector;

/** Breaks "only the app uses Guice and YAML". */
public class BridgeUsingGuice {
    public Object instance(Injector injector) {
        return injector.getInstance(Object.class);
    }
}
