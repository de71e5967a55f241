package io.accountmonitor.appdaemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.accountmonitor.core.spi.Secret;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class FrameValidatorTest {
    private final FrameValidator validator = new FrameValidator("trading");

    @Test
    void helloStateSetAndFireEventPass() throws InvalidFrameException {
        ValidFrame hello = validator.validate(Frames.hello("r1", "account-monitor", Secret.of("pw")));
        ValidFrame state = validator.validate(Frames.stateSet("r2", "trading", balance()));
        ValidFrame event = validator.validate(Frames.fireEvent("r3", "trading", dealClosed()));

        assertThat(hello.requestType()).isEqualTo("hello");
        assertThat(hello.requestId()).isEqualTo("r1");
        assertThat(state.text()).isEqualTo("{\"request_type\":\"call_service\",\"request_id\":\"r2\",\"data\":"
                + "{\"namespace\":\"trading\",\"domain\":\"state\",\"service\":\"set\",\"data\":{\"entity_id\":"
                + "\"sensor.ctrader_1_balance\",\"state\":10000.50,\"attributes\":{\"unit_of_measurement\":\"USD\"}}}}");
        assertThat(event.text()).contains("\"request_type\":\"fire_event\"", "\"event\":\"ctrader_deal_closed\"");
    }

    static Stream<Arguments> invalidFrames() {
        return Stream.of(
                invalid("request_type is missing", state(frame -> frame.remove("request_type"))),
                invalid("request_type is empty", state(frame -> frame.put("request_type", ""))),
                invalid("request_type is a number, not a string", state(frame -> frame.put("request_type", 5))),
                invalid("request_type 'get_state' is not one this client sends",
                        state(frame -> frame.put("request_type", "get_state"))),
                invalid("request_id is missing", state(frame -> frame.remove("request_id"))),
                invalid("data is missing", state(frame -> frame.remove("data"))),
                invalid("data is an array, not an object", state(frame -> frame.putArray("data"))),
                invalid("data.client_name is missing", hello(frame -> data(frame).remove("client_name"))),
                invalid("data.client_name is empty", hello(frame -> data(frame).put("client_name", " "))),
                invalid("data.namespace 'default' is not the configured namespace 'trading'",
                        state(frame -> data(frame).put("namespace", "default"))),
                invalid("data.namespace is missing", state(frame -> data(frame).remove("namespace"))),
                invalid("data.domain is missing", state(frame -> data(frame).remove("domain"))),
                invalid("data.service 'state/set' is not a service name such as set",
                        state(frame -> data(frame).put("service", "state/set"))),
                invalid("data.data is a string, not an object", state(frame -> data(frame).put("data", "x"))),
                invalid("data.data is missing", state(frame -> data(frame).remove("data"))),
                invalid("data.data.entity_id is missing", state(frame -> serviceData(frame).remove("entity_id"))),
                invalid("data.data.entity_id 'sensor.Ctrader_1' is not a valid Home Assistant entity id",
                        state(frame -> serviceData(frame).put("entity_id", "sensor.Ctrader_1"))),
                invalid("data.data.entity_id 'sensor.ctrader__1' is not a valid Home Assistant entity id",
                        state(frame -> serviceData(frame).put("entity_id", "sensor.ctrader__1"))),
                invalid("data.data.entity_id 'ctrader_1' is not a valid Home Assistant entity id",
                        state(frame -> serviceData(frame).put("entity_id", "ctrader_1"))),
                invalid("data.data.state is missing", state(frame -> serviceData(frame).remove("state"))),
                invalid("data.data.attributes is an array, not an object",
                        state(frame -> serviceData(frame).putArray("attributes"))),
                invalid("data.event is missing", event(frame -> data(frame).remove("event"))),
                invalid("data.event is empty", event(frame -> data(frame).put("event", ""))),
                invalid("data.event 'deal closed' is not an event name",
                        event(frame -> data(frame).put("event", "deal closed"))),
                invalid("data.data is an array, not an object", event(frame -> data(frame).putArray("data"))),
                invalid("data.namespace 'admin' is not the configured namespace 'trading'",
                        event(frame -> data(frame).put("namespace", "admin"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidFrames")
    void invalidFrameIsRejected(String problem, ObjectNode frame) {
        assertThatThrownBy(() -> validator.validate(frame))
                .isInstanceOf(InvalidFrameException.class)
                .hasMessageContaining(problem);
    }

    @Test
    void everyProblemIsListed() {
        ObjectNode frame = Frames.stateSet("r1", "default", balance());
        data(frame).remove("domain");
        serviceData(frame).remove("state");

        assertThatThrownBy(() -> validator.validate(frame))
                .isInstanceOfSatisfying(InvalidFrameException.class, e -> assertThat(e.problems()).containsExactly(
                        "data.namespace 'default' is not the configured namespace 'trading'",
                        "data.domain is missing"));
    }

    @Test
    void frameOverFourMebibytesIsRejected() {
        ObjectNode frame = Frames.fireEvent("r1", "trading", dealClosed());
        ((ObjectNode) data(frame).get("data")).put("padding", "x".repeat(FrameValidator.MAX_FRAME_BYTES));

        assertThatThrownBy(() -> validator.validate(frame))
                .isInstanceOf(InvalidFrameException.class)
                .hasMessageContaining("AppDaemon closes the connection for messages over 4194304 bytes");
    }

    private static Arguments invalid(String problem, ObjectNode frame) {
        return Arguments.of(problem, frame);
    }

    private static ObjectNode state(Consumer<ObjectNode> change) {
        ObjectNode frame = Frames.stateSet("r1", "trading", balance());
        change.accept(frame);
        return frame;
    }

    private static ObjectNode hello(Consumer<ObjectNode> change) {
        ObjectNode frame = Frames.hello("r1", "account-monitor", null);
        change.accept(frame);
        return frame;
    }

    private static ObjectNode event(Consumer<ObjectNode> change) {
        ObjectNode frame = Frames.fireEvent("r1", "trading", dealClosed());
        change.accept(frame);
        return frame;
    }

    private static ObjectNode data(ObjectNode frame) {
        return (ObjectNode) frame.get("data");
    }

    private static ObjectNode serviceData(ObjectNode frame) {
        return (ObjectNode) frame.get("data").get("data");
    }

    private static EntityState balance() {
        ObjectNode attributes = Json.object();
        attributes.put("unit_of_measurement", "USD");
        return new EntityState("sensor.ctrader_1_balance", Json.NODES.numberNode(new java.math.BigDecimal("10000.50")),
                attributes);
    }

    private static OutgoingEvent dealClosed() {
        ObjectNode data = Json.object();
        data.put("deal_id", "D1");
        return new OutgoingEvent("ctrader_deal_closed", data);
    }
}
