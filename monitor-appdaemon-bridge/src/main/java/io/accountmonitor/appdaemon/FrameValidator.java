package io.accountmonitor.appdaemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Checks every outgoing frame against what makes AppDaemon 4.5 drop the connection or reject the
 * request, before it is sent. AppDaemon closes the socket without a reply when
 * {@code request_type} is missing, empty or not a string, or the frame is not a JSON object; it
 * replies with an error and then closes the socket when {@code call_service} names an unknown
 * namespace, has no domain, or has a {@code data} that is not an object; and its aiohttp server
 * closes the socket for messages over 4 MiB. Thread-safe.
 */
final class FrameValidator {
    /** aiohttp's default maximum message size, which AppDaemon's websocket server keeps. */
    static final int MAX_FRAME_BYTES = 4 * 1024 * 1024;

    private static final Pattern ENTITY_ID = Pattern.compile("[a-z0-9]+(_[a-z0-9]+)*\\.[a-z0-9]+(_[a-z0-9]+)*");
    private static final Pattern EVENT_NAME = Pattern.compile("[a-z0-9_]+");
    private static final Pattern SERVICE_PART = Pattern.compile("[a-z0-9_]+");

    private final String namespace;

    /** Creates a validator that accepts only frames addressed to {@code namespace}. */
    FrameValidator(String namespace) {
        this.namespace = namespace;
    }

    /**
     * Returns {@code frame} as text ready to send.
     *
     * @throws InvalidFrameException listing every problem when the frame must not be sent
     */
    ValidFrame validate(ObjectNode frame) throws InvalidFrameException {
        List<String> problems = new ArrayList<>();
        String type = requireText(frame, "request_type", problems);
        String requestId = requireText(frame, "request_id", problems);
        JsonNode data = frame.get("data");
        if (data == null || !data.isObject()) {
            problems.add(notAnObject("data", data));
        } else if (type != null) {
            switch (type) {
                case Frames.HELLO -> checkHello(data, problems);
                case Frames.CALL_SERVICE -> checkCallService(data, problems);
                case Frames.FIRE_EVENT -> checkFireEvent(data, problems);
                default -> problems.add("request_type '" + type + "' is not one this client sends"
                        + " (hello, call_service, fire_event)");
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidFrameException(problems);
        }
        String text = Json.write(frame);
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_FRAME_BYTES) {
            throw new InvalidFrameException(List.of("frame is " + bytes + " bytes; AppDaemon closes the"
                    + " connection for messages over " + MAX_FRAME_BYTES + " bytes"));
        }
        return new ValidFrame(type, requestId, text);
    }

    private static void checkHello(JsonNode data, List<String> problems) {
        requireText(data, "client_name", problems, "data.client_name");
        JsonNode password = data.get("password");
        if (password != null && !password.isTextual()) {
            problems.add("data.password is " + describe(password) + ", not a string");
        }
    }

    private void checkCallService(JsonNode data, List<String> problems) {
        checkNamespace(data, problems);
        String domain = requireText(data, "domain", problems, "data.domain");
        String service = requireText(data, "service", problems, "data.service");
        if (domain != null && !SERVICE_PART.matcher(domain).matches()) {
            problems.add("data.domain '" + domain + "' is not a service domain such as state");
        }
        if (service != null && !SERVICE_PART.matcher(service).matches()) {
            problems.add("data.service '" + service + "' is not a service name such as set;"
                    + " put the domain in data.domain");
        }
        JsonNode serviceData = data.get("data");
        if (serviceData == null || !serviceData.isObject()) {
            problems.add(notAnObject("data.data", serviceData));
            return;
        }
        if ("state".equals(domain) && "set".equals(service)) {
            String entityId = requireText(serviceData, "entity_id", problems, "data.data.entity_id");
            if (entityId != null && !ENTITY_ID.matcher(entityId).matches()) {
                problems.add("data.data.entity_id '" + entityId + "' is not a valid Home Assistant entity id"
                        + " (domain.object_id, lower case letters, digits and single '_')");
            }
            if (!serviceData.has("state")) {
                problems.add("data.data.state is missing");
            }
            JsonNode attributes = serviceData.get("attributes");
            if (attributes != null && !attributes.isObject()) {
                problems.add(notAnObject("data.data.attributes", attributes));
            }
        }
    }

    private void checkFireEvent(JsonNode data, List<String> problems) {
        checkNamespace(data, problems);
        String event = requireText(data, "event", problems, "data.event");
        if (event != null && !EVENT_NAME.matcher(event).matches()) {
            problems.add("data.event '" + event + "' is not an event name of lower case letters, digits and '_'");
        }
        JsonNode eventData = data.get("data");
        if (eventData != null && !eventData.isObject()) {
            problems.add(notAnObject("data.data", eventData));
        }
    }

    private void checkNamespace(JsonNode data, List<String> problems) {
        String actual = requireText(data, "namespace", problems, "data.namespace");
        if (actual != null && !actual.equals(namespace)) {
            problems.add("data.namespace '" + actual + "' is not the configured namespace '" + namespace + "'");
        }
    }

    private static String requireText(JsonNode node, String field, List<String> problems) {
        return requireText(node, field, problems, field);
    }

    private static String requireText(JsonNode node, String field, List<String> problems, String path) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            problems.add(path + " is missing");
            return null;
        }
        if (!value.isTextual()) {
            problems.add(path + " is " + describe(value) + ", not a string");
            return null;
        }
        if (value.textValue().isBlank()) {
            problems.add(path + " is empty");
            return null;
        }
        return value.textValue();
    }

    private static String notAnObject(String path, JsonNode node) {
        return node == null ? path + " is missing" : path + " is " + describe(node) + ", not an object";
    }

    private static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            case NULL -> "null";
            default -> "a " + node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }
}
