package io.accountmonitor.appdaemon;

import io.accountmonitor.core.spi.Secret;
import java.net.URI;
import java.time.Duration;

/** Builds {@link AppDaemonSettings} for tests; unset values take the record's defaults. */
final class TestSettings {
    private String url;
    private Secret password;
    private String namespace;
    private String entityPrefix;
    private Duration publishInterval;
    private Integer eventBufferSize;
    private Duration closeTimeout;

    private TestSettings(String url) {
        this.url = url;
    }

    static TestSettings forUri(URI uri) {
        return new TestSettings(uri.toString());
    }

    TestSettings url(String value) {
        this.url = value;
        return this;
    }

    TestSettings password(String value) {
        this.password = Secret.of(value);
        return this;
    }

    TestSettings namespace(String value) {
        this.namespace = value;
        return this;
    }

    TestSettings entityPrefix(String value) {
        this.entityPrefix = value;
        return this;
    }

    TestSettings publishInterval(Duration value) {
        this.publishInterval = value;
        return this;
    }

    TestSettings eventBufferSize(int value) {
        this.eventBufferSize = value;
        return this;
    }

    TestSettings closeTimeout(Duration value) {
        this.closeTimeout = value;
        return this;
    }

    AppDaemonSettings build() {
        return new AppDaemonSettings(url, password, namespace, entityPrefix, null, publishInterval, null, null, null,
                null, closeTimeout, eventBufferSize, null);
    }
}
