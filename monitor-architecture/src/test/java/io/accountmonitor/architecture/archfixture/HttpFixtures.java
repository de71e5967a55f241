package io.accountmonitor.architecture.archfixture;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.util.concurrent.Executor;

/** HTTP clients and servers built with and without an executor. */
public final class HttpFixtures {
    private HttpFixtures() {
    }

    public static class UsesDefaultHttpClient {
        public HttpClient client() {
            return HttpClient.newHttpClient();
        }
    }

    public static class BuildsHttpClientWithoutExecutor {
        public HttpClient client() {
            return HttpClient.newBuilder().build();
        }
    }

    public static class CreatesHttpServerWithoutExecutor {
        public HttpServer server() throws IOException {
            return HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        }
    }

    /** Allowed: the executor comes from the caller, that is, from the scheduler. */
    public static class BuildsHttpClientWithExecutor {
        public HttpClient client(Executor executor) {
            return HttpClient.newBuilder().executor(executor).build();
        }
    }
}
