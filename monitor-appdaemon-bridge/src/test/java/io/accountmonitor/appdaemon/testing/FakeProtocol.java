package io.accountmonitor.appdaemon.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * AppDaemon 4.5.11's stream request handling, as observed on a real server: the reply envelope,
 * authentication, namespaces with entity state, events, subscriptions with first-match pushes, and
 * the edges that close the connection. Not thread-safe: {@link FakeAppDaemon} calls it under its lock.
 */
final class FakeProtocol {
    private static final Logger LOG = LoggerFactory.getLogger(FakeProtocol.class);

    static final String VERSION = "4.5.11";
    /** Prefix of the errors AppDaemon's handlers raise on purpose; the socket stays open. */
    static final String HANDLER_ERROR = "Error handling HTTP request: ";
    /** Prefix of the reply to any other exception in a handler; AppDaemon then closes the socket. */
    static final String UNKNOWN_ERROR = "Unknown error occurred, check AppDaemon logs: ";
    /** The close code AppDaemon's aiohttp server uses when a handler raises. */
    static final int CLOSE_NORMAL = 1000;

    private static final Set<String> REQUEST_TYPES = Set.of("hello", "get_state", "listen_state",
            "cancel_listen_state", "listen_event", "cancel_listen_event", "fire_event", "call_service",
            "get_services", "get_logs", "list_dashes");
    /** Attributes of AppDaemon's RequestHandler that are not methods; requesting one fails as uncallable. */
    private static final Set<String> UNCALLABLE = Set.of("authed", "client_name", "subscriptions", "handle",
            "adstream", "logger", "access", "stream", "AD");
    private static final DateTimeFormatter LAST_CHANGED = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx")
            .withZone(ZoneOffset.UTC);

    /** An error a handler raises on purpose: one error reply, the socket stays open. */
    private static final class RequestError extends Exception {
        private static final long serialVersionUID = 1L;

        RequestError(String message) {
            super(message, null, false, false);
        }
    }

    /** Any other exception in a handler: one error reply, then the socket is closed. */
    private static final class HandlerCrash extends Exception {
        private static final long serialVersionUID = 1L;

        HandlerCrash(String message) {
            super(message, null, false, false);
        }
    }

    private final Clock clock;
    private final Map<String, Map<String, StoredEntity>> namespaces = new LinkedHashMap<>();
    private final Set<String> persistentNamespaces = new LinkedHashSet<>();
    private final List<FiredEvent> firedEvents = new ArrayList<>();
    private String password;

    FakeProtocol(Clock clock) {
        this.clock = clock;
        for (String builtIn : List.of("default", "admin", "rules")) {
            namespaces.put(builtIn, new LinkedHashMap<>());
        }
    }

    void password(String value) {
        this.password = value;
    }

    void addNamespace(String name, boolean writeback) {
        namespaces.putIfAbsent(name, new LinkedHashMap<>());
        if (writeback) {
            persistentNamespaces.add(name);
        }
    }

    Set<String> namespaceNames() {
        return Set.copyOf(namespaces.keySet());
    }

    /** Removes the entities of namespaces without writeback, as an AppDaemon restart does. */
    void restart() {
        for (Map.Entry<String, Map<String, StoredEntity>> namespace : namespaces.entrySet()) {
            if (!persistentNamespaces.contains(namespace.getKey())) {
                namespace.getValue().clear();
            }
        }
    }

    void clearEntities(String namespace) {
        Map<String, StoredEntity> entities = namespaces.get(namespace);
        if (entities != null) {
            entities.clear();
        }
    }

    Map<String, StoredEntity> entities(String namespace) {
        Map<String, StoredEntity> entities = namespaces.get(namespace);
        return entities == null ? Map.of() : Map.copyOf(entities);
    }

    List<FiredEvent> firedEvents() {
        return List.copyOf(firedEvents);
    }

    void clearFiredEvents() {
        firedEvents.clear();
    }

    /** Handles one text frame from {@code from}; {@code all} are the open connections, for pushes. */
    void handle(FakeConnection from, String text, Collection<FakeConnection> all) {
        JsonNode message = FakeJson.parseOrNull(text);
        if (message == null) {
            LOG.info("Fake AppDaemon: Unexpected error in JSON conversion on connection {}; no reply", from.number());
            return;
        }
        JsonNode type = message.isObject() ? message.get("request_type") : null;
        if (type == null || !type.isTextual() || type.textValue().isEmpty()) {
            // AppDaemon's error path itself indexes request_type and raises, which ends the connection.
            LOG.info("Fake AppDaemon: frame without a usable request_type on connection {}; closing it", from.number());
            from.close(CLOSE_NORMAL);
            return;
        }
        ObjectNode request = ((ObjectNode) message).deepCopy();
        String requestType = type.textValue();
        if (requestType.startsWith("_")) {
            from.send(errorReply(request, "forbidden request"));
            return;
        }
        if (UNCALLABLE.contains(requestType)) {
            from.send(errorReply(request, "uncallable request"));
            return;
        }
        if (!REQUEST_TYPES.contains(requestType)) {
            from.send(errorReply(request, "unavailable request"));
            return;
        }
        try {
            JsonNode result = dispatch(from, requestType, request, all);
            if (result != null || request.has("request_id")) {
                from.send(successReply(request, result));
            }
        } catch (RequestError e) {
            from.send(errorReply(request, HANDLER_ERROR + e.getMessage()));
        } catch (HandlerCrash e) {
            from.send(errorReply(request, UNKNOWN_ERROR + e.getMessage()));
            from.close(CLOSE_NORMAL);
        }
    }

    /** Fires the admin event AppDaemon fires when a connection ends. */
    void connectionEnded(FakeConnection connection, Collection<FakeConnection> all) {
        ObjectNode data = FakeJson.object();
        data.put("client_name", connection.clientName);
        dispatchEvent("admin", "stream_disconnected", data, all);
    }

    private JsonNode dispatch(FakeConnection from, String type, ObjectNode request, Collection<FakeConnection> all)
            throws RequestError, HandlerCrash {
        JsonNode rawData = request.has("data") ? request.get("data") : FakeJson.object();
        if (!rawData.isObject()) {
            throw new HandlerCrash("'" + pythonType(rawData) + "' object has no attribute 'get'");
        }
        ObjectNode data = (ObjectNode) rawData;
        if (!type.equals("hello") && password != null && !from.authenticated) {
            throw new RequestError("unauthorized");
        }
        return switch (type) {
            case "hello" -> hello(from, data, all);
            case "get_state" -> getState(data);
            case "listen_state" -> listen(from.stateSubscriptions, data, "entity_id", request);
            case "cancel_listen_state" -> cancel(from.stateSubscriptions, data);
            case "listen_event" -> listen(from.eventSubscriptions, data, "event", request);
            case "cancel_listen_event" -> cancel(from.eventSubscriptions, data);
            case "fire_event" -> fireEvent(from, data, all);
            case "call_service" -> callService(from, data, request, all);
            case "get_services" -> services();
            case "get_logs" -> FakeJson.MAPPER.createArrayNode();
            default -> null;
        };
    }

    private JsonNode hello(FakeConnection from, ObjectNode data, Collection<FakeConnection> all) throws RequestError {
        if (!data.has("client_name")) {
            throw new RequestError("client_name required");
        }
        from.clientName = data.get("client_name").asText();
        if (password == null) {
            from.authenticated = true;
        }
        if (!from.authenticated && data.path("password").isTextual() && data.get("password").textValue().equals(password)) {
            from.authenticated = true;
        }
        if (!from.authenticated) {
            throw new RequestError("authorization failed");
        }
        ObjectNode event = FakeJson.object();
        event.put("client_name", from.clientName);
        dispatchEvent("admin", "stream_connected", event, all);
        ObjectNode result = FakeJson.object();
        result.put("version", VERSION);
        return result;
    }

    private JsonNode getState(ObjectNode data) throws RequestError {
        String namespace = data.hasNonNull("namespace") ? data.get("namespace").asText() : null;
        String entityId = data.hasNonNull("entity_id") ? data.get("entity_id").asText() : null;
        if (entityId != null && namespace == null) {
            throw new RequestError("entity_id cannot be set without namespace");
        }
        if (namespace == null) {
            ObjectNode all = FakeJson.object();
            namespaces.forEach((name, entities) -> all.set(name, statesOf(entities)));
            return all;
        }
        Map<String, StoredEntity> entities = namespaces.get(namespace);
        if (entities == null) {
            return null;
        }
        if (entityId == null) {
            return statesOf(entities);
        }
        StoredEntity entity = entities.get(entityId);
        return entity == null ? null : entity.toJson();
    }

    private static JsonNode listen(Map<String, FakeConnection.Subscription> subscriptions, ObjectNode data,
            String patternKey, ObjectNode request) throws RequestError {
        if (!data.has("namespace")) {
            throw new RequestError("invalid namespace");
        }
        if (!data.has(patternKey)) {
            throw new RequestError("invalid " + patternKey);
        }
        String handle = data.hasNonNull("handle") ? data.get("handle").asText() : UUID.randomUUID().toString().replace("-", "");
        if (subscriptions.containsKey(handle)) {
            throw new RequestError("handle already exists");
        }
        JsonNode requestId = request.has("request_id") ? request.get("request_id").deepCopy() : NullNode.getInstance();
        subscriptions.put(handle, new FakeConnection.Subscription(data.get("namespace").asText(),
                data.get(patternKey).asText(), requestId));
        return TextNode.valueOf(handle);
    }

    private static JsonNode cancel(Map<String, FakeConnection.Subscription> subscriptions, ObjectNode data)
            throws RequestError {
        if (!data.has("handle") || subscriptions.remove(data.get("handle").asText()) == null) {
            throw new RequestError("invalid handle");
        }
        return com.fasterxml.jackson.databind.node.BooleanNode.TRUE;
    }

    private JsonNode fireEvent(FakeConnection from, ObjectNode data, Collection<FakeConnection> all)
            throws RequestError, HandlerCrash {
        if (!data.has("namespace")) {
            throw new RequestError("invalid namespace");
        }
        if (!data.has("event")) {
            throw new RequestError("invalid event");
        }
        JsonNode eventData = data.has("data") ? data.get("data") : FakeJson.object();
        if (!eventData.isObject()) {
            throw new HandlerCrash("argument after ** must be a mapping, not " + pythonType(eventData));
        }
        // NOTE: AppDaemon processes an event of a namespace without a plugin locally. Whether an
        // unknown namespace raises was not observed, so the fake accepts any namespace here.
        fire(from, data.get("namespace").asText(), data.get("event").asText(), (ObjectNode) eventData, all);
        return null;
    }

    private JsonNode callService(FakeConnection from, ObjectNode data, ObjectNode request,
            Collection<FakeConnection> all) throws RequestError, HandlerCrash {
        if (!data.has("namespace")) {
            throw new RequestError("invalid namespace");
        }
        if (!data.has("service")) {
            throw new RequestError("invalid service");
        }
        String service = data.get("service").asText();
        String domain;
        if (data.has("domain")) {
            domain = data.get("domain").asText();
        } else {
            String[] parts = service.split("/", -1);
            if (parts.length < 2) {
                throw new HandlerCrash("not enough values to unpack (expected 2, got 1)");
            }
            if (parts.length > 2) {
                throw new HandlerCrash("too many values to unpack (expected 2)");
            }
            if (parts[0].isEmpty() || parts[1].isEmpty()) {
                throw new RequestError("invalid domain");
            }
            domain = parts[0];
            service = parts[1];
        }
        String namespace = data.get("namespace").asText();
        if (!namespaces.containsKey(namespace)) {
            throw new HandlerCrash("Unknown namespace '" + namespace + "'");
        }
        JsonNode serviceData = data.has("data") ? data.get("data") : FakeJson.object();
        if (!serviceData.isObject()) {
            throw new HandlerCrash("argument after ** must be a mapping, not " + pythonType(serviceData));
        }
        // NOTE: the texts of the two errors below follow AppDaemon's services module in spirit; they
        // were not compared with a real 4.5.11 reply.
        boolean stateServices = !namespace.equals("admin");
        if (domain.equals("state") && stateServices) {
            return switch (service) {
                case "set" -> stateSet(namespace, (ObjectNode) serviceData, request, all);
                case "add_entity" -> addEntity(namespace, (ObjectNode) serviceData, all);
                case "remove_entity" -> removeEntity(namespace, (ObjectNode) serviceData, all);
                default -> throw new HandlerCrash("Unknown service (" + namespace + "/" + domain + "/" + service + ")");
            };
        }
        if (domain.equals("event") && service.equals("fire")) {
            ObjectNode fields = ((ObjectNode) serviceData).deepCopy();
            JsonNode event = fields.remove("event");
            if (event == null) {
                throw new HandlerCrash("fire() missing 1 required positional argument: 'event'");
            }
            fire(from, namespace, event.asText(), fields, all);
            return null;
        }
        if (!domain.equals("state") && !domain.equals("event")) {
            throw new HandlerCrash("Unknown domain (" + namespace + "/" + domain + ")");
        }
        throw new HandlerCrash("Unknown service (" + namespace + "/" + domain + "/" + service + ")");
    }

    private JsonNode stateSet(String namespace, ObjectNode serviceData, ObjectNode request,
            Collection<FakeConnection> all) {
        JsonNode idNode = serviceData.get("entity_id");
        if (idNode == null) {
            LOG.warn("Fake AppDaemon: state/set without entity_id in namespace {}; ignored", namespace);
            return null;
        }
        String entityId = idNode.asText();
        // AppDaemon pops entity_id from the service data, which the reply's request echo shows.
        JsonNode echoed = request.path("data").path("data");
        if (echoed.isObject()) {
            ((ObjectNode) echoed).remove("entity_id");
        }
        Map<String, StoredEntity> entities = namespaces.get(namespace);
        StoredEntity old = entities.get(entityId);
        JsonNode state = serviceData.has("state") ? serviceData.get("state").deepCopy()
                : old == null ? NullNode.getInstance() : old.state();
        boolean replace = serviceData.path("replace").asBoolean(false);
        ObjectNode attributes = replace || old == null ? FakeJson.object() : old.attributes().deepCopy();
        if (serviceData.path("attributes").isObject()) {
            attributes.setAll((ObjectNode) serviceData.get("attributes").deepCopy());
        }
        Iterator<Map.Entry<String, JsonNode>> fields = serviceData.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!Set.of("entity_id", "state", "attributes", "replace").contains(field.getKey())) {
                attributes.set(field.getKey(), field.getValue().deepCopy());
            }
        }
        StoredEntity updated = new StoredEntity(entityId, state, attributes, now());
        entities.put(entityId, updated);
        if (old == null) {
            LOG.debug("Fake AppDaemon: Entity {} created in namespace: {}", entityId, namespace);
        }
        ObjectNode oldJson = old == null ? emptyState() : old.toJson();
        ObjectNode newJson = updated.toJson();
        if (!newJson.equals(oldJson)) {
            dispatchStateChanged(namespace, entityId, oldJson, newJson, all);
        }
        // NOTE: taken to be the new state object, as State.set_state returns it; not compared with 4.5.11.
        return newJson;
    }

    private JsonNode addEntity(String namespace, ObjectNode serviceData, Collection<FakeConnection> all)
            throws HandlerCrash {
        if (!serviceData.has("entity_id")) {
            throw new HandlerCrash("add_entity() missing 1 required positional argument: 'entity_id'");
        }
        String entityId = serviceData.get("entity_id").asText();
        JsonNode state = serviceData.has("state") ? serviceData.get("state").deepCopy() : NullNode.getInstance();
        ObjectNode attributes = serviceData.path("attributes").isObject()
                ? ((ObjectNode) serviceData.get("attributes")).deepCopy() : FakeJson.object();
        namespaces.get(namespace).put(entityId, new StoredEntity(entityId, state, attributes, now()));
        ObjectNode event = FakeJson.object();
        event.put("entity_id", entityId);
        dispatchEvent(namespace, "__AD_ENTITY_ADDED", event, all);
        return null;
    }

    private JsonNode removeEntity(String namespace, ObjectNode serviceData, Collection<FakeConnection> all) {
        String entityId = serviceData.path("entity_id").asText();
        if (namespaces.get(namespace).remove(entityId) != null) {
            ObjectNode event = FakeJson.object();
            event.put("entity_id", entityId);
            dispatchEvent(namespace, "__AD_ENTITY_REMOVED", event, all);
        }
        return null;
    }

    private JsonNode services() {
        ArrayNode list = FakeJson.MAPPER.createArrayNode();
        for (String namespace : namespaces.keySet()) {
            if (!namespace.equals("admin")) {
                for (String service : List.of("add_namespace", "add_entity", "set", "remove_namespace", "remove_entity")) {
                    ObjectNode item = list.addObject();
                    item.put("namespace", namespace);
                    item.put("domain", "state");
                    item.put("service", service);
                }
            }
            ObjectNode fire = list.addObject();
            fire.put("namespace", namespace);
            fire.put("domain", "event");
            fire.put("service", "fire");
        }
        return list;
    }

    private void fire(FakeConnection from, String namespace, String event, ObjectNode data, Collection<FakeConnection> all) {
        firedEvents.add(new FiredEvent(from.number(), namespace, event, data.deepCopy()));
        dispatchEvent(namespace, event, data, all);
    }

    private static void dispatchEvent(String namespace, String event, ObjectNode data, Collection<FakeConnection> all) {
        for (FakeConnection connection : all) {
            if (!connection.authenticated) {
                continue;
            }
            for (FakeConnection.Subscription subscription : connection.eventSubscriptions.values()) {
                if (matches(subscription.namespace(), namespace) && matches(subscription.pattern(), event)) {
                    ObjectNode push = FakeJson.object();
                    ObjectNode pushData = push.putObject("data");
                    pushData.put("event_type", event);
                    pushData.set("data", data.deepCopy());
                    pushData.put("namespace", namespace);
                    push.set("response_id", subscription.requestId());
                    push.put("response_type", "event");
                    connection.send(push);
                    // AppDaemon pushes only to the first matching subscription of a connection.
                    break;
                }
            }
        }
    }

    private static void dispatchStateChanged(String namespace, String entityId, ObjectNode oldState,
            ObjectNode newState, Collection<FakeConnection> all) {
        for (FakeConnection connection : all) {
            if (!connection.authenticated) {
                continue;
            }
            for (FakeConnection.Subscription subscription : connection.stateSubscriptions.values()) {
                if (matches(subscription.namespace(), namespace) && matches(subscription.pattern(), entityId)) {
                    ObjectNode push = FakeJson.object();
                    ObjectNode pushData = push.putObject("data");
                    pushData.put("event_type", "state_changed");
                    ObjectNode change = pushData.putObject("data");
                    change.put("entity_id", entityId);
                    change.set("new_state", newState);
                    change.set("old_state", oldState);
                    pushData.put("namespace", namespace);
                    push.set("response_id", subscription.requestId());
                    push.put("response_type", "state_changed");
                    connection.send(push);
                    break;
                }
            }
        }
    }

    /** Matches AppDaemon's subscription patterns: exact, or a prefix ending in {@code *}. */
    private static boolean matches(String pattern, String value) {
        return pattern.endsWith("*") ? value.startsWith(pattern.substring(0, pattern.length() - 1)) : value.equals(pattern);
    }

    private static ObjectNode statesOf(Map<String, StoredEntity> entities) {
        ObjectNode result = FakeJson.object();
        entities.forEach((id, entity) -> result.set(id, entity.toJson()));
        return result;
    }

    private static ObjectNode emptyState() {
        ObjectNode state = FakeJson.object();
        state.putNull("state");
        state.putObject("attributes");
        return state;
    }

    private static ObjectNode successReply(ObjectNode request, JsonNode result) {
        ObjectNode reply = FakeJson.object();
        reply.put("response_type", request.get("request_type").asText());
        if (request.has("request_id")) {
            reply.set("response_id", request.get("request_id"));
        }
        reply.put("response_success", true);
        reply.set("data", result == null ? FakeJson.object() : result);
        reply.set("request", request);
        return reply;
    }

    private static ObjectNode errorReply(ObjectNode request, String error) {
        ObjectNode reply = FakeJson.object();
        reply.put("response_type", request.get("request_type").asText());
        if (request.has("request_id")) {
            reply.set("response_id", request.get("request_id"));
        }
        reply.put("response_success", false);
        reply.put("response_error", error);
        reply.set("request", request);
        return reply;
    }

    private String now() {
        return LAST_CHANGED.format(Instant.now(clock).truncatedTo(ChronoUnit.SECONDS));
    }

    private static String pythonType(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "list";
            case STRING -> "str";
            case NUMBER -> node.isIntegralNumber() ? "int" : "float";
            case BOOLEAN -> "bool";
            case NULL -> "NoneType";
            default -> "dict";
        };
    }
}
