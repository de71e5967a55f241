package io.accountmonitor.app.config;

import io.accountmonitor.core.model.AccountId;
import io.accountmonitor.core.plugin.PluginRegistry;
import io.accountmonitor.core.spi.AccountSource;
import io.accountmonitor.core.spi.BrokerPlugin;
import io.accountmonitor.core.spi.HostContext;
import io.accountmonitor.core.spi.Secret;
import io.accountmonitor.core.spi.SettingsProblem;
import io.accountmonitor.core.spi.SinkPlugin;
import io.accountmonitor.core.spi.StateSink;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Small broker and sink plugins with settings records of the kinds real plugins use: secrets,
 * durations, a nested record, lists and a URI. They only bind and validate settings.
 */
final class TestPlugins {
    private TestPlugins() {
    }

    static PluginRegistry<BrokerPlugin<?>> brokers() {
        return PluginRegistry.of("broker", List.of(new PaperBroker()));
    }

    static PluginRegistry<SinkPlugin<?>> sinks() {
        return PluginRegistry.of("sink", List.of(new StreamSink(), new LogSink()));
    }

    /**
     * Settings of the {@code paper} broker.
     *
     * @param clientId required
     * @param clientSecret required, not empty
     * @param environment {@code live} or {@code demo}; default {@code demo}
     * @param accounts each account once; default none
     * @param readTimeout default 30 s
     * @param endpoint optional server override
     */
    record PaperSettings(String environment, String clientId, Secret clientSecret, Secret accessToken,
            List<AccountId> accounts, Duration readTimeout, Endpoint endpoint) {
        PaperSettings {
            environment = environment == null ? "demo" : environment;
            accounts = accounts == null ? List.of() : List.copyOf(accounts);
            readTimeout = readTimeout == null ? Duration.ofSeconds(30) : readTimeout;
        }
    }

    /** A server address; the constructor rejects a URL in place of a host name. */
    record Endpoint(String host, int port) {
        Endpoint {
            Objects.requireNonNull(host, "host");
            if (host.contains("/")) {
                throw new IllegalArgumentException("host must be a host name, not a URL");
            }
        }
    }

    static final class PaperBroker implements BrokerPlugin<PaperSettings> {
        @Override
        public String type() {
            return "paper";
        }

        @Override
        public Class<PaperSettings> settingsType() {
            return PaperSettings.class;
        }

        @Override
        public List<SettingsProblem> validate(PaperSettings settings) {
            List<SettingsProblem> problems = new ArrayList<>();
            if (!Set.of("live", "demo").contains(settings.environment())) {
                problems.add(new SettingsProblem("environment", "invalid environment '" + settings.environment()
                        + "'; use live or demo"));
            }
            if (settings.clientId() == null) {
                problems.add(new SettingsProblem("clientId", "missing; give the client id of the application"));
            }
            if (settings.clientSecret() == null || settings.clientSecret().isEmpty()) {
                problems.add(new SettingsProblem("clientSecret", "missing; give the client secret of the application"));
            }
            Set<AccountId> seen = new HashSet<>();
            for (int i = 0; i < settings.accounts().size(); i++) {
                if (!seen.add(settings.accounts().get(i))) {
                    problems.add(new SettingsProblem("accounts[" + i + "]", "duplicate account id "
                            + settings.accounts().get(i) + "; list each account once"));
                }
            }
            if (settings.endpoint() != null && (settings.endpoint().port() < 1 || settings.endpoint().port() > 65_535)) {
                problems.add(new SettingsProblem("endpoint.port", "invalid port " + settings.endpoint().port()
                        + "; use 1 to 65535"));
            }
            return problems;
        }

        @Override
        public AccountSource create(String monitorName, PaperSettings settings, HostContext context) {
            throw new UnsupportedOperationException("test plugins only bind settings");
        }
    }

    /**
     * Settings of the {@code stream} sink.
     *
     * @param url required, ws or wss
     * @param namespace default {@code default}
     * @param flushInterval default 1 s
     * @param topics default none
     */
    record StreamSettings(URI url, Secret password, String namespace, Duration flushInterval, List<String> topics) {
        StreamSettings {
            namespace = namespace == null ? "default" : namespace;
            flushInterval = flushInterval == null ? Duration.ofSeconds(1) : flushInterval;
            topics = topics == null ? List.of() : List.copyOf(topics);
        }
    }

    static final class StreamSink implements SinkPlugin<StreamSettings> {
        @Override
        public String type() {
            return "stream";
        }

        @Override
        public Class<StreamSettings> settingsType() {
            return StreamSettings.class;
        }

        @Override
        public List<SettingsProblem> validate(StreamSettings settings) {
            if (settings.url() == null) {
                return List.of(new SettingsProblem("url", "missing; give the stream URL, such as ws://127.0.0.1:5050/stream"));
            }
            if (!Set.of("ws", "wss").contains(String.valueOf(settings.url().getScheme()))) {
                return List.of(new SettingsProblem("url", "invalid scheme '" + settings.url().getScheme()
                        + "'; use ws or wss"));
            }
            return List.of();
        }

        @Override
        public StateSink create(String sinkName, StreamSettings settings, HostContext context) {
            throw new UnsupportedOperationException("test plugins only bind settings");
        }
    }

    /** Settings of the {@code faulty} broker, whose validation throws. */
    record FaultySettings(String mode) {
    }

    /** A broker plugin with a defect: its validation throws instead of returning problems. */
    static final class FaultyBroker implements BrokerPlugin<FaultySettings> {
        @Override
        public String type() {
            return "faulty";
        }

        @Override
        public Class<FaultySettings> settingsType() {
            return FaultySettings.class;
        }

        @Override
        public List<SettingsProblem> validate(FaultySettings settings) {
            throw new IllegalStateException("validator broke on mode " + settings.mode());
        }

        @Override
        public AccountSource create(String monitorName, FaultySettings settings, HostContext context) {
            throw new UnsupportedOperationException("test plugins only bind settings");
        }
    }

    /** Settings of the {@code log} sink; {@code positions} defaults to false. */
    record LogSettings(Boolean positions) {
        LogSettings {
            positions = positions != null && positions;
        }
    }

    static final class LogSink implements SinkPlugin<LogSettings> {
        @Override
        public String type() {
            return "log";
        }

        @Override
        public Class<LogSettings> settingsType() {
            return LogSettings.class;
        }

        @Override
        public StateSink create(String sinkName, LogSettings settings, HostContext context) {
            throw new UnsupportedOperationException("test plugins only bind settings");
        }
    }
}
