package io.accountmonitor.app.status;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.accountmonitor.app.config.StatusConfig;
import io.accountmonitor.app.runtime.AppStatus;
import io.accountmonitor.app.runtime.StartupException;
import io.accountmonitor.core.spi.IoThreads;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The status endpoint on the JDK's HTTP server: {@code GET /health} returns the daemon's status as
 * JSON (HTTP 503 when every monitor is down), and {@code GET /metrics} returns the Prometheus text
 * format. Requests run on two {@code monitor-io-status} threads from the thread budget; the JDK
 * server adds its own dispatcher thread and two timer threads.
 *
 * <p>The JDK server reads a request on the thread that then handles it, so a client that sends
 * half a request holds that thread. A second thread keeps {@code /health} answering while one
 * client stalls, and the server closes a connection whose request or response takes longer than
 * {@link #SLOW_CLIENT_SECONDS}.
 */
public final class StatusServer {
    private static final Logger LOG = LoggerFactory.getLogger(StatusServer.class);
    /** Seconds a client may take to send its request, and to read the response. */
    static final int SLOW_CLIENT_SECONDS = 10;

    private final InetSocketAddress requested;
    private final IoThreads ioThreads;
    private final PrometheusMeterRegistry registry;
    private final Supplier<AppStatus> status;
    private HttpServer server;
    private ExecutorService executor;

    public StatusServer(InetSocketAddress address, IoThreads ioThreads, PrometheusMeterRegistry registry,
            Supplier<AppStatus> status) {
        this.requested = Objects.requireNonNull(address, "address");
        this.ioThreads = Objects.requireNonNull(ioThreads, "ioThreads");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.status = Objects.requireNonNull(status, "status");
    }

    /**
     * Binds the address and starts serving.
     *
     * @throws StartupException if the address cannot be bound, for example because the port is in use
     */
    public synchronized void start() {
        limitSlowClients();
        try {
            server = HttpServer.create(requested, 16);
        } catch (IOException e) {
            throw new StartupException("cannot listen on " + requested.getHostString() + ":" + requested.getPort()
                    + " for the status endpoint: " + e.getMessage() + "; free the port or change status.listen", e);
        }
        executor = ioThreads.newExecutor("status", StatusConfig.THREADS);
        server.setExecutor(executor);
        server.createContext("/health", exchange -> respond(exchange, this::health));
        server.createContext("/metrics", exchange -> respond(exchange, this::metrics));
        server.createContext("/", exchange -> respond(exchange, () -> new Response(404, "text/plain; charset=utf-8",
                "not found; use /health or /metrics\n")));
        server.start();
        LOG.info("Status endpoint listening on {}/health and /metrics", httpBase(address()));
    }

    /**
     * Sets the JDK server's request and response time limits unless the command line set them.
     * The server reads them once, when the first server of the process is created, so this runs
     * before that.
     */
    private static void limitSlowClients() {
        System.getProperties().putIfAbsent("sun.net.httpserver.maxReqTime", Integer.toString(SLOW_CLIENT_SECONDS));
        System.getProperties().putIfAbsent("sun.net.httpserver.maxRspTime", Integer.toString(SLOW_CLIENT_SECONDS));
    }

    /** Returns {@code http://host:port} for {@code address}, with an IPv6 host in brackets. */
    public static String httpBase(InetSocketAddress address) {
        String host = address.getHostString();
        if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + address.getPort();
    }

    /** Returns the bound address; its port is the real one when 0 was configured. */
    public synchronized InetSocketAddress address() {
        return server == null ? requested : server.getAddress();
    }

    /** Stops accepting requests and frees the thread; requests in progress are cut off. */
    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    private Response health() {
        AppStatus current = status.get();
        int code = current.health() == AppStatus.Health.DOWN ? 503 : 200;
        return new Response(code, "application/json", HealthJson.render(current));
    }

    private Response metrics() {
        return new Response(200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape());
    }

    private static void respond(HttpExchange exchange, Supplier<Response> handler) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            Response response;
            if (!method.equals("GET") && !method.equals("HEAD")) {
                response = new Response(405, "text/plain; charset=utf-8", "method " + method + " not allowed; use GET\n");
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            } else {
                try {
                    response = handler.get();
                } catch (RuntimeException e) {
                    LOG.error("Status request {} failed", exchange.getRequestURI(), e);
                    response = new Response(500, "text/plain; charset=utf-8", "internal error; see the daemon's log\n");
                }
            }
            byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", response.contentType());
            boolean head = method.equals("HEAD");
            exchange.sendResponseHeaders(response.code(), head ? -1 : body.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    private record Response(int code, String contentType, String body) {
    }
}
