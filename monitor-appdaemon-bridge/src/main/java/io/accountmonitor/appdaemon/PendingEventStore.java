package io.accountmonitor.appdaemon;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.accountmonitor.core.spi.KeyValueStore;
import io.accountmonitor.core.spi.StoreException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the events AppDaemon has not acknowledged across a restart, in the sink's key-value store
 * under {@value #KEY}: saved when the sink closes, loaded when it starts. The value stays until the
 * next close overwrites it, so a crash after a start delivers those events again rather than losing
 * them; consumers de-duplicate by {@code deal_id}. Calls block on disk I/O: use them from start-up
 * and lifecycle threads only.
 */
final class PendingEventStore {
    private static final Logger LOG = LoggerFactory.getLogger(PendingEventStore.class);

    static final String KEY = "pending-events";
    private static final int FORMAT_VERSION = 1;

    private final KeyValueStore store;
    private final String sinkName;

    PendingEventStore(KeyValueStore store, String sinkName) {
        this.store = store;
        this.sinkName = sinkName;
    }

    /** Returns the saved events, oldest first; an unreadable value is logged, removed and ignored. */
    List<OutgoingEvent> load() {
        String text;
        try {
            text = store.get(KEY).orElse(null);
        } catch (StoreException e) {
            LOG.error("Cannot read the undelivered AppDaemon events of sink '{}'; starting without them", sinkName, e);
            return List.of();
        }
        if (text == null) {
            return List.of();
        }
        try {
            List<OutgoingEvent> events = decode(text);
            LOG.info("Restored {} AppDaemon events of sink '{}' that were not delivered before the last stop",
                    events.size(), sinkName);
            return events;
        } catch (JsonProcessingException | IllegalArgumentException e) {
            LOG.error("The undelivered AppDaemon events of sink '{}' in store key {} are unreadable ({});"
                    + " removing them", sinkName, KEY, e.getMessage());
            removeQuietly();
            return List.of();
        }
    }

    /** Saves {@code events}, replacing what was saved; removes the key when there are none. */
    void save(List<OutgoingEvent> events) {
        try {
            if (events.isEmpty()) {
                store.remove(KEY);
                return;
            }
            store.put(KEY, encode(events));
            LOG.info("Saved {} undelivered AppDaemon events of sink '{}' for the next start", events.size(), sinkName);
        } catch (StoreException e) {
            LOG.error("Cannot save {} undelivered AppDaemon events of sink '{}'; they are lost", events.size(),
                    sinkName, e);
        }
    }

    static String encode(List<OutgoingEvent> events) {
        ObjectNode root = Json.object();
        root.put("version", FORMAT_VERSION);
        ArrayNode list = root.putArray("events");
        for (OutgoingEvent event : events) {
            ObjectNode item = list.addObject();
            item.put("event", event.name());
            item.set("data", event.data());
        }
        return Json.write(root);
    }

    static List<OutgoingEvent> decode(String text) throws JsonProcessingException {
        JsonNode root = Json.read(text);
        if (root == null || root.path("version").asInt() != FORMAT_VERSION || !root.path("events").isArray()) {
            throw new IllegalArgumentException("invalid format, expected {\"version\": " + FORMAT_VERSION
                    + ", \"events\": [...]}");
        }
        List<OutgoingEvent> events = new ArrayList<>();
        for (JsonNode item : root.get("events")) {
            JsonNode name = item.get("event");
            JsonNode data = item.get("data");
            if (name == null || !name.isTextual() || data == null || !data.isObject()) {
                throw new IllegalArgumentException("an event lacks a string 'event' or an object 'data'");
            }
            events.add(new OutgoingEvent(name.textValue(), (ObjectNode) data));
        }
        return events;
    }

    private void removeQuietly() {
        try {
            store.remove(KEY);
        } catch (StoreException e) {
            LOG.error("Cannot remove store key {} of AppDaemon sink '{}'", KEY, sinkName, e);
        }
    }
}
