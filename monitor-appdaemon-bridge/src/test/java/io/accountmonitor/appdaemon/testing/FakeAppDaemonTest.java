package io.accountmonitor.appdaemon.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.accountmonitor.scheduler.ThreadBudget;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fake server replies like AppDaemon 4.5.11, including the frames after which it drops the socket. */
class FakeAppDaemonTest {
    private FakeAppDaemon appDaemon;

    @BeforeEach
    void start() {
        appDaemon = FakeAppDaemon.create().addNamespace("trading").start();
    }

    @AfterEach
    void stop() {
        appDaemon.close();
    }

    @Test
    void helloRepliesWithVersion() throws Exception {
        try (RawStreamClient client = RawStreamClient.connect(appDaemon.streamUri())) {
            JsonNode reply = client.request("hello", "r1", data("client_name", "test"));

            assertThat(reply.path("response_type").asText()).isEqualTo("hello");
            assertThat(reply.path("response_success").asBoolean()).isTrue();
            assertThat(reply.path("data").path("version").asText()).isEqualTo("4.5.11");
            assertThat(reply.path("request").path("data").path("client_name").asText()).isEqualTo("test");
        }
    }

    @Test
    void stateSetMergesAttributes() throws Exception {
        try (RawStreamClient client = helloClient()) {
            JsonNode first = client.request("call_service", "r2", stateSet("sensor.a", "1.50", "unit_of_measurement", "USD"));
            client.request("call_service", "r3", stateSet("sensor.a", "2.50", "icon", "mdi:cash"));

            StoredEntity entity = appDaemon.entity("trading", "sensor.a").orElseThrow();
            assertThat(entity.state().asText()).isEqualTo("2.50");
            assertThat(entity.attribute("unit_of_measurement")).isEqualTo("USD");
            assertThat(entity.attribute("icon")).isEqualTo("mdi:cash");
            assertThat(entity.lastChanged()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+00:00");
            assertThat(first.path("request").path("data").path("data").has("entity_id"))
                    .as("AppDaemon pops entity_id from the echo").isFalse();
            JsonNode read = client.request("get_state", "r4", data("namespace", "trading", "entity_id", "sensor.a"));
            assertThat(read.path("data").path("state").asText()).isEqualTo("2.50");
        }
    }

    @Test
    void frameWithoutRequestTypeClosesWithoutReply() throws Exception {
        assertClosedWithoutReply("{\"request_id\":\"r1\",\"data\":{}}");
        assertClosedWithoutReply("{\"request_type\":\"\",\"request_id\":\"r1\"}");
        assertClosedWithoutReply("[\"hello\"]");
    }

    @Test
    void nonJsonTextGetsNoReply() throws Exception {
        try (RawStreamClient client = RawStreamClient.connect(appDaemon.streamUri())) {
            client.send("this is not JSON");

            JsonNode reply = client.request("hello", "r1", data("client_name", "test"));
            assertThat(reply.path("response_success").asBoolean()).isTrue();
        }
    }

    @Test
    void unknownNamespaceRepliesOnceThenCloses() throws Exception {
        try (RawStreamClient client = helloClient()) {
            ObjectNode request = stateSet("sensor.a", "1", "x", "y");
            request.put("namespace", "nowhere");
            JsonNode reply = client.request("call_service", "r2", request);

            assertThat(reply.path("response_success").asBoolean()).isFalse();
            assertThat(reply.path("response_error").asText())
                    .isEqualTo("Unknown error occurred, check AppDaemon logs: Unknown namespace 'nowhere'");
            assertThat(client.awaitClose()).isEqualTo(1000);
        }
    }

    @Test
    void invalidServiceCallCloses() throws Exception {
        try (RawStreamClient client = helloClient()) {
            ObjectNode request = stateSet("sensor.a", "1", "x", "y");
            request.remove("domain");
            assertThat(client.request("call_service", "r2", request).path("response_error").asText())
                    .startsWith("Unknown error occurred, check AppDaemon logs: not enough values to unpack");
            assertThat(client.awaitClose()).isEqualTo(1000);
        }
        try (RawStreamClient client = helloClient()) {
            ObjectNode request = stateSet("sensor.a", "1", "x", "y");
            request.putArray("data");
            assertThat(client.request("call_service", "r2", request).path("response_error").asText())
                    .contains("must be a mapping, not list");
            assertThat(client.awaitClose()).isEqualTo(1000);
        }
    }

    @Test
    void handlerErrorsKeepSocketOpen() throws Exception {
        try (RawStreamClient client = helloClient()) {
            assertThat(client.request("no_such_request", "r2", FakeJson.object()).path("response_error").asText())
                    .isEqualTo("unavailable request");
            assertThat(client.request("_private", "r3", FakeJson.object()).path("response_error").asText())
                    .isEqualTo("forbidden request");
            assertThat(client.request("fire_event", "r4", data("namespace", "trading")).path("response_error").asText())
                    .isEqualTo("Error handling HTTP request: invalid event");
            assertThat(client.request("hello", "r5", data("client_name", "again")).path("response_success").asBoolean())
                    .isTrue();
        }
    }

    @Test
    void passwordIsCheckedInHello() throws Exception {
        appDaemon.password("secret");
        try (RawStreamClient client = RawStreamClient.connect(appDaemon.streamUri())) {
            assertThat(client.request("get_state", "r1", FakeJson.object()).path("response_error").asText())
                    .isEqualTo("Error handling HTTP request: unauthorized");
            assertThat(client.request("hello", "r2", data("client_name", "t", "password", "wrong"))
                    .path("response_error").asText()).isEqualTo("Error handling HTTP request: authorization failed");
            assertThat(client.request("hello", "r3", data("client_name", "t", "password", "secret"))
                    .path("response_success").asBoolean()).isTrue();
            assertThat(client.request("get_state", "r4", data("namespace", "trading")).path("response_success")
                    .asBoolean()).isTrue();
        }
    }

    @Test
    void pushReachesFirstMatchOnly() throws Exception {
        try (RawStreamClient listener = helloClient(); RawStreamClient sender = helloClient()) {
            listener.request("listen_event", "first", data("namespace", "trading", "event", "ctrader_*"));
            listener.request("listen_event", "second", data("namespace", "trading", "event", "*"));

            ObjectNode fire = data("namespace", "trading", "event", "ctrader_deal_closed");
            fire.set("data", data("deal_id", "D1"));
            sender.request("fire_event", "f1", fire);

            JsonNode push = listener.next();
            assertThat(push.path("response_type").asText()).isEqualTo("event");
            assertThat(push.path("response_id").asText()).isEqualTo("first");
            assertThat(push.path("data").path("event_type").asText()).isEqualTo("ctrader_deal_closed");
            assertThat(push.path("data").path("data").path("deal_id").asText()).isEqualTo("D1");
            assertThat(listener.request("get_state", "after", data("namespace", "trading")).path("response_id").asText())
                    .as("no second push came before this reply").isEqualTo("after");
            assertThat(appDaemon.firedEvents("ctrader_deal_closed")).hasSize(1);
        }
    }

    @Test
    void stateSetPushesStateChanged() throws Exception {
        try (RawStreamClient client = helloClient()) {
            client.request("listen_state", "watch", data("namespace", "trading", "entity_id", "sensor.*"));

            client.send(FakeJson.write(request("call_service", "set", stateSet("sensor.a", "3", "k", "v"))));

            JsonNode push = client.next();
            assertThat(push.path("response_type").asText()).isEqualTo("state_changed");
            assertThat(push.path("response_id").asText()).isEqualTo("watch");
            assertThat(push.path("data").path("data").path("new_state").path("state").asText()).isEqualTo("3");
            assertThat(push.path("data").path("data").path("old_state").path("state").isNull()).isTrue();
            assertThat(client.next().path("response_id").asText()).isEqualTo("set");
        }
    }

    @Test
    void fireEventWithoutRequestIdGetsNoReply() throws Exception {
        try (RawStreamClient client = helloClient()) {
            ObjectNode fire = FakeJson.object();
            fire.put("request_type", "fire_event");
            fire.set("data", data("namespace", "trading", "event", "quiet"));
            client.send(FakeJson.write(fire));

            assertThat(client.request("get_state", "next", FakeJson.object()).path("response_id").asText())
                    .isEqualTo("next");
            assertThat(appDaemon.firedEvents("quiet")).hasSize(1);
        }
    }

    @Test
    void pingsAreAnswered() throws Exception {
        try (RawStreamClient client = helloClient()) {
            client.ping();

            assertThat(appDaemon.pingCount()).isEqualTo(1);
        }
    }

    @Test
    void restartKeepsPortAndWriteback() throws Exception {
        appDaemon.addNamespace("kept", true);
        int port = appDaemon.port();
        try (RawStreamClient client = helloClient()) {
            client.request("call_service", "r1", stateSet("sensor.a", "1", "k", "v"));
            ObjectNode keptEntity = stateSet("sensor.b", "2", "k", "v");
            keptEntity.put("namespace", "kept");
            client.request("call_service", "r2", keptEntity);
        }

        appDaemon.stop();
        appDaemon.start();

        assertThat(appDaemon.port()).isEqualTo(port);
        assertThat(appDaemon.entities("trading")).isEmpty();
        assertThat(appDaemon.entity("kept", "sensor.b")).isPresent();
        try (RawStreamClient client = helloClient()) {
            assertThat(appDaemon.connectionCount()).isEqualTo(2);
        }
    }

    @Test
    void plainHttpGetOnStreamIsRejected() throws Exception {
        ExecutorService executor = new ThreadBudget(1).newExecutor("http-get", 1);
        try {
            HttpClient client = HttpClient.newBuilder().executor(executor).build();
            URI plainUri = URI.create("http://127.0.0.1:" + appDaemon.port() + "/stream");
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(plainUri).timeout(RawStreamClient.WAIT).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.body()).contains("No WebSocket UPGRADE hdr");
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void awaitTimeoutNamesCondition() {
        assertThatThrownBy(() -> appDaemon.awaitEvents("never", 1, Duration.ofMillis(50)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("1 events never");
    }

    private void assertClosedWithoutReply(String frame) throws Exception {
        try (RawStreamClient client = RawStreamClient.connect(appDaemon.streamUri())) {
            client.send(frame);

            assertThat(client.awaitClose()).isEqualTo(1000);
            assertThat(client.hasMessages()).isFalse();
        }
    }

    private RawStreamClient helloClient() throws Exception {
        RawStreamClient client = RawStreamClient.connect(appDaemon.streamUri());
        client.request("hello", "hello", data("client_name", "test"));
        return client;
    }

    private static ObjectNode stateSet(String entityId, String state, String attribute, String value) {
        ObjectNode serviceData = data("entity_id", entityId);
        serviceData.put("state", new BigDecimal(state));
        serviceData.set("attributes", data(attribute, value));
        ObjectNode request = data("namespace", "trading", "domain", "state");
        request.put("service", "set");
        request.set("data", serviceData);
        return request;
    }

    private static ObjectNode request(String type, String id, ObjectNode data) {
        ObjectNode request = FakeJson.object();
        request.put("request_type", type);
        request.put("request_id", id);
        request.set("data", data);
        return request;
    }

    private static ObjectNode data(String... keysAndValues) {
        ObjectNode data = FakeJson.object();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            data.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return data;
    }
}
