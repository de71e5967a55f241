package io.accountmonitor.appdaemon;

import io.accountmonitor.core.spi.Secret;
import java.time.Duration;

/**
 * Settings of one {@code appdaemon} entry of the {@code sinks} list. The host binds the YAML section
 * to this record; missing keys arrive as {@code null} and take the defaults below. The constructor
 * never rejects a value, so {@link AppDaemonPlugin#validate} can report every problem at once.
 *
 * @param url AppDaemon's stream endpoint, {@code ws://HOST:PORT/stream} or {@code wss://HOST:PORT/stream};
 *     required
 * @param password the {@code http.password} of AppDaemon, or {@code null} when AppDaemon has none
 * @param namespace the AppDaemon namespace that entities and events go to; default {@code default}
 * @param entityPrefix first part of every entity id and event name; default {@code ctrader}
 * @param clientName the name sent in {@code hello}, shown in AppDaemon's access log; default
 *     {@code account-monitor}
 * @param publishInterval minimum time between two sends of one entity; default 1 s
 * @param resendInterval time after which every entity is sent again even when unchanged; default
 *     10 min. It brings back entities that Home Assistant lost in a restart.
 * @param requestTimeout maximum wait for the reply to one request, and for a pong; default 10 s
 * @param pingInterval time between two websocket pings; default 30 s
 * @param connectTimeout maximum time for the TCP connect and websocket handshake; default 10 s
 * @param closeTimeout maximum time that closing the sink waits to deliver queued events; default 5 s
 * @param eventBufferSize maximum number of events held while AppDaemon is away; default 1,000
 * @param reconnectBackoff delays between reconnection attempts; default 1 s doubling to 60 s
 */
public record AppDaemonSettings(
        String url,
        Secret password,
        String namespace,
        String entityPrefix,
        String clientName,
        Duration publishInterval,
        Duration resendInterval,
        Duration requestTimeout,
        Duration pingInterval,
        Duration connectTimeout,
        Duration closeTimeout,
        Integer eventBufferSize,
        Backoff reconnectBackoff) {

    public static final String DEFAULT_NAMESPACE = "default";
    public static final String DEFAULT_ENTITY_PREFIX = "ctrader";
    public static final String DEFAULT_CLIENT_NAME = "account-monitor";
    public static final Duration DEFAULT_PUBLISH_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_RESEND_INTERVAL = Duration.ofMinutes(10);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(30);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(5);
    public static final int DEFAULT_EVENT_BUFFER_SIZE = 1_000;

    public AppDaemonSettings {
        if (namespace == null) {
            namespace = DEFAULT_NAMESPACE;
        }
        if (entityPrefix == null) {
            entityPrefix = DEFAULT_ENTITY_PREFIX;
        }
        if (clientName == null) {
            clientName = DEFAULT_CLIENT_NAME;
        }
        if (publishInterval == null) {
            publishInterval = DEFAULT_PUBLISH_INTERVAL;
        }
        if (resendInterval == null) {
            resendInterval = DEFAULT_RESEND_INTERVAL;
        }
        if (requestTimeout == null) {
            requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        }
        if (pingInterval == null) {
            pingInterval = DEFAULT_PING_INTERVAL;
        }
        if (connectTimeout == null) {
            connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        }
        if (closeTimeout == null) {
            closeTimeout = DEFAULT_CLOSE_TIMEOUT;
        }
        if (eventBufferSize == null) {
            eventBufferSize = DEFAULT_EVENT_BUFFER_SIZE;
        }
        if (reconnectBackoff == null) {
            reconnectBackoff = new Backoff(null, null);
        }
    }

    /** Returns settings for {@code url} with every other key at its default. */
    public static AppDaemonSettings forUrl(String url) {
        return new AppDaemonSettings(url, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /**
     * Capped exponential backoff between reconnection attempts. The n-th consecutive failure waits
     * a random time between half and all of {@code min(max, initial * 2^(n-1))}.
     *
     * @param initial the delay after the first failure; default 1 s
     * @param max the cap of the delay; default 60 s
     */
    public record Backoff(Duration initial, Duration max) {
        public static final Duration DEFAULT_INITIAL = Duration.ofSeconds(1);
        public static final Duration DEFAULT_MAX = Duration.ofSeconds(60);

        public Backoff {
            if (initial == null) {
                initial = DEFAULT_INITIAL;
            }
            if (max == null) {
                max = DEFAULT_MAX;
            }
        }
    }
}
