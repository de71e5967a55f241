package io.accountmonitor.appdaemon.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.accountmonitor.scheduler.ThreadBudget;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A bare websocket client for testing the fake server frame by frame. */
final class RawStreamClient implements WebSocket.Listener, AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(5);

    private final LinkedBlockingQueue<String> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final CompletableFuture<Void> pong = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private final ExecutorService executor;
    private final WebSocket socket;

    private RawStreamClient(URI uri) throws Exception {
        this.executor = new ThreadBudget(1).newExecutor("raw-client", 1);
        HttpClient client = HttpClient.newBuilder().executor(executor).build();
        this.socket = client.newWebSocketBuilder().buildAsync(uri, this).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    static RawStreamClient connect(URI uri) throws Exception {
        return new RawStreamClient(uri);
    }

    void send(String text) throws Exception {
        socket.sendText(text, true).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Sends a request with {@code requestId} and returns the next message, which must be its reply. */
    JsonNode request(String type, String requestId, ObjectNode data) throws Exception {
        ObjectNode request = FakeJson.object();
        request.put("request_type", type);
        request.put("request_id", requestId);
        request.set("data", data);
        send(FakeJson.write(request));
        JsonNode reply = next();
        if (!requestId.equals(reply.path("response_id").asText())) {
            throw new AssertionError("expected the reply to " + requestId + ", got " + reply);
        }
        return reply;
    }

    /** Returns the next message as JSON, waiting up to five seconds. */
    JsonNode next() throws InterruptedException {
        String text = messages.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (text == null) {
            throw new AssertionError("no message within " + WAIT.toMillis() + " ms");
        }
        return FakeJson.parseOrNull(text);
    }

    /** Waits for the server to close the connection and returns the close code. */
    int awaitClose() throws Exception {
        return closeCode.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean hasMessages() {
        return !messages.isEmpty();
    }

    /** Sends a ping and waits for the pong. */
    void ping() throws Exception {
        socket.sendPing(ByteBuffer.wrap(new byte[] {1}));
        pong.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(Long.MAX_VALUE);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            messages.add(partial.toString());
            partial.setLength(0);
        }
        return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
        pong.complete(null);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeCode.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closeCode.completeExceptionally(error);
    }

    @Override
    public void close() {
        socket.abort();
        executor.shutdownNow();
    }
}
